"""Microsoft.DocumentDB (Cosmos DB): the pinned azure-mgmt-cosmosdb SDK, the real `az cosmosdb`, and each fact of
recorded_cosmosdb.RECORDED replayed against the sandbox."""
import copy
import json
import re

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.cosmosdb import CosmosDBManagementClient
from azure.mgmt.cosmosdb import models as m

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_cosmosdb import RECORDED

FAST = {"polling_interval": 0.01}
API = "2026-03-15"
READER = "00000000-0000-0000-0000-000000000001"
CONTRIBUTOR = "00000000-0000-0000-0000-000000000002"
PRINCIPAL = "ed4c2395-a18c-4018-afb3-6e521e7534d2"
GUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def cosmos(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "westus"})
    return CosmosDBManagementClient(sb.credential(), sb.subscription_id, base_url=sb.url,
                                    connection_verify=sb.ca_bundle, retry_total=0)


def _acct_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.DocumentDB/databaseAccounts/{name}"


def _raw(sb, method, path, body=None, api_version=API):
    return raw(sb, method, path, body, api_version)


def _params(kind="GlobalDocumentDB", capabilities=(), location="westus", **props):
    return m.DatabaseAccountCreateUpdateParameters(
        location=location, kind=kind, properties=m.DatabaseAccountCreateUpdateProperties(
            locations=[m.Location(location_name=location, failover_priority=0, is_zone_redundant=False)],
            database_account_offer_type="Standard", capabilities=[m.Capability(name=c) for c in capabilities], **props))


def _seed(sb, name, kind="GlobalDocumentDB", capabilities=(), rg="rg"):
    return sb.put_resource(_acct_id(sb, name, rg), {"location": "westus", "kind": kind, "properties": {
        "databaseAccountOfferType": "Standard", "capabilities": [{"name": c} for c in capabilities],
        "locations": [{"locationName": "westus", "failoverPriority": 0}]}})


def _private_keys(sb, name):
    return sb.store.get(_acct_id(sb, name))["private"]["keys"]


# ---------------------------------------------------------------------------------- accounts
def test_account_create_get_list_and_hidden_keys(cosmos, quick_lro):
    sb = quick_lro
    made = cosmos.database_accounts.begin_create_or_update("rg", "acct1", _params(), **FAST).result()
    assert made.provisioning_state == "Succeeded" and made.location == "West US" and made.kind == "GlobalDocumentDB"
    assert made.document_endpoint == "https://acct1.documents.azure.com:443/"
    assert [(loc.id, loc.location_name, loc.document_endpoint) for loc in made.locations] == [
        ("acct1-westus", "West US", "https://acct1-westus.documents.azure.com:443/")]
    assert made.identity.type == "None" and made.ip_rules == [] and made.is_virtual_network_filter_enabled is False
    assert made.public_network_access == "Enabled" and made.disable_local_auth is False

    raw = _raw(sb, "GET", _acct_id(sb, "acct1")).json()
    assert raw["properties"]["EnabledApiTypes"] == "Sql" and "gremlinEndpoint" not in raw["properties"]
    assert set(raw["properties"]["keysMetadata"]) == set(_private_keys(sb, "acct1"))
    for value in _private_keys(sb, "acct1").values():
        assert len(value) == 88 and value not in json.dumps(raw)
        assert value not in json.dumps(sb.get_resource(_acct_id(sb, "acct1")))

    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg2", {"location": "eastus"})
    _seed(sb, "acct2", rg="rg2")
    assert [a.name for a in cosmos.database_accounts.list_by_resource_group("rg")] == ["acct1"]
    assert sorted(a.name for a in cosmos.database_accounts.list()) == ["acct1", "acct2"]
    assert cosmos.database_accounts.get("rg", "ACCT1").name == "acct1"
    with pytest.raises(ResourceNotFoundError) as err:
        cosmos.database_accounts.get("rg", "ghost")
    assert err.value.error.code == "ResourceNotFound"
    monitors = [r["path"] for r in sb.requests if "/operationsStatus/" in r["path"] or "/operationResults/" in r["path"]]
    assert monitors and all(re.search(r"/providers/Microsoft\.DocumentDB/locations/westus/operationsStatus/" + GUID + "$", p)
                            for p in monitors), monitors


def test_create_lro_shape_and_replace(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "westus"})
    body = {"location": "westus", "kind": "GlobalDocumentDB", "properties": {
        "databaseAccountOfferType": "Standard", "locations": [{"locationName": "eastus2", "failoverPriority": 0}]}}
    resp = _raw(sb, "PUT", _acct_id(sb, "acct1"), body)
    assert resp.status_code == 200
    out = resp.json()
    assert out["properties"]["provisioningState"] == "Creating" and "documentEndpoint" not in out["properties"]
    assert out["location"] == "West US" and out["properties"]["locations"][0]["locationName"] == "East US 2"
    assert all("documentEndpoint" not in e and e["provisioningState"] == "Creating" for e in out["properties"]["locations"])
    monitor, location = resp.headers["Azure-AsyncOperation"], resp.headers["Location"]
    op = re.match(re.escape(sb.url) + r"/subscriptions/[^/]+/providers/Microsoft\.DocumentDB/locations/westus/"
                  r"operationsStatus/(" + GUID + r")\?api-version=" + API + "$", monitor)
    assert op, monitor
    assert location == f"{sb.url}{_acct_id(sb, 'acct1')}/operationResults/{op.group(1)}?api-version={API}"
    assert _raw(sb, "GET", monitor).json() == {"status": "Dequeued"}
    assert _raw(sb, "GET", monitor).json() == {"status": "Succeeded"}
    got = _raw(sb, "GET", _acct_id(sb, "acct1")).json()
    assert got["properties"]["documentEndpoint"] == "https://acct1.documents.azure.com:443/"
    assert got["properties"]["writeLocations"][0]["documentEndpoint"] == "https://acct1-eastus2.documents.azure.com:443/"

    again = _raw(sb, "PUT", _acct_id(sb, "acct1"), body)
    assert again.status_code == 200 and again.json()["properties"]["provisioningState"] == "Updating"
    assert again.json()["properties"]["documentEndpoint"] and again.json()["properties"]["instanceId"] == \
        got["properties"]["instanceId"]


# ---------------------------------------------------------------------------------- keys
def test_keys_regenerate_and_connection_strings_per_api(cosmos, quick_lro):
    sb = quick_lro
    _seed(sb, "sqlacct")
    _seed(sb, "mongoacct", kind="MongoDB")
    _seed(sb, "cassacct", capabilities=["EnableCassandra"])
    _seed(sb, "gremacct", capabilities=["EnableGremlin"])
    _seed(sb, "tableacct", capabilities=["EnableTable", "EnableServerless"])

    keys = cosmos.database_accounts.list_keys("rg", "sqlacct")
    stored = _private_keys(sb, "sqlacct")
    assert (keys.primary_master_key, keys.secondary_master_key, keys.primary_readonly_master_key,
            keys.secondary_readonly_master_key) == tuple(stored[k] for k in (
                "primaryMasterKey", "secondaryMasterKey", "primaryReadonlyMasterKey", "secondaryReadonlyMasterKey"))
    ro = cosmos.database_accounts.list_read_only_keys("rg", "sqlacct")
    assert ro.primary_readonly_master_key == stored["primaryReadonlyMasterKey"]
    assert _raw(sb, "GET", _acct_id(sb, "sqlacct") + "/readonlykeys").json() == {
        "primaryReadonlyMasterKey": stored["primaryReadonlyMasterKey"],
        "secondaryReadonlyMasterKey": stored["secondaryReadonlyMasterKey"]}

    sql = cosmos.database_accounts.list_connection_strings("rg", "sqlacct").connection_strings
    assert [(c.description, c.key_kind, c.type) for c in sql] == [
        ("Primary SQL Connection String", "Primary", "Sql"), ("Secondary SQL Connection String", "Secondary", "Sql"),
        ("Primary Read-Only SQL Connection String", "PrimaryReadonly", "Sql"),
        ("Secondary Read-Only SQL Connection String", "SecondaryReadonly", "Sql")]
    assert sql[0].connection_string == \
        f"AccountEndpoint=https://sqlacct.documents.azure.com:443/;AccountKey={stored['primaryMasterKey']};"

    mongo = cosmos.database_accounts.list_connection_strings("rg", "mongoacct").connection_strings
    mkey = _private_keys(sb, "mongoacct")["primaryMasterKey"]
    assert [c.description for c in mongo] == ["Primary MongoDB Connection String", "Secondary MongoDB Connection String",
                                              "Primary Read-Only MongoDB Connection String",
                                              "Secondary Read-Only MongoDB Connection String"]
    assert mongo[0].connection_string == (
        f"mongodb://mongoacct:{mkey}@mongoacct.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb"
        "&retrywrites=false&maxIdleTimeMS=120000&appName=@mongoacct@")
    by_api = {name: [c.description for c in cosmos.database_accounts.list_connection_strings("rg", name).connection_strings]
              for name in ("cassacct", "gremacct", "tableacct")}
    assert by_api["cassacct"][4:6] == ["Primary Cassandra Connection String", "Secondary Cassandra Connection String"]
    assert by_api["gremacct"][4] == "Primary Gremlin Connection String" and len(by_api["gremacct"]) == 8
    assert by_api["tableacct"][4] == "Primary Table Connection String"
    table = cosmos.database_accounts.list_connection_strings("rg", "tableacct").connection_strings[4].connection_string
    assert table.endswith("TableEndpoint=https://tableacct.table.cosmos.azure.com:443/;")
    cass = _raw(sb, "GET", _acct_id(sb, "cassacct")).json()["properties"]     # not in the SDK model: raw
    assert cass["cassandraEndpoint"] == "https://cassacct.cassandra.cosmos.azure.com:443/"
    assert cass["EnabledApiTypes"] == "Cassandra"
    assert _raw(sb, "GET", _acct_id(sb, "mongoacct")).json()["properties"]["capabilities"] == [{"name": "EnableMongo"}]

    before = dict(stored)
    cosmos.database_accounts.begin_regenerate_key(
        "rg", "sqlacct", m.DatabaseAccountRegenerateKeyParameters(key_kind="primary"), **FAST).result()
    after = _private_keys(sb, "sqlacct")
    assert after["primaryMasterKey"] != before["primaryMasterKey"]
    assert {k: v for k, v in after.items() if k != "primaryMasterKey"} == \
        {k: v for k, v in before.items() if k != "primaryMasterKey"}
    assert cosmos.database_accounts.list_connection_strings("rg", "sqlacct").connection_strings[0].connection_string \
        .endswith(f"AccountKey={after['primaryMasterKey']};")
    resp = _raw(sb, "POST", _acct_id(sb, "sqlacct") + "/regenerateKey", {"keyKind": "secondaryReadonly"})
    assert resp.status_code == 202 and resp.headers["Location"] == resp.headers["Azure-AsyncOperation"]
    with pytest.raises(ResourceNotFoundError):
        cosmos.database_accounts.list_keys("rg", "ghost")


# ---------------------------------------------------------------------------------- network rules
def test_network_rules_and_patch_semantics(cosmos, quick_lro):
    sb = quick_lro
    cosmos.database_accounts.begin_create_or_update("rg", "acct1", _params(
        ip_rules=[m.IpAddressOrRange(ip_address_or_range="1.1.1.1"), m.IpAddressOrRange(ip_address_or_range="10.0.0.0/24")],
        consistency_policy=m.ConsistencyPolicy(default_consistency_level="Eventual")), **FAST).result()
    subnet = (f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/"
              "vnet1/subnets/default")
    updated = cosmos.database_accounts.begin_update("rg", "acct1", m.DatabaseAccountUpdateParameters(
        tags={"k": "v"}, properties=m.DatabaseAccountUpdateProperties(
            ip_rules=[m.IpAddressOrRange(ip_address_or_range="2.2.2.2")], is_virtual_network_filter_enabled=True,
            virtual_network_rules=[m.VirtualNetworkRule(id=subnet, ignore_missing_v_net_service_endpoint=True)],
            public_network_access="Disabled", disable_local_auth=True)), **FAST).result()
    assert [r.ip_address_or_range for r in updated.ip_rules] == ["2.2.2.2"]      # replaced, not merged
    assert updated.is_virtual_network_filter_enabled is True and updated.public_network_access == "Disabled"
    assert [(r.id, r.ignore_missing_v_net_service_endpoint) for r in updated.virtual_network_rules] == [(subnet, True)]
    assert updated.disable_local_auth is True and updated.tags == {"k": "v"}
    assert updated.consistency_policy.default_consistency_level == "Eventual"    # untouched properties kept
    raw = _raw(sb, "PATCH", _acct_id(sb, "acct1"), {"properties": {"ipRules": []}, "tags": {"n": "1"}})
    assert raw.status_code == 200 and raw.json()["properties"]["provisioningState"] == "Updating"
    assert all(e["provisioningState"] == "Updating" for e in raw.json()["properties"]["locations"])
    assert "Azure-AsyncOperation" in raw.headers and raw.headers["Location"].split("?")[0].endswith(
        _acct_id(sb, "acct1") + "/operationResults/" + raw.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1])
    got = _raw(sb, "GET", _acct_id(sb, "acct1")).json()
    assert got["properties"]["ipRules"] == [] and got["tags"] == {"n": "1"} and got["properties"]["disableLocalAuth"] is True


# ---------------------------------------------------------------------------------- child resources
def test_child_resources_per_api(cosmos, quick_lro):
    sb = quick_lro
    _seed(sb, "sqlacct")
    _seed(sb, "mongoacct", kind="MongoDB")
    _seed(sb, "cassacct", capabilities=["EnableCassandra"])
    _seed(sb, "gremacct", capabilities=["EnableGremlin"])
    _seed(sb, "tableacct", capabilities=["EnableTable"])
    sql = cosmos.sql_resources
    db = sql.begin_create_update_sql_database("rg", "sqlacct", "db1", m.SqlDatabaseCreateUpdateParameters(
        properties=m.SqlDatabaseCreateUpdateProperties(resource=m.SqlDatabaseResource(id="db1"))), **FAST).result()
    assert db.name == "db1" and db.resource.id == "db1" and db.resource.rid and db.resource.etag
    sql.begin_create_update_sql_container("rg", "sqlacct", "db1", "c1", m.SqlContainerCreateUpdateParameters(
        properties=m.SqlContainerCreateUpdateProperties(resource=m.SqlContainerResource(
            id="c1", partition_key=m.ContainerPartitionKey(paths=["/pk"], kind="Hash")))), **FAST).result()
    assert sql.get_sql_container("rg", "sqlacct", "db1", "c1").resource.partition_key.paths == ["/pk"]
    assert [d.name for d in sql.list_sql_databases("rg", "sqlacct")] == ["db1"]

    mongo = cosmos.mongo_db_resources.begin_create_update_mongo_db_database(
        "rg", "mongoacct", "mdb", m.MongoDBDatabaseCreateUpdateParameters(properties=m.MongoDBDatabaseCreateUpdateProperties(
            resource=m.MongoDBDatabaseResource(id="mdb"))), **FAST).result()
    assert mongo.type == "Microsoft.DocumentDB/databaseAccounts/mongodbDatabases"
    ks = cosmos.cassandra_resources.begin_create_update_cassandra_keyspace(
        "rg", "cassacct", "ks", m.CassandraKeyspaceCreateUpdateParameters(
            properties=m.CassandraKeyspaceCreateUpdateProperties(resource=m.CassandraKeyspaceResource(id="ks"))),
        **FAST).result()
    assert ks.resource.id == "ks"
    gremlin = cosmos.gremlin_resources
    gremlin.begin_create_update_gremlin_database("rg", "gremacct", "gdb", m.GremlinDatabaseCreateUpdateParameters(
        properties=m.GremlinDatabaseCreateUpdateProperties(resource=m.GremlinDatabaseResource(id="gdb"))), **FAST).result()
    graph = gremlin.begin_create_update_gremlin_graph("rg", "gremacct", "gdb", "g1", m.GremlinGraphCreateUpdateParameters(
        properties=m.GremlinGraphCreateUpdateProperties(resource=m.GremlinGraphResource(id="g1"))), **FAST).result()
    assert graph.id.endswith("/gremlinDatabases/gdb/graphs/g1")
    table = cosmos.table_resources.begin_create_update_table("rg", "tableacct", "t1", m.TableCreateUpdateParameters(
        properties=m.TableCreateUpdateProperties(resource=m.TableResource(id="t1"))), **FAST).result()
    assert table.resource.id == "t1"

    put = _raw(sb, "PUT", _acct_id(sb, "sqlacct") + "/sqlDatabases/db2", {"properties": {"resource": {"id": "db2"}}})
    assert put.status_code == 202 and put.json() == {"status": "Enqueued"}
    assert put.headers["Location"].split("?")[0].endswith("/sqlDatabases/db2/operationResults/" +
                                                          put.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1])
    sql.begin_delete_sql_database("rg", "sqlacct", "db1", **FAST).result()
    assert sb.get_resource(_acct_id(sb, "sqlacct") + "/sqlDatabases/db1/containers/c1") is None   # gone with its database
    missing = _raw(sb, "GET", _acct_id(sb, "sqlacct") + "/sqlDatabases/db1")
    assert missing.status_code == 404 and "error" not in missing.json() and missing.json()["code"] == "NotFound"
    assert "cosmosdb-tsg-not-found" in missing.json()["message"] and "Request URI: /dbs/db1," in missing.json()["message"]
    with pytest.raises(ResourceNotFoundError):
        sql.get_sql_database("rg", "sqlacct", "db1")
    with pytest.raises(ResourceNotFoundError) as err:
        list(sql.list_sql_databases("rg", "ghost"))
    assert err.value.error.code == "ResourceNotFound"
    assert _raw(sb, "DELETE", _acct_id(sb, "sqlacct") + "/sqlDatabases/db1").status_code == 204


# ---------------------------------------------------------------------------------- data-plane RBAC
def test_sql_role_definitions_and_assignments(cosmos, quick_lro):
    sb = quick_lro
    acct = _seed(sb, "acct1")
    sql = cosmos.sql_resources
    built_in = [(d.name, d.role_name, d.properties.type) for d in sql.list_sql_role_definitions("rg", "acct1")]
    assert built_in == [(READER, "Cosmos DB Built-in Data Reader", "BuiltInRole"),
                        (CONTRIBUTOR, "Cosmos DB Built-in Data Contributor", "BuiltInRole")]
    reader = sql.get_sql_role_definition(READER, "rg", "acct1")
    assert reader.assignable_scopes == [acct["id"]] and "Microsoft.DocumentDB/databaseAccounts/readMetadata" in \
        reader.permissions[0].data_actions
    custom_id = "be79875a-2cc4-40d5-8958-566017875b39"
    sql.begin_create_update_sql_role_definition(custom_id, "rg", "acct1", m.SqlRoleDefinitionCreateUpdateParameters(
        properties=m.SqlRoleDefinitionResource(
            role_name="reader2", type="CustomRole", assignable_scopes=[acct["id"] + "/"],
            permissions=[m.Permission(data_actions=["Microsoft.DocumentDB/databaseAccounts/readMetadata"])])),
        **FAST).result()
    listed = [d.name for d in sql.list_sql_role_definitions("rg", "acct1")]
    assert listed == [custom_id, READER, CONTRIBUTOR]
    assert sql.get_sql_role_definition(custom_id, "rg", "acct1").assignable_scopes == [acct["id"]]

    params = m.SqlRoleAssignmentCreateUpdateParameters(properties=m.SqlRoleAssignmentResource(
        role_definition_id=f"{acct['id']}/sqlRoleDefinitions/{CONTRIBUTOR}", scope=acct["id"] + "/", principal_id=PRINCIPAL))
    made = sql.begin_create_update_sql_role_assignment("ra1", "rg", "acct1", params, **FAST).result()
    assert made.scope == acct["id"] and made.principal_id == PRINCIPAL and made.type.endswith("/sqlRoleAssignments")
    assert sql.get_sql_role_assignment("ra1", "rg", "acct1").role_definition_id.endswith(CONTRIBUTOR)
    assert [a.name for a in sql.list_sql_role_assignments("rg", "acct1")] == ["ra1"]

    def refused(scope=None, definition=None):
        body = {"properties": {"roleDefinitionId": definition or f"{acct['id']}/sqlRoleDefinitions/{READER}",
                               "scope": scope or acct["id"], "principalId": PRINCIPAL}}
        resp = _raw(sb, "PUT", acct["id"] + "/sqlRoleAssignments/ra2", body)
        assert resp.status_code == 400 and "error" not in resp.json() and resp.json()["code"] == "BadRequest"
        return resp.json()["message"]

    assert "Expected path segment [dbs] at position [0] but found [subscriptions]." in refused(acct["id"] + acct["id"])
    assert "Expected path segment [colls] at position [2] but found [containers]." in refused(acct["id"] + "/dbs/d/containers/c")
    assert "The specified role definition with ID '00000000000000000000000000000009' does not exist." in \
        refused(definition=f"{acct['id']}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000009")
    assert sql.begin_create_update_sql_role_assignment("ra3", "rg", "acct1", m.SqlRoleAssignmentCreateUpdateParameters(
        properties=m.SqlRoleAssignmentResource(role_definition_id=f"{acct['id']}/sqlRoleDefinitions/{custom_id}",
                                               scope=acct["id"] + "/dbs/db1/colls/c1", principal_id=PRINCIPAL)),
        **FAST).result().scope == acct["id"] + "/dbs/db1/colls/c1"

    missing = _raw(sb, "GET", acct["id"] + "/sqlRoleAssignments/ra2")
    assert missing.status_code == 404 and missing.json()["code"] == "NotFound" and "error" not in missing.json()
    assert missing.json()["message"].startswith("Unable to find a SQL Role Assignment with ID [ra2].\r\nActivityId: ")
    sql.begin_delete_sql_role_assignment("ra1", "rg", "acct1", **FAST).result()
    with pytest.raises(ResourceNotFoundError):
        sql.get_sql_role_assignment("ra1", "rg", "acct1")
    deleted = _raw(sb, "DELETE", acct["id"] + "/sqlRoleAssignments/ra3")
    assert deleted.status_code == 202 and deleted.json() == {"status": "Enqueued"}
    assert [a.name for a in sql.list_sql_role_assignments("rg", "acct1")] == []


# ---------------------------------------------------------------------------------- delete and names
def test_account_delete_cascade_and_name_rules(cosmos, quick_lro):
    sb = quick_lro
    acct = _seed(sb, "acct1")
    sb.call("PUT", acct["id"] + "/sqlDatabases/db1", {"properties": {"resource": {"id": "db1"}}})
    sb.call("PUT", acct["id"] + "/sqlRoleAssignments/ra1", {"properties": {
        "roleDefinitionId": f"{acct['id']}/sqlRoleDefinitions/{READER}", "scope": acct["id"], "principalId": PRINCIPAL}})
    assert cosmos.database_accounts.check_name_exists("acct1") is True
    assert cosmos.database_accounts.check_name_exists("free-name") is False
    for name, index, char in (("Bad", 0, "B"), ("bad-", 3, "-"), ("-bad", 0, "-"), ("b_d", 1, "_")):
        resp = _raw(sb, "PUT", _acct_id(sb, name), {"location": "westus", "properties": {}})
        assert resp.status_code == 400 and resp.json()["code"] == "BadRequest", resp.text
        assert resp.json()["message"].startswith(f"The character '{char}' at index {index} is not allowed in the "
                                                 "DatabaseAccount name\r\nActivityId: ")
    with pytest.raises(HttpResponseError) as err:
        cosmos.database_accounts.begin_create_or_update("rg", "Upper", _params(), **FAST)
    assert err.value.status_code == 400

    resp = _raw(sb, "DELETE", acct["id"])
    assert resp.status_code == 202 and resp.json() == {"status": "Enqueued"}
    op_id = resp.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
    assert resp.headers["Location"] == (f"{sb.url}/subscriptions/{sb.subscription_id}/providers/Microsoft.DocumentDB/"
                                        f"locations/westus/operationResults/{op_id}?api-version={API}")
    assert sb.get_resource(acct["id"] + "/sqlDatabases/db1") is None
    assert sb.get_resource(acct["id"] + "/sqlRoleAssignments/ra1") is None
    assert _raw(sb, "GET", acct["id"]).json()["error"]["code"] == "ResourceNotFound"
    assert _raw(sb, "DELETE", acct["id"]).status_code == 204
    _seed(sb, "acct2")
    cosmos.database_accounts.begin_delete("rg", "acct2", **FAST).result()
    assert cosmos.database_accounts.check_name_exists("acct2") is False


# ---------------------------------------------------------------------------------- the real az
@pytest.fixture
def no_wait_lro(sandbox):
    """Monitors say Succeeded at the first poll (az waits Retry-After 1 s per LRO either way)."""
    before = sandbox.operations.polls
    sandbox.operations.polls = 0
    try:
        yield sandbox
    finally:
        sandbox.operations.polls = before


def test_az_cosmosdb(no_wait_lro, az_cli):
    sb = no_wait_lro
    az = az_cli.json
    az("group", "create", "-n", "rg-cosmos", "-l", "westus")
    made = az("cosmosdb", "create", "-n", "cosmos-az", "-g", "rg-cosmos")
    assert made["provisioningState"] == "Succeeded" and made["documentEndpoint"] == "https://cosmos-az.documents.azure.com:443/"
    assert made["locations"][0]["locationName"] == "West US" and made["kind"] == "GlobalDocumentDB"
    shown = az("cosmosdb", "show", "-n", "cosmos-az", "-g", "rg-cosmos")
    stored = sb.store.get(_acct_id(sb, "cosmos-az", "rg-cosmos"))["private"]["keys"]
    assert shown["id"] == made["id"] and stored["primaryMasterKey"] not in json.dumps(shown)
    keys = az("cosmosdb", "keys", "list", "-n", "cosmos-az", "-g", "rg-cosmos")
    assert keys["primaryMasterKey"] == stored["primaryMasterKey"] and set(keys) >= {"secondaryReadonlyMasterKey"}
    strings = az("cosmosdb", "keys", "list", "-n", "cosmos-az", "-g", "rg-cosmos", "--type", "connection-strings")
    assert strings["connectionStrings"][0]["description"] == "Primary SQL Connection String"
    assert strings["connectionStrings"][0]["connectionString"].endswith(f"AccountKey={stored['primaryMasterKey']};")
    db = az("cosmosdb", "sql", "database", "create", "-a", "cosmos-az", "-g", "rg-cosmos", "-n", "db1")
    assert db["name"] == "db1" and db["resource"]["id"] == "db1"
    assignment = az("cosmosdb", "sql", "role", "assignment", "create", "-a", "cosmos-az", "-g", "rg-cosmos",
                    "--role-definition-name", "Cosmos DB Built-in Data Contributor", "--scope", "/dbs/db1",
                    "--principal-id", PRINCIPAL)
    assert assignment["scope"] == made["id"] + "/dbs/db1" and assignment["roleDefinitionId"].endswith(CONTRIBUTOR)
    listed = az("cosmosdb", "sql", "role", "assignment", "list", "-a", "cosmos-az", "-g", "rg-cosmos")
    assert [a["name"] for a in listed] == [assignment["name"]]
    deleted = az_cli.run("cosmosdb", "sql", "role", "assignment", "delete", "-a", "cosmos-az", "-g", "rg-cosmos",
                         "-i", assignment["name"], "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert az("cosmosdb", "sql", "role", "assignment", "list", "-a", "cosmos-az", "-g", "rg-cosmos") == []
    writes = [r for r in sb.requests if r["method"] in ("PUT", "DELETE") and "DocumentDB" in r["path"]]
    assert writes and all(r["api_version"] == API for r in writes)


# ---------------------------------------------------------------------------------- recorded facts
_BAD_SCOPE = "Expected path segment [dbs] at position [0] but found [subscriptions]."


def _world(sb):
    sub = sb.subscription_id
    sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg", {"location": "westus"})
    acct = _seed(sb, "acct")
    _seed(sb, "acctgremlin", capabilities=["EnableGremlin"])
    sb.put_resource(_acct_id(sb, "acctmongo"), {"location": "westus", "kind": "MongoDB", "properties": {
        "databaseAccountOfferType": "Standard", "apiProperties": {}}})
    sb.call("PUT", acct["id"] + "/sqlDatabases/db", {"properties": {"resource": {"id": "db"}}})
    sb.call("PUT", acct["id"] + "/sqlRoleAssignments/ra", {"properties": {
        "roleDefinitionId": f"{acct['id']}/sqlRoleDefinitions/{READER}", "scope": acct["id"], "principalId": PRINCIPAL}})
    started = _raw(sb, "PUT", acct["id"] + "/sqlDatabases/dbmon", {"properties": {"resource": {"id": "dbmon"}}})
    return {"subscription": sub, "resourceGroup": "rg", "account": "acct", "gremlinAccount": "acctgremlin",
            "mongoAccount": "acctmongo", "newAccount": "acctnew", "location": "westus", "database": "db",
            "newDatabase": "dbnew", "roleAssignment": "ra", "newRoleAssignment": "cb8ed2d7-2371-4e3c-bd31-6cc1560e84f8",
            "newRoleDefinition": "be79875a-2cc4-40d5-8958-566017875b39", "principal": PRINCIPAL,
            "operationId": started.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]}


def _monitors(resp, body, sb, path):
    op = re.search(r"/providers/Microsoft\.DocumentDB/locations/westus/operationsStatus/(" + GUID + r")\?",
                   resp.headers["Azure-AsyncOperation"])
    assert op, resp.headers["Azure-AsyncOperation"]
    location = resp.headers["Location"].split("?")[0]
    expected = (f"{sb.url}/subscriptions/{sb.subscription_id}/providers/Microsoft.DocumentDB/locations/westus/"
                f"operationResults/{op.group(1)}" if resp.request.method == "DELETE" and path.endswith("/acct")
                else f"{sb.url}{path}/operationResults/{op.group(1)}")
    assert location == expected, (location, expected)


def _state(name):
    def check(resp, body, sb, path):
        assert body["properties"]["provisioningState"] == name
        assert all(e["provisioningState"] == name for e in body["properties"]["locations"])
        if name == "Creating":
            assert "documentEndpoint" not in body["properties"] and body["location"] == "West US"
            assert all("documentEndpoint" not in e for e in body["properties"]["locations"])
    return check


def _enqueued(resp, body, sb, path):
    assert body == {"status": "Enqueued"}


def _rp_shape(resp, body, sb, path):
    assert "error" not in body and body["message"].rstrip().endswith("Microsoft.Azure.Documents.Common/2.14.0")


def _arm_shape(resp, body, sb, path):
    assert body["error"]["code"] == "ResourceNotFound"


def _no_keys(resp, body, sb, path):
    for rec in sb.store.select(lambda r: "keys" in r.get("private", {})):
        assert not set(rec["private"]["keys"].values()) & set(re.findall(r"[A-Za-z0-9+/=]{80,}", json.dumps(body)))


def _api_types(resp, body, sb, path):
    expected = {"acct": "Sql", "acctgremlin": "Gremlin, Sql", "acctmongo": "MongoDB"}[body["name"]]
    assert body["properties"]["EnabledApiTypes"] == expected


_CHECKS = {
    ("cosmosdb.database_accounts.create_or_update", 200): [_state("Creating"), _monitors],
    ("cosmosdb.database_accounts.create_or_update", 400): [
        _rp_shape, lambda r, b, s, p: b["message"].startswith("The character 'B' at index 0 is not allowed")],
    ("cosmosdb.operations_status.get", 200): [lambda r, b, s, p: b == {"status": "Dequeued"}],
    ("cosmosdb.database_accounts.get", 200): [_no_keys, _api_types],
    ("cosmosdb.database_accounts.get", 404): [_arm_shape],
    ("cosmosdb.database_accounts.update", 200): [_state("Updating"), _monitors],
    ("cosmosdb.database_accounts.delete", 202): [_enqueued, _monitors],
    ("cosmosdb.database_accounts.list_keys", 200): [lambda r, b, s, p: all(len(v) == 88 for v in b.values())],
    ("cosmosdb.database_accounts.list_read_only_keys", 200): [lambda r, b, s, p: len(b) == 2],
    ("cosmosdb.database_accounts.list_connection_strings", 200): [
        lambda r, b, s, p: [c["description"] for c in b["connectionStrings"]][0] == "Primary SQL Connection String"],
    ("cosmosdb.database_accounts.regenerate_key", 202): [
        lambda r, b, s, p: r.headers["Location"] == r.headers["Azure-AsyncOperation"]],
    ("cosmosdb.sql_resources.create_update_sql_database", 202): [_enqueued, _monitors],
    ("cosmosdb.sql_resources.get_sql_database", 200): [
        lambda r, b, s, p: b["properties"]["resource"]["_self"].startswith("dbs/")],
    ("cosmosdb.sql_resources.get_sql_database", 404): [
        _rp_shape, lambda r, b, s, p: "cosmosdb-tsg-not-found" in b["message"]],
    ("cosmosdb.sql_resources.list_sql_role_definitions", 200): [
        lambda r, b, s, p: [d["name"] for d in b["value"]][-2:] == [READER, CONTRIBUTOR]],
    ("cosmosdb.sql_resources.create_update_sql_role_definition", 202): [_enqueued, _monitors],
    ("cosmosdb.sql_resources.create_update_sql_role_assignment", 202): [_enqueued, _monitors],
    ("cosmosdb.sql_resources.create_update_sql_role_assignment", 400): [_rp_shape, lambda r, b, s, p: (
        _BAD_SCOPE in b["message"]
        or "The specified role definition with ID '00000000000000000000000000000009' does not exist." in b["message"])],
    ("cosmosdb.sql_resources.get_sql_role_assignment", 200): [lambda r, b, s, p: b["properties"]["scope"].endswith("/acct")],
    ("cosmosdb.sql_resources.get_sql_role_assignment", 404): [
        _rp_shape, lambda r, b, s, p: b["message"].startswith("Unable to find a SQL Role Assignment with ID [")],
    ("cosmosdb.sql_resources.list_sql_role_assignments", 200): [lambda r, b, s, p: len(b["value"]) == 1],
    ("cosmosdb.sql_resources.delete_sql_role_assignment", 202): [_enqueued, _monitors],
}


@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}-{r.path.rsplit('/', 1)[-1]}")
def test_recorded_fact(sandbox, rec):
    values = _world(sandbox)
    path = fill(rec.path, values)
    body = fill(copy.deepcopy(rec.request_body), values)
    resp = _raw(sandbox, rec.method, path, body, rec.api_version)
    assert resp.status_code == rec.status, f"{rec.source}\n{resp.text[:600]}"
    payload = resp.json() if resp.content else {}
    missing = [f for f in rec.response_fields if not present(payload, f)]
    assert not missing, f"fields missing: {missing}\n{json.dumps(payload)[:800]}"
    lower = {k.lower() for k in resp.headers}
    assert not [h for h in rec.response_headers if h not in lower], sorted(lower)
    if rec.error_code:
        assert payload.get("error", payload)["code"] == rec.error_code, payload
    for check in _CHECKS[(rec.operation, rec.status)]:
        assert check(resp, payload, sandbox, path) is not False, check
