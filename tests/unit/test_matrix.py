"""Invariants of the matrix, and its agreement with the naming the public docs state."""
import json
import os

import pytest

from azext_connection.matrix import SOURCES, TARGETS, AuthType, ClientType, targets_of

NAMING_DOC = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'reference', 'naming-from-docs.json')
DOC_AUTH = {'secret': AuthType.SECRET, 'system-identity': AuthType.SYSTEM_IDENTITY,
            'user-identity': AuthType.USER_IDENTITY, 'service-principal': AuthType.SERVICE_PRINCIPAL}
GUID_LEN = 36


@pytest.mark.parametrize('target', TARGETS.values(), ids=lambda t: t.name)
def test_target_record_is_complete(target):
    assert target.default_auth in target.auth_types
    assert target.id_template.startswith('/subscriptions/{subscription}/resourceGroups/{target_resource_group}/')
    for arg in target.args:
        assert '{' + arg.dest + '}' in target.id_template
    for auth in target.auth_types:
        assert target.clients_for(auth), f'{target.name} {auth}: no client type has a naming'
    if any(a.uses_identity for a in target.auth_types):
        assert target.roles, f'{target.name} supports identities but grants no role'
    for role in target.roles:
        assert len(role.definition_id) == GUID_LEN


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


def _doc_configs():
    if not os.path.exists(NAMING_DOC):
        pytest.skip('shared naming reference not present')
    with open(NAMING_DOC, encoding='utf-8') as f:
        return json.load(f)['targets']


DOC_CASES = [(t, a, c) for t in TARGETS.values() for a in t.auth_types for c in t.clients_for(a)]


@pytest.mark.parametrize('target,auth,client', DOC_CASES,
                         ids=[f'{t.name}-{a.flag[2:]}-{c.value}' for t, a, c in DOC_CASES])
def test_names_match_the_docs(target, auth, client):
    """Our first-connection names equal the docs' names for every (target, auth, client) we offer;
    `none`, which the docs omit for some targets, must use the generic SDK names."""
    docs = _doc_configs()[target.name]['configs']
    doc_auth = next(k for k, v in DOC_AUTH.items() if v is auth)
    by_client = docs.get(doc_auth)
    assert isinstance(by_client, dict), f'docs have no {doc_auth} section for {target.name}'
    doc_client = client.value if client.value in by_client else ('python' if client is ClientType.NONE else None)
    assert doc_client in by_client, f'docs list no {client.value} for {target.name} {doc_auth}'
    expected = [item['name'] for item in by_client[doc_client]]
    naming = target.naming_for(auth, client)
    ours = [s.name if naming.literal else f'{target.prefix}_{s.name}' for s in naming.settings]
    assert sorted(ours) == sorted(expected)


def test_a_target_record_that_contradicts_itself_is_refused():
    blob = TARGETS['storage-blob']
    with pytest.raises(ValueError, match='default auth'):
        blob._replace(auth_types=(AuthType.SECRET,), default_auth=AuthType.SYSTEM_IDENTITY).check()
    with pytest.raises(ValueError, match='naming for unsupported auth'):
        blob._replace(auth_types=(AuthType.SYSTEM_IDENTITY,)).check()
