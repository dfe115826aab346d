"""Invariants of the matrix, and its agreement with the naming the public docs state."""
import json
import os

import pytest

from azext_connection.matrix import SOURCES, TARGETS, AuthType, targets_of
from azext_connection.matrix.support import supported

FACTS = os.path.join(os.path.dirname(__file__), '..', 'data', 'matrix_reference.json')
# The facts' auth tokens (the core CLI's) for each of ours; `secret(auto)` is a key read for the user.
FACT_AUTH = {AuthType.SECRET: ('secret(auto)', 'secret'), AuthType.SYSTEM_IDENTITY: ('system-managed-identity',),
             AuthType.USER_IDENTITY: ('user-managed-identity',), AuthType.SERVICE_PRINCIPAL: ('service-principal',),
             AuthType.NONE: ('null',)}
GUID_LEN = 36


@pytest.mark.parametrize('target', TARGETS.values(), ids=lambda t: t.name)
def test_target_record_is_complete(target):
    assert target.default_auth in target.auth_types
    if target.arm:
        assert target.id_template.startswith('/subscriptions/{subscription}/resourceGroups/{target_resource_group}/')
    else:   # outside ARM its id is its address (or the core CLI's label for it): never the user's subscription
        assert '{subscription}' not in target.id_template
    for arg in target.args:
        assert '{' + arg.dest + '}' in target.id_template
    for auth in target.auth_types:
        assert target.clients_for(auth), f'{target.name} {auth}: no client type has a naming'
    if any(a.uses_identity for a in target.auth_types):
        # Fabric grants in Fabric, by hand: the record says so instead (External.manual, shown in plans).
        assert target.roles or target.database_user or target.external.manual, f'{target.name} supports identities but grants no role'
    for value, source in (target.external.given if target.external else ()):
        assert source in {a.dest for a in target.args} | {k for k, _ in target.external.props}, (value, source)
    for name in target.companions:
        assert TARGETS[name].part_of == target.name and TARGETS[name].name_suffix
    for role in target.roles:
        # A data-plane grant may name its role otherwise (a Redis access policy's lower-cased name).
        assert len(role.definition_id) == GUID_LEN or role.data_plane


@pytest.mark.parametrize('target', TARGETS.values(), ids=lambda t: t.name)
def test_setting_names_are_unique_per_naming(target):
    for naming in target.naming:
        names = [s.name for s in naming.settings]
        assert len(names) == len(set(names)), (target.name, naming.auth)


def test_every_source_target_exists_and_option_strings_do_not_clash():
    for source in SOURCES.values():
        for target in targets_of(source):
            options = [o for a in source.locators + target.args for o in a.options]
            assert len(options) == len(set(options)), (source.name, target.name)


def _facts():
    with open(FACTS, encoding='utf-8') as f:
        return json.load(f)


FACTS_DATA = _facts()
# Exceptions we decided: (target, client) -> the client whose names it takes.
NAMED_LIKE = {
    # The storage-blob article has a Go tab (the same AZURE_STORAGEBLOB_* names as every SDK client);
    # the core CLI's client list for storage-blob lacks go. We offer it, as the docs do.
    ('storage-blob', 'go'): 'python',
}
# Exceptions we decided: (target, client, auth) -> names the docs list that we do not write, and why.
LEFT_OUT = {
    # Its value would be a storage account's connection string (an Event Hubs processor's checkpoint
    # store): a connection to a namespace has no storage account to name. Writing a wrong value is worse.
    ('eventhub', 'springBoot', 'secret'): {'spring.cloud.azure.storage.connection-string'},
}
# Targets whose names the facts leave open, and where they are checked against the docs instead.
CHECKED_ELSEWHERE = {
    # The names depend on the account's kind (OpenAI, AIServices, multi-service), known only once it is
    # read; the facts list no keys. Every kind's names are checked against its docs page there.
    'cognitiveservices': 'tests/unit/test_ai_naming.py',
    # No docs page: the name comes from a recording of the real service (see its record), checked there.
    'containerapp': 'tests/unit/test_external_values.py',
}
# A companion's names are part of its main target's facts (Confluent Cloud's page lists the bootstrap
# server's and the schema registry's names together): checked with it, as the union of both connections'.
DOC_CASES = [(t, a, c) for t in TARGETS.values() if t.name not in CHECKED_ELSEWHERE and not t.part_of
             for a in t.auth_types for c in t.clients_for(a)]


def _names(target, auth, client):
    naming = target.naming_for(auth, client)
    return [s.name if naming.literal else f'{target.prefix}_{s.name}' for s in naming.settings]


@pytest.mark.parametrize('target,auth,client', DOC_CASES,
                         ids=[f'{t.name}-{a.flag[2:]}-{c.value}' for t, a, c in DOC_CASES])
def test_names_match_the_docs(target, auth, client):
    """Our first-connection names equal the docs' names for every (target, auth, client) we offer."""
    keys = FACTS_DATA['targets'][target.name]['keys']
    client_value = NAMED_LIKE.get((target.name, client.value), client.value)
    assert client_value in keys, f'the docs list no {client.value} client for {target.name}'
    by_auth = keys[client_value]
    doc_auth = next(a for a in FACT_AUTH[auth] if a in by_auth)
    ours = [n for part in (target,) + tuple(TARGETS[c] for c in target.companions) for n in _names(part, auth, client)]
    left_out = LEFT_OUT.get((target.name, client.value, auth.value), set())
    assert sorted(ours) == sorted(set(by_auth[doc_auth]) - left_out)


SOURCE_CASES = [(s, t) for s in SOURCES.values() for t in targets_of(s)
                if s.name in FACTS_DATA['targets'][t.name]['auth_types_by_source']]


@pytest.mark.parametrize('source,target', SOURCE_CASES, ids=[f'{s.name}-{t.name}' for s, t in SOURCE_CASES])
def test_a_pair_offers_no_auth_the_core_cli_does_not(source, target):
    """Every auth type a (source, target) pair offers is one the core CLI offers for it (a source of
    ours the core CLI does not have, `container`, is checked by its own tests)."""
    core = set(FACTS_DATA['targets'][target.name]['auth_types_by_source'][source.name])
    for auth in supported(source, target).auth_types:
        assert core & set(FACT_AUTH[auth]), f'{source.name} -> {target.name}: {auth.flag} is not in the core CLI'


def test_a_target_record_that_contradicts_itself_is_refused():
    blob = TARGETS['storage-blob']
    with pytest.raises(ValueError, match='default auth'):
        blob._replace(auth_types=(AuthType.SECRET,), default_auth=AuthType.SYSTEM_IDENTITY).check()
    with pytest.raises(ValueError, match='naming for unsupported auth'):
        blob._replace(auth_types=(AuthType.SYSTEM_IDENTITY,)).check()
