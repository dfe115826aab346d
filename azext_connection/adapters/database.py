"""Target adapter for databases on a server: PostgreSQL and MySQL flexible servers, Azure SQL.

Wire details: the target id names the database (.../servers/{server}/databases/{database}); roles and
firewall apply to the server. The host is the server's `fullyQualifiedDomainName`; public access is the
server's `publicNetworkAccess` (a flexible server keeps it under `network`). A server admits only the
address ranges of its child `firewallRules` (start/end address, one rule per range; the 0.0.0.0 rule
Azure names AllowAllWindowsAzureIps admits Azure services). The secret is the user's login: nothing is
read from Azure for it."""
from dataclasses import dataclass

from ..arm import ResourceRef
from ..engine.documents import Snapshot, ip_rule_value
from ..matrix import Value
from .base import TargetState
from .network import NetworkView

AZURE_SERVICES = '0.0.0.0'
AZURE_SERVICES_RULE = 'AllowAllWindowsAzureIps'      # the name Azure's portal and CLI give that rule


@dataclass
class DatabaseState(TargetState):
    database: str = ''
    rules: tuple = ()          # the server's firewall rules as read with it


def _server_id(target_id):
    return target_id.rsplit('/databases/', 1)[0] if '/databases/' in target_id.lower() else target_id


def _database_of(target_id):
    index = target_id.lower().rfind('/databases/')
    return target_id[index + len('/databases/'):] if index >= 0 else ''


SERVER_FIELDS = ('startIpAddress', 'endIpAddress')      # a database server's rule properties


def _single_ip(rule, fields=SERVER_FIELDS):
    """The address a rule admits alone (start == end), or None for a range (left to its owner)."""
    props = rule.get('properties') or {}
    start = props.get(fields[0])
    return ip_rule_value(start) if start and start == props.get(fields[1]) else None


def _single_ips(rules, fields=SERVER_FIELDS):
    return tuple(ip for ip in (_single_ip(r, fields) for r in rules) if ip)


class DatabaseTarget:
    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def resource_id(target_id):
        return _server_id(target_id)

    @staticmethod
    def read(arm, target_id):
        """The server, the database (so a wrong --database fails before anything changes) and the
        server's firewall rules, read at once."""
        from concurrent.futures import ThreadPoolExecutor
        server_id = _server_id(target_id)
        with ThreadPoolExecutor(3) as pool:
            server = pool.submit(arm.get, server_id)
            database = pool.submit(arm.get, target_id)
            rules = pool.submit(arm.pages, server_id + '/firewallRules')
            state = DatabaseState(ResourceRef.parse(server_id), server.result(), database.result()['name'],
                                  tuple(rules.result()))
        return state

    @staticmethod
    def plain_values(state):
        host = state.properties.get('fullyQualifiedDomainName')
        return {Value.HOST: host, Value.DATABASE: state.database}

    def login_name(self, state, user):
        """The user as the server expects it in a login: a single server wants user@server."""
        if self.spec.service == 'single-server' and '@' not in user:
            return f'{user}@{state.ref.name}'
        return user

    @staticmethod
    def read_secrets(arm, target_id):  # pylint: disable=unused-argument
        return {}                      # the secret is the user's login, given with --secret

    @staticmethod
    def secret_values(state, raw):  # pylint: disable=unused-argument
        return {}

    @staticmethod
    def network(state):
        props = state.properties
        public = ((props.get('network') or {}).get('publicNetworkAccess') or props.get('publicNetworkAccess')
                  or 'Enabled')
        return NetworkView(public_disabled=public.lower() == 'disabled', restricted=True,
                           ips=_single_ips(state.rules))

    @staticmethod
    def network_document(ref):
        return FirewallRules(ref)


def rule_name(ip):
    return AZURE_SERVICES_RULE if ip == AZURE_SERVICES else 'azext-connection-' + ip.replace('.', '-')


class FirewallRules:
    """A server's single-address firewall rules as a shared document of addresses. A write adds a rule per
    new address (PUT) and deletes the single-address rules of removed ones; range rules are never touched.
    The rules have no ETag: they are read fresh right before, with the extension's target lock held.
    `fields` names a rule's start and end properties and `name` a new rule's name (a Redis cache's rules
    are startIP/endIP, named with letters, digits and underscores only)."""

    def __init__(self, ref, fields=SERVER_FIELDS, name=None):
        self.path = ref.id + '/firewallRules'
        self.label = f'firewall rules of {ref.name}'
        self.fields, self.name = fields, name or rule_name

    def read(self, arm):
        rules = tuple(arm.pages(self.path))
        return Snapshot(_single_ips(rules, self.fields), raw=rules)

    def write(self, arm, snapshot, value):
        """All or nothing: the rules are several resources, so a failure part-way takes back what this
        write added before it fails (a rule it deleted is written again)."""
        wanted = {ip_rule_value(ip) for ip in value}
        have = {}
        for rule in snapshot.raw:
            if _single_ip(rule, self.fields):
                have.setdefault(_single_ip(rule, self.fields), []).append(rule)
        added, deleted = [], []
        try:
            for ip in sorted(wanted - set(have)):
                rule_id = f'{self.path}/{self.name(ip)}'
                arm.put(rule_id, {'properties': {self.fields[0]: ip, self.fields[1]: ip}}, wait=True)
                added.append(rule_id)
            for ip in sorted(set(have) - wanted):
                for rule in have[ip]:
                    arm.delete(rule['id'], wait=True)
                    deleted.append(rule)
        except Exception:
            self._take_back(arm, added, deleted)
            raise

    @staticmethod
    def _take_back(arm, added, deleted):
        left = []
        for rule_id in reversed(added):
            try:
                arm.delete(rule_id, wait=True)
            except Exception:  # pylint: disable=broad-except
                left.append(f'delete firewall rule {rule_id}')
        for rule in deleted:
            try:
                arm.put(rule['id'], {'properties': rule.get('properties') or {}}, wait=True)
            except Exception:  # pylint: disable=broad-except
                left.append(f"create firewall rule {rule['id']} again with {rule.get('properties')}")
        if left:
            from knack.log import get_logger
            get_logger(__name__).warning('Could not take back part of a firewall change; by hand: %s', '; '.join(left))
