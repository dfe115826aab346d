"""azext_connection: Service Connector's `az <source> connection ...` commands, done client-side.

The loader runs for every `az webapp ...` command, so nothing here (nor in commands.py, _registration.py,
_params.py, _help.py) imports an Azure SDK: those load inside the functions that call Azure.
"""
from azure.cli.core import AzCommandsLoader


class ConnectionCommandsLoader(AzCommandsLoader):

    def __init__(self, cli_ctx=None):
        from azext_connection._registration import ConnectionCommandGroup
        super().__init__(cli_ctx=cli_ctx, command_group_cls=ConnectionCommandGroup)

    def load_command_table(self, args):
        from azext_connection._registration import help_needed
        from azext_connection.commands import load_command_table
        if help_needed(args):
            from azext_connection._help import load_for
            load_for(args)
        load_command_table(self, args)
        return self.command_table

    def load_arguments(self, command):
        from azext_connection._params import load_arguments
        load_arguments(self, command)


COMMAND_LOADER_CLS = ConnectionCommandsLoader
