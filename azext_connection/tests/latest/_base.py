"""ScenarioTest base for the recorded tests: testsdk 0.3.0 made to work with azure-cli-core 2.91,
a guard against the silent-record trap, and the recording processors (secret scrubbing, host rewrite).

Why a shim (both measured with azure-cli 2.91.0 and azure-cli-testsdk 0.3.0):
  * testsdk 0.3.0's playback credential mock only has `get_token`; core 2.91's CredentialAdaptor calls
    the MSAL-style `acquire_token(scopes)` -> AttributeError in every playback test.
  * its LRO-delay patch mock.patch()es `msrestazure...`, which azure-cli 2.91 does not ship
    -> ModuleNotFoundError in every playback test.
Both replay patches are swapped for ours after `ScenarioTest.__init__` (passing `replay_patches=`
would merge through a set, so the broken and the fixed patch would both run, in arbitrary order).
"""
import contextlib
import json
import os
import re
import threading
from urllib.parse import quote

from azure.cli.testsdk import ScenarioTest
from azure.cli.testsdk import patches as testsdk_patches
from azure.cli.testsdk.scenario_tests import RecordingProcessor
from azure.cli.testsdk.scenario_tests.patches import mock_in_unit_test
from azure.cli.testsdk.utilities import StorageAccountKeyReplacer

ARM_HOST = 'https://management.azure.com'
# Plainly not a key: the '-'s keep it from looking like base64 to secret scanners.
FAKE_STORAGE_KEY = 'FAKE-storage-key-scrubbed-by-the-recording-processor=='
FAKE_SECRET = 'fake-scrubbed-client-secret'
FAKE_TOKEN = 'fake-scrubbed-token'
PLAYBACK_TOKEN = 'top-secret-token-for-you'

# JSON keys whose string value is a secret, wherever they appear (app settings, listKeys, ...).
_SECRET_KEY_RE = re.compile(r'(clientsecret|client[-_]secret|client[-_]key|account[-_]?key|access[-_]key'
                            r'|password|sharedaccesskey)$', re.IGNORECASE)
# Fields of a listKeys answer holding a key, besides storage's `keys[].value`.
_KEY_FIELDS = ('primaryKey', 'secondaryKey', 'key1', 'key2', 'primaryMasterKey', 'secondaryMasterKey',
               'primaryReadonlyMasterKey', 'secondaryReadonlyMasterKey')
_ACCOUNT_KEY_RE = re.compile(r'((?:Account|SharedAccess)Key=)([^;"\'\s&]+)', re.IGNORECASE)
_BEARER_RE = re.compile(r'(Bearer\s+)[A-Za-z0-9\-_.~+/=]{8,}')
_JWT_RE = re.compile(r'eyJ[A-Za-z0-9\-_]{5,}\.eyJ[A-Za-z0-9\-_]{5,}\.[A-Za-z0-9\-_]+')
_TOKEN_HEADER_RE = re.compile(r'^(authorization|x-ms-.*token.*|x-ms-authorization-auxiliary)$', re.IGNORECASE)


def is_live():
    return os.environ.get('AZURE_TEST_RUN_LIVE', '').lower() in ('true', '1', 'yes', 'on')


# -- replay patches --------------------------------------------------------------------------------------
def patch_user_credential(unit_test):
    """Identity.get_user_credential -> a credential speaking both the MSAL protocol core 2.91 uses
    (`acquire_token`) and the azure-core one (`get_token`, `get_token_info`)."""
    class _PlaybackCredential:
        def acquire_token(self, scopes, **kwargs):  # pylint: disable=unused-argument
            return {'access_token': PLAYBACK_TOKEN, 'token_type': 'Bearer', 'expires_in': 3600,
                    'token_source': 'cache'}

        def get_token(self, *scopes, **kwargs):  # pylint: disable=unused-argument
            import time
            from azure.core.credentials import AccessToken
            return AccessToken(PLAYBACK_TOKEN, int(time.time()) + 3600)

        def get_token_info(self, *scopes, options=None):  # pylint: disable=unused-argument
            import time
            from azure.core.credentials import AccessTokenInfo
            return AccessTokenInfo(PLAYBACK_TOKEN, int(time.time()) + 3600)

    mock_in_unit_test(unit_test, 'azure.cli.core.auth.identity.Identity.get_user_credential',
                      lambda *args, **kwargs: _PlaybackCredential())


def patch_lro_delay(unit_test):
    """No waiting between LRO polls (azure-core pollers and the CLI's LongRunningOperation)."""
    def _no_delay(*args, **kwargs):  # pylint: disable=unused-argument
        return None
    mock_in_unit_test(unit_test, 'azure.core.polling.base_polling.LROBasePolling._delay', _no_delay)
    mock_in_unit_test(unit_test, 'azure.cli.core.commands.LongRunningOperation._delay', _no_delay)


_VCR_LOCK = threading.RLock()


def patch_vcr_thread_safety(unit_test):
    """vcrpy is not thread-safe, and the extension sends independent ARM requests concurrently.

    vcrpy's `force_reset()` puts the real connection classes back, process-wide, while one thread
    builds or uses its real connection; a connection another thread creates in that window is a real,
    unpatched one: live, its exchange is silently missing from the cassette; in playback, it goes to the
    network. Hold one lock across every force_reset() and every new pooled connection (where urllib3
    reads the patched ConnectionCls), so no thread can see the classes half-reset; and across each
    cassette look-up and append.
    """
    import urllib3.connectionpool as pools
    import vcr.cassette
    import vcr.patch
    real_force_reset = vcr.patch.force_reset

    @contextlib.contextmanager
    def locked_force_reset():
        with _VCR_LOCK, real_force_reset():
            yield

    def locked(new_conn):
        def _new_conn(self, *args, **kwargs):
            with _VCR_LOCK:
                return new_conn(self, *args, **kwargs)
        return _new_conn

    mock_in_unit_test(unit_test, 'vcr.patch.force_reset', locked_force_reset)
    # Cassette.play_response finds the first unplayed match, then marks it played: two threads sending
    # the same GET at once could both get one recorded answer and shift every later one.
    mock_in_unit_test(unit_test, 'vcr.cassette.Cassette.play_response', locked(vcr.cassette.Cassette.play_response))
    mock_in_unit_test(unit_test, 'vcr.cassette.Cassette.append', locked(vcr.cassette.Cassette.append))
    mock_in_unit_test(unit_test, 'urllib3.connectionpool.HTTPConnectionPool._new_conn',
                      locked(pools.HTTPConnectionPool._new_conn))
    mock_in_unit_test(unit_test, 'urllib3.connectionpool.HTTPSConnectionPool._new_conn',
                      locked(pools.HTTPSConnectionPool._new_conn))


# -- recording processors ----------------------------------------------------------------------------------
def _text(body):
    if body is None:
        return None
    if isinstance(body, bytes):
        try:
            return body.decode('utf-8')
        except UnicodeDecodeError:
            return None
    return body if isinstance(body, str) else None


class SandboxHostReplacer(RecordingProcessor):
    """Make recordings taken against the ARM sandbox (https://127.0.0.1:<port>) look like real ARM ones:
    the host becomes management.azure.com in URIs, bodies (nextLink, ...) and Location headers; the
    sandbox's own AAD traffic (token, OpenID discovery) is dropped, as AADAuthRequestFilter drops
    login.microsoftonline.com's."""

    LOCAL = re.compile(r'https://(?:127\.0\.0\.1|localhost)(?::\d+)?', re.IGNORECASE)
    AAD_PATH = re.compile(r'/(oauth2/|\.well-known/openid-configuration|common/discovery/instance'
                          r'|discovery/instance)', re.IGNORECASE)

    def process_request(self, request):
        if not self.LOCAL.match(request.uri):
            return request
        if self.AAD_PATH.search(request.uri):
            return None
        request.uri = self.LOCAL.sub(ARM_HOST, request.uri, count=1)
        text = _text(request.body)
        if text and self.LOCAL.search(text):
            request.body = self.LOCAL.sub(ARM_HOST, text).encode('utf-8')
        return request

    def process_response(self, response):
        text = _text(response['body'].get('string'))
        if text and self.LOCAL.search(text):
            response['body']['string'] = self.LOCAL.sub(ARM_HOST, text)
        for header in ('location', 'azure-asyncoperation', 'operation-location'):
            self.replace_header_fn(response, header, lambda v: self.LOCAL.sub(ARM_HOST, v))
        return response


class SecretScrubber(RecordingProcessor):
    """Remove every secret from requests and responses, keeping JSON bodies valid and playback working.

    * storage keys: `keys[].value` of a listKeys answer, and the same values wherever they reappear
      (the extension writes them into app settings, percent-encoded in a URL) -> FAKE_STORAGE_KEY (encoded
      alike); the named keys of other listKeys answers (`primaryKey`, `key1`, `primaryMasterKey`, ...)
      too, so a connection string built
      in playback from the scrubbed keys equals the scrubbed app setting and `validate` still passes;
    * `AccountKey=...` / `SharedAccessKey=...` in any text -> FAKE_STORAGE_KEY;
    * values of secret-named JSON keys (`...CLIENTSECRET`, `client-secret`, `client-key`, `account-key`,
      `access-key`, password) -> FAKE_SECRET, except values that are already a fake storage key;
    * known secrets registered by the test (the service principal secret, the database password it passes),
      percent-encoded too -> FAKE_SECRET;
    * Authorization / `x-ms-*token*` headers -> dropped; bearer tokens and JWTs in bodies -> FAKE_TOKEN.
    """

    def __init__(self, known_secrets=()):
        self._lock = threading.Lock()
        self._keys = set()
        self._secrets = set(s for s in known_secrets if s)

    def add_secret(self, value):
        if value:
            with self._lock:
                self._secrets.add(value)

    def reset(self):
        with self._lock:
            self._keys.clear()

    # -- entry points --
    def process_request(self, request):
        for key in [k for k in request.headers if _TOKEN_HEADER_RE.match(k)]:
            del request.headers[key]
        return _rewrite_body(request, self._scrub_text)

    def process_response(self, response):
        headers = response.get('headers') or {}
        for key in [k for k in headers if _TOKEN_HEADER_RE.match(k)]:
            del headers[key]
        body = response['body'].get('string')
        text = _text(body)
        if text:
            new = self._scrub_text(text)
            if new != text:
                response['body']['string'] = new if isinstance(body, str) else new.encode('utf-8')
        return response

    # -- scrubbing --
    def _scrub_text(self, text):
        try:
            data = json.loads(text)
        except ValueError:
            return self._scrub_string(text)
        if not isinstance(data, (dict, list)):
            return self._scrub_string(text)
        self._learn_keys(data)
        scrubbed = self._scrub_json(data)
        if scrubbed == data:
            return text
        return json.dumps(scrubbed)

    def _learn_keys(self, data):
        """A listKeys answer: storage's {"keys": [{"keyName": "key1", "value": "...", ...}, ...]}, or the named
        keys of the others (Redis and Redis Enterprise, SignalR, Cognitive Services, Cosmos DB)."""
        if not isinstance(data, dict):
            return
        keys = data.get('keys')
        with self._lock:
            if isinstance(keys, list):
                for entry in keys:
                    if isinstance(entry, dict) and isinstance(entry.get('value'), str) and 'keyName' in entry:
                        self._keys.add(entry['value'])
            for field in _KEY_FIELDS:
                if isinstance(data.get(field), str) and data[field]:
                    self._keys.add(data[field])

    def _scrub_json(self, value, key=None):
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k == 'keys' and isinstance(v, list):
                    out[k] = [dict(e, value=FAKE_STORAGE_KEY) if isinstance(e, dict) and 'keyName' in e
                              and isinstance(e.get('value'), str) else self._scrub_json(e) for e in v]
                else:
                    out[k] = self._scrub_json(v, k)
            return out
        if isinstance(value, list):
            return [self._scrub_json(v, key) for v in value]
        if isinstance(value, str):
            scrubbed = self._scrub_string(value)
            if (isinstance(key, str) and _SECRET_KEY_RE.search(key) and scrubbed
                    and scrubbed not in (FAKE_STORAGE_KEY, FAKE_SECRET)):
                # A storage key under a secret name keeps the storage key shape (spring's account-key).
                return FAKE_STORAGE_KEY if re.search(r'account[-_]?key|access[-_]key', key, re.I) else FAKE_SECRET
            return scrubbed
        return value

    def _scrub_string(self, text):
        with self._lock:
            keys, secrets = list(self._keys), list(self._secrets)
        for candidate in keys:
            # a key in a URL (a Redis connection string's password) is percent-encoded: the fake one too
            encoded = quote(candidate, safe='')
            if encoded != candidate:
                text = text.replace(encoded, quote(FAKE_STORAGE_KEY, safe=''))
            text = text.replace(candidate, FAKE_STORAGE_KEY)
        for candidate in secrets:
            text = text.replace(quote(candidate, safe=''), FAKE_SECRET)   # a password in a URL (JDBC's)
            text = text.replace(candidate, FAKE_SECRET)
        text = _ACCOUNT_KEY_RE.sub(lambda m: m.group(1) + FAKE_STORAGE_KEY, text)
        text = _BEARER_RE.sub(lambda m: m.group(1) + FAKE_TOKEN, text)
        return _JWT_RE.sub(FAKE_TOKEN, text)


class RoleAssignmentNameNormalizer(RecordingProcessor):
    """The extension names role assignments uuid5(scope | principal | role definition). Live against
    real Azure, scope and role definition hold the real subscription id (and the principal may be a real
    service principal), so the recorded name would not be the one playback computes from the mocked
    subscription. After the subscription/name replacers ran, recompute the name from the recorded
    (already replaced) request and rename it everywhere. Against the sandbox this is a no-op."""

    URI = re.compile(r'^(?P<base>https://[^/]+)(?P<scope>/.+?)/providers/Microsoft\.Authorization/roleAssignments/'
                     r'(?P<name>[0-9a-fA-F-]{36})', re.IGNORECASE)

    def __init__(self):
        self._names = {}
        self._lock = threading.Lock()

    def reset(self):
        with self._lock:
            self._names.clear()

    def process_request(self, request):
        match = self.URI.match(request.uri)
        if match:
            self._learn(match, _text(request.body))
        return self._rename_request(request)

    def _learn(self, match, body):
        try:
            props = json.loads(body)['properties'] if body else None
            principal, role = props['principalId'], props['roleDefinitionId']
        except (ValueError, KeyError, TypeError):
            return
        from azext_connection.engine.steps import assignment_name
        expected = assignment_name(match.group('scope'), principal, role)
        if expected.lower() != match.group('name').lower():
            with self._lock:
                self._names[match.group('name')] = expected

    def _replace(self, text):
        with self._lock:
            names = dict(self._names)
        for old, new in names.items():
            text = re.sub(re.escape(old), new, text, flags=re.IGNORECASE)
        return text

    def _rename_request(self, request):
        request.uri = self._replace(request.uri)
        return _rewrite_body(request, self._replace)

    def process_response(self, response):
        body = response['body'].get('string')
        text = _text(body)
        if text:
            new = self._replace(text)
            if new != text:
                response['body']['string'] = new if isinstance(body, str) else new.encode('utf-8')
        return response


class TagRecordNameReplacer(RecordingProcessor):
    """Records kept in tags are compressed and base64-encoded, so the name replacer cannot see the
    subscription and tenant ids inside them (validate compares the record's values with the source's).
    Decode every record found in a body's tags, apply the name replacer's pairs, encode it again."""

    def __init__(self, name_replacer):
        self.name_replacer = name_replacer

    def process_request(self, request):
        text = _text(request.body)
        new = self._rewrite(text)
        if new != text:
            request.body = new.encode('utf-8')
        return request

    def process_response(self, response):
        body = response['body'].get('string')
        text = _text(body)
        new = self._rewrite(text)
        if new != text:
            response['body']['string'] = new if isinstance(body, str) else new.encode('utf-8')
        return response

    def _rewrite(self, text):
        if not text or 'azext-connection.' not in text or not self.name_replacer.names_name:
            return text
        try:
            doc = json.loads(text)
        except ValueError:
            return text
        self._walk(doc)
        return json.dumps(doc)

    def _walk(self, node):
        if isinstance(node, list):
            for item in node:
                self._walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == 'tags' and isinstance(value, dict):
                    node[key] = self._retag(value)
                else:
                    self._walk(value)

    def _retag(self, tags):
        from azext_connection.adapters.tags import CHUNK, TAG_PREFIX, decode, encode
        groups, out = {}, {}
        for name, value in tags.items():
            stem, _, index = name.rpartition('.')
            if name.startswith(TAG_PREFIX) and index.isdigit() and value:
                groups.setdefault(stem, {})[int(index)] = value
            else:
                out[name] = value
        for stem, parts in groups.items():
            data = ''.join(parts[i] for i in sorted(parts))
            try:
                record = decode(data)
            except Exception:  # pylint: disable=broad-except
                out.update({f'{stem}.{i}': v for i, v in parts.items()})   # a damaged record stays as it is
                continue
            for old, new in self.name_replacer.names_name:
                record = record.replace(old, new)
            data = encode(record)
            first = min(parts)
            for i in range((len(data) + CHUNK - 1) // CHUNK):
                out[f'{stem}.{first + i}'] = data[i * CHUNK:(i + 1) * CHUNK]
        return out


class AtlasIdKeeper(RecordingProcessor):
    """A MongoDB Atlas target's id is a fixed pseudo-ARM id (the extension's template, subscription
    aaaabbbb-...), not the test's subscription: the testsdk's subscription processor replaces every
    /subscriptions/<guid>, so put that one back, or validate would find the recorded id malformed."""

    RE = re.compile(r'/subscriptions/[0-9a-fA-F-]{36}(/resourceGroups/[^/"\\]+/providers/MongoDB\.Atlas/)')

    def __init__(self):
        from azext_connection.matrix.targets import TARGETS
        self.sub = TARGETS['mongodb-atlas'].id_template.split('/')[2]

    def process_request(self, request):
        return _rewrite_body(request, self._fix)

    def process_response(self, response):
        body = response['body'].get('string')
        text = _text(body)
        if text:
            new = self._fix(text)
            if new != text:
                response['body']['string'] = new if isinstance(body, str) else new.encode('utf-8')
        return response

    def _fix(self, text):
        return self.RE.sub(lambda m: f'/subscriptions/{self.sub}' + m.group(1), text)


# -- the base class ----------------------------------------------------------------------------------------
class ConnectionScenarioTest(ScenarioTest):
    """ScenarioTest for `az webapp connection ...` with the fixes above.

    Modes: AZURE_TEST_RUN_LIVE=true records (against whatever cloud the AZURE_CONFIG_DIR is logged
    into: real Azure, or the ARM sandbox via record_against_sandbox.py); otherwise the cassette
    `recordings/<test method>.yaml` must exist and is replayed -- a missing cassette is an error,
    never a silent switch to recording.
    """

    def __init__(self, method_name, **kwargs):
        super().__init__(method_name, **kwargs)
        self.replay_patches = [p for p in self.replay_patches
                               if p not in (testsdk_patches.patch_retrieve_token_for_user,
                                            testsdk_patches.patch_long_run_operation_delay)]
        self.replay_patches += [patch_user_credential, patch_lro_delay, patch_vcr_thread_safety]
        self.recording_patches += [patch_vcr_thread_safety]
        # Our scrubber replaces the testsdk's key replacer: one fake key everywhere keeps playback
        # self-consistent (connection strings built from listKeys == app settings recorded).
        self.recording_processors = [p for p in self.recording_processors
                                     if not isinstance(p, StorageAccountKeyReplacer)]
        self._processors_to_reset = [p for p in self._processors_to_reset
                                     if not isinstance(p, StorageAccountKeyReplacer)]
        self.secret_scrubber = SecretScrubber()
        self.recording_processors.insert(0, SandboxHostReplacer())
        self.role_names = RoleAssignmentNameNormalizer()
        self.recording_processors += [self.secret_scrubber, self.role_names,
                                      TagRecordNameReplacer(self.name_replacer), AtlasIdKeeper()]
        self._processors_to_reset += [self.secret_scrubber, self.role_names]
        self._real_environ = os.environ
        self._missing_cassette = not self.is_live and not os.path.exists(self.recording_file)

    def setUp(self):
        if self._missing_cassette:
            raise AssertionError(
                f'Cassette {self.recording_file} does not exist and AZURE_TEST_RUN_LIVE is not set. '
                'Playback needs the cassette: re-record with tests/recorded/record_against_sandbox.py '
                '(offline, ARM sandbox) or AZURE_TEST_RUN_LIVE=true against real Azure.')
        super().setUp()
        if self.in_recording:
            # Playback's mocked login has subscription and tenant 0000...; the extension writes both
            # into app settings and its metadata (bare GUIDs the subscription processor does not see),
            # and compares them on update, so the recorded ones must become the mocked ones.
            from azure.cli.core._profile import Profile
            from azure.cli.testsdk.scenario_tests.const import MOCKED_SUBSCRIPTION_ID, MOCKED_TENANT_ID
            account = Profile(cli_ctx=self.cli_ctx).get_subscription()
            self.register_name(account['id'], MOCKED_SUBSCRIPTION_ID)
            self.register_name(account['tenantId'], MOCKED_TENANT_ID)

    def tearDown(self):
        # ReplayableTest.tearDown does `os.environ = <plain dict copy>`: put the real os.environ back
        # (with the restored contents) so later tests and subprocesses still see environment changes.
        real = self._real_environ
        super().tearDown()
        restored = dict(os.environ)
        os.environ = real
        os.environ.clear()
        os.environ.update(restored)

    def register_secret(self, value):
        """A secret the test passes on the command line: scrubbed from anything recorded."""
        self.secret_scrubber.add_secret(value)
        return value

    def register_name(self, live_value, moniker):
        """In recording mode, record `moniker` wherever `live_value` appears (URIs and bodies)."""
        if self.in_recording and live_value and live_value != moniker:
            self.name_replacer.register_name_pair(live_value, moniker)


def _rewrite_body(request, rewrite):
    """The request, its text body passed through `rewrite`."""
    text = _text(request.body)
    if text:
        new = rewrite(text)
        if new != text:
            request.body = new.encode('utf-8')
    return request
