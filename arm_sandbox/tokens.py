"""Bearer tokens the sandbox issues (JWT, HS256) and checks on every ARM call."""
import base64
import hashlib
import hmac
import json
import time

from .constants import TOKEN_LIFETIME_S, TOKEN_SIGNING_KEY


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(claims, lifetime=TOKEN_LIFETIME_S):
    now = int(time.time())
    payload = {"iat": now, "nbf": now - 5, "exp": now + lifetime, **claims}
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(payload).encode())
    sig = hmac.new(TOKEN_SIGNING_KEY, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(sig)}", payload


def verify(token):
    """Claims of a valid, unexpired sandbox token, else None."""
    try:
        head, body, sig = token.split(".")
        expected = hmac.new(TOKEN_SIGNING_KEY, f"{head}.{body}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(sig)):
            return None
        claims = json.loads(_unb64(body))
    except (ValueError, TypeError):
        return None
    return claims if claims.get("exp", 0) > time.time() else None
