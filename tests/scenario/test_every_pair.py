"""(source, target, auth) triples (see _triples), through the real az parser against the sandbox:
create -> list (json/table/tsv/--query) -> show -> list-configuration -> validate -> update -> delete,
asserting what the sandbox holds after each step. A target whose create also connects companions (Confluent
Cloud's schema registry) is checked for each of its connections."""
import pytest

from azext_connection.matrix import SOURCES, TARGETS, AuthType, ClientType, supported, targets_of
from tests.harness import SP_SECRET, auth_args, but_entra_admin, comparable, target_args
from tests.sources import KITS, record_texts



def _triples():
    """Every (target, auth) from a web app; from every other source every plan shape (target adapter x
    auth) once: with 29 targets the full cross product through az would take the suite past its time
    budget, and the planner reads nothing else of a pair (unit tests plan and name the full product)."""
    triples, shapes = [], set()
    for source in SOURCES.values():
        for target in targets_of(source):
            for auth in supported(source, target).auth_types:
                shape = (source.name, target.adapter, auth)
                if source.name == 'webapp' or shape not in shapes:
                    triples.append((source, target, auth))
                shapes.add(shape)
    return triples


TRIPLES = _triples()


def _clients(source, target, auth):
    """A client type to create with and a different one to update to (Spring Boot names differ most)."""
    clients = supported(source, target).clients_for(target, auth)
    first = ClientType.PYTHON if ClientType.PYTHON in clients else clients[0]
    second = next((c for c in (ClientType.SPRING_BOOT, ClientType.JAVA, ClientType.DOTNET) if c in clients
                   and c is not first), first)
    return first, second


def _ours(key, target, naming):
    """Whether a setting has one of the naming's names (the source may hold others: a container's PORT)."""
    return any(key == s.name if naming.literal else (key.startswith(target.prefix + '_') and key.endswith('_' + s.name))
               for s in naming.settings)


def _parts(target, name):
    """(connection name, target spec) of every connection a create makes: its own and its companions'."""
    return [(name, target)] + [(name + TARGETS[c].name_suffix, TARGETS[c]) for c in target.companions]


def _not_passed(checks, target):
    """Checks that did not pass, but for the warning of a grant that is made by hand (Fabric's): never checked."""
    manual = bool(target.external and target.external.manual)
    return [c for c in checks if c['result'] != 'success' and not (manual and c['result'] == 'warning'
                                                                    and c['name'] == 'access')]


@pytest.mark.parametrize('source,target,auth', TRIPLES,
                         ids=[f'{s.name}-{t.name}-{a.flag[2:]}' for s, t, a in TRIPLES])
def test_lifecycle(az, world, sandbox, source, target, auth):
    kit = KITS[source.name]
    world.everything()
    kit.seed(sandbox)
    before = comparable(sandbox.dump(), keep_identity=False)
    first, second = _clients(source, target, auth)
    base = list(kit.locator)
    group = [source.name, 'connection']
    parts = _parts(target, 'conn1')

    made = az(*group, 'create', target.name, *base, *target_args(target),
              *auth_args(auth, sandbox, target), '--client-type', first.value, '--connection', 'conn1').result
    made = made if isinstance(made, list) else [made]       # one linker per connection, as the core CLI
    assert [m['name'] for m in made] == [name for name, _ in parts]
    created = made[0]
    assert created['name'] == 'conn1' and created['provisioningState'] == 'Succeeded'
    assert (created['authInfo'] is None) == (auth is AuthType.NONE)       # the core CLI's `null` auth
    assert (created['authInfo'] or {'authType': AuthType.NONE.value})['authType'] == auth.value
    assert created['clientType'] == first.value
    assert created['id'] == kit.resource_id + '/providers/Microsoft.ServiceLinker/linkers/conn1'

    settings = kit.settings(sandbox)
    written = {name: [k for k in settings if _ours(k, part, part.naming_for(auth, first))] for name, part in parts}
    for name, part in parts:
        assert len(written[name]) == len(part.naming_for(auth, first).settings), settings
    granted = [g for g in target.roles if auth.uses_identity]
    assert len(world.role_assignments()) == len([g for g in granted if not g.data_plane])
    assert len(world.data_plane_assignments()) == len([g for g in granted if g.data_plane])
    records = record_texts(kit, sandbox)            # where this source keeps records, read directly
    assert sorted(records) == sorted(f'AZEXT_CONNECTION_{name}' for name, _ in parts)
    for name, _ in parts:
        assert records[f'AZEXT_CONNECTION_{name}']['state'] == 'Succeeded'
        assert sorted(records[f'AZEXT_CONNECTION_{name}']['settings']) == sorted(written[name])

    # list in every output format, and with --query as scripts use it
    listed = az(*group, 'list', *base).result
    assert [(c['name'], c['targetType'], c['clientType']) for c in listed] == [
        (name, target.name, first.value) for name, _ in parts]
    table = az(*group, 'list', *base, '-o', 'table').stdout
    assert 'conn1' in table and target.name in table
    tsv = az(*group, 'list', *base, '--query', '[].name', '-o', 'tsv').stdout
    assert tsv.split() == [name for name, _ in parts]
    assert az(*group, 'list', *base, '--query', "[?name=='conn1'].clientType", '-o', 'tsv').stdout.strip() == first.value

    shown = az(*group, 'show', '--id', created['id']).result
    assert shown['targetService'] == created['targetService']

    config = az(*group, 'list-configuration', *base, '--connection', 'conn1').stdout
    assert SP_SECRET not in config and 'AccountKey=' not in config
    for name, _ in parts:
        assert {c['name'] for c in az(*group, 'list-configuration', *base, '--connection', name).result[
            'configurations']} == set(written[name])
        assert _not_passed(az(*group, 'validate', *base, '--connection', name).result, target) == []

    if second is not first:
        # A secret of the user's own is never kept: its update is given it again.
        again = auth_args(auth, sandbox, target, companions=False) if target.user_secret else []
        updated = az(*group, 'update', target.name, '--id', created['id'], *again,
                     '--client-type', second.value).result
        assert updated['clientType'] == second.value
        after = kit.settings(sandbox)
        now_written = {k for k in after if _ours(k, target, target.naming_for(auth, second))}
        assert len(now_written) == len(target.naming_for(auth, second).settings), after
        assert [k for k in written['conn1'] if k in after and k not in now_written] == []   # nothing of the old left
        assert _not_passed(az(*group, 'validate', '--id', created['id']).result, target) == []

    for name, _ in parts:
        az(*group, 'delete', *base, '--connection', name, '--yes')
    assert az(*group, 'list', *base).result == []
    assert but_entra_admin(comparable(sandbox.dump(), keep_identity=False), target, auth) == \
        but_entra_admin(before, target, auth)
