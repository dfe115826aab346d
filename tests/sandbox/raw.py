"""A raw ARM request to the sandbox, for what an SDK hides (status codes, headers, exact bodies)."""
import json
from urllib.parse import quote

import requests


def raw(sb, method, path, body=None, api_version=None, quote_path=False):
    """`path` is a path or a whole URL (a monitor's); api-version is added unless the URL has one."""
    url = path if path.startswith('http') else sb.url + (quote(path) if quote_path else path)
    params = {'api-version': api_version} if api_version and 'api-version=' not in url else None
    return requests.request(method, url, params=params, verify=sb.ca_bundle,
                            headers={'Authorization': 'Bearer ' + sb.issue_token()[0]},
                            data=json.dumps(body) if body is not None else None, timeout=30)
