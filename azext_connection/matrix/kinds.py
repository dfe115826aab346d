"""The vocabulary of the matrix: auth types, client types and the values a setting can carry.

Enum values are the tokens users type or read (CLI flags, `--client-type` values, the wire
`authType` of the LinkerResource), so nothing needs a translation table.
"""
from enum import Enum


class AuthType(Enum):
    """How the source authenticates to the target. Value: the wire `authType`. Everything else about
    an auth type (its flag, keys, help) is its AuthSpec in auths.py."""
    SECRET = 'secret'
    SYSTEM_IDENTITY = 'systemAssignedIdentity'
    USER_IDENTITY = 'userAssignedIdentity'
    SERVICE_PRINCIPAL = 'servicePrincipalSecret'
    # No auth at all (a container app reaching another one through its ingress): the core CLI's `null`,
    # which its LinkerResource shows as `authInfo: null`. It has no flag.
    NONE = 'null'

    @property
    def spec(self):
        from .auths import AUTHS
        return AUTHS[self]

    @property
    def flag(self):
        """The CLI flag that selects this auth type."""
        return self.spec.flag

    @property
    def label(self):
        """How messages and help name it: its flag, or what having none means."""
        return self.flag or 'no auth flag'

    @property
    def uses_identity(self):
        """True when the source's principal must be granted a role on the target."""
        return self in (AuthType.SYSTEM_IDENTITY, AuthType.USER_IDENTITY, AuthType.SERVICE_PRINCIPAL)


class ClientType(Enum):
    """The app's runtime stack or library; decides the names of the settings."""
    PYTHON = 'python'
    DOTNET = 'dotnet'
    DOTNET_INTERNAL = 'dotnet-internal'       # .NET apps Microsoft builds; the docs give it .NET's names
    JAVA = 'java'
    NODEJS = 'nodejs'
    GO = 'go'
    PHP = 'php'
    RUBY = 'ruby'
    DJANGO = 'django'
    SPRING_BOOT = 'springBoot'
    KAFKA_SPRING_BOOT = 'kafka-springBoot'    # Spring Boot through Event Hubs' Kafka endpoint
    NONE = 'none'


class OptOut(Enum):
    """A configuration step the user does themselves (`--opt-out`, the core CLI's choices): the plan skips
    it, and `validate` does not check it."""
    PUBLIC_NETWORK = 'publicnetwork'
    CONFIG_INFO = 'configinfo'
    AUTH = 'auth'

    @property
    def skipped(self):
        """What a plan with this opt-out does not do, as --dry-run says it."""
        return {'publicnetwork': "the target's firewall (IP rules, firewall rules, the Azure services rule)",
                'configinfo': 'the settings on the source',
                'auth': 'the identity on the source and the role assignments on the target'}[self.value]


class NetworkKind(Enum):
    """How a target's public network is opened for a source's outbound addresses."""
    NONE = 'none'            # nothing to open (no firewall, or not ours to touch)
    IP_RULES = 'ip-rules'    # the target's IP rules, in its own shape (storage, vaults, namespaces' rule sets)
    PUBLIC_ACCESS = 'public-access'   # no IP rules: public access is only checked, never changed
    FIREWALL_RULES = 'firewall-rules'   # a server's child firewallRules, one address range each (databases)


class Value(Enum):
    """What a setting's value is made of; target adapters and the auth supply each one."""
    ENDPOINT = 'endpoint'                    # the target's data-plane endpoint
    ACCOUNT_NAME = 'account name'
    ACCOUNT_KEY = 'account key'              # secret
    CONNECTION_STRING = 'connection string'  # secret
    CLIENT_ID = 'client id'
    CLIENT_SECRET = 'client secret'          # secret
    TENANT_ID = 'tenant id'
    SCOPE = 'token scope'
    TRUE = 'true'
    HOST = 'host name'                       # the data-plane host, no scheme (a namespace's FQDN)
    RESOURCE_NAME = 'resource name'          # the target's own name (Spring's `namespace`)
    KAFKA_BOOTSTRAP = 'kafka bootstrap server'   # host:9093
    DATABASE = 'database name'
    USERNAME = 'user name'                   # the database user (`--secret name=`)
    PASSWORD = 'password'                    # secret, given by the user (`--secret secret=`): never read back
    OPENAI_ENDPOINT = 'openai endpoint'      # a Cognitive Services account's https://<name>.openai.azure.com/
    SPEECH_ENDPOINT = 'speech endpoint'      # its Speech to Text (Standard) endpoint, https://<region>.stt.speech...
    RESOURCE_ID = 'resource id'              # ARM id of the resource roles apply to (a Cosmos DB account)
    REGION = 'region'                        # the target's (write) region as Azure names it: `West US`

    @property
    def is_secret(self):
        return self in (Value.ACCOUNT_KEY, Value.CONNECTION_STRING, Value.CLIENT_SECRET, Value.PASSWORD)
