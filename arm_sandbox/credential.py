"""A TokenCredential for azure-mgmt SDK clients pointed at the sandbox."""
from azure.core.credentials import AccessToken, AccessTokenInfo


class SandboxCredential:
    def __init__(self, sandbox):
        self._sandbox = sandbox

    def _token(self, scopes):
        audience = scopes[0].rsplit("/.default", 1)[0] if scopes else None
        return self._sandbox.issue_token(audience=audience or "https://management.core.windows.net/")

    def get_token(self, *scopes, **kwargs):
        token, exp = self._token(scopes)
        return AccessToken(token, exp)

    def get_token_info(self, *scopes, options=None):
        token, exp = self._token(scopes)
        return AccessTokenInfo(token, exp)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass
