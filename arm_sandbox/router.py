"""Regex routing on the URL path (case-insensitive, captures keep the client's casing)."""
import re


class Route:
    def __init__(self, methods, pattern, handler, auth=True, arm=True):
        self.methods = {m.upper() for m in methods}
        self.rx = re.compile("^" + pattern + "$", re.IGNORECASE)
        self.handler = handler
        self.auth = auth  # needs a sandbox-issued bearer token
        self.arm = arm    # an ARM call: api-version is mandatory


class Router:
    def __init__(self):
        self._routes = []

    def add(self, methods, pattern, auth=True, arm=True):
        """Decorator: register a handler(req) -> Response. Earlier routes win."""
        def wrap(fn):
            self._routes.append(Route(methods, pattern, fn, auth, arm))
            return fn
        return wrap

    def match(self, method, path, after=None):
        """(route, groups) for the first route whose pattern and method match; (None, allowed) else.
        `after`: a handler whose own route is skipped together with every route before it (a route
        that only checks a request and then hands it on)."""
        path_matched = False
        routes = self._routes
        if after is not None:
            routes = routes[next(i for i, r in enumerate(routes) if r.handler is after) + 1:]
        for route in routes:
            m = route.rx.match(path)
            if not m:
                continue
            path_matched = True
            if method in route.methods or (method == "HEAD" and "GET" in route.methods):
                return route, {k: v for k, v in m.groupdict().items()}
        return None, path_matched


# Path fragments reused by providers. Names are captured for handlers.
SUB = r"/subscriptions/(?P<sub>[^/]+)"
RG = SUB + r"/resourcegroups/(?P<rg>[^/]+)"
NAME = r"(?P<name>[^/]+)"
