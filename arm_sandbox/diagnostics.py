"""Test hooks: request log, latency injection and fault injection (all thread-safe)."""
import itertools
import json
import re
import threading


class RequestLog:
    def __init__(self, path=None):
        self._lock = threading.Lock()
        self._entries = []
        self._path = path

    def add(self, entry):
        with self._lock:
            self._entries.append(entry)
            if self._path:
                with open(self._path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry) + "\n")

    def entries(self):
        with self._lock:
            return [dict(e) for e in self._entries]

    def clear(self):
        with self._lock:
            self._entries = []


class Latency:
    """Global delay plus optional (method, path regex) rules; the largest matching delay wins."""

    def __init__(self, ms=0):
        self._lock = threading.Lock()
        self.global_ms = ms
        self._rules = []

    def set(self, ms, method=None, path=None):
        with self._lock:
            if method is None and path is None:
                self.global_ms = ms
            else:
                self._rules.append((method.upper() if method else None, re.compile(path or ".*", re.I), ms))

    def clear(self):
        with self._lock:
            self.global_ms = 0
            self._rules = []

    def delay_ms(self, method, path):
        with self._lock:
            delays = [self.global_ms] + [ms for m, rx, ms in self._rules
                                         if (m is None or m == method) and rx.search(path)]
        return max(delays)

    def describe(self):
        with self._lock:
            return {"global_ms": self.global_ms,
                    "rules": [{"method": m, "path": rx.pattern, "ms": ms} for m, rx, ms in self._rules]}


class Faults:
    """Rules that turn matching requests into error responses.

    A rule matches by method and path regex (searched in the path without query) or, for
    `fail_request(k)`, by the global request counter. `nth` counts matches since the rule
    was added; one-shot rules fire once at the nth match, persistent ones from the nth on.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []
        self._counter = 0
        self._ids = itertools.count(1)

    def add(self, method=None, path=None, nth=1, status=500, code="InternalServerError", message=None,
            retry_after=None, persistent=False, request_index=None):
        rule = {"id": next(self._ids), "method": method.upper() if method else None, "path": path,
                "rx": re.compile(path, re.I) if path else None, "nth": int(nth), "status": int(status),
                "code": code, "message": message or f"Injected fault: {code}.", "retry_after": retry_after,
                "persistent": bool(persistent), "seen": 0, "fired": 0, "request_index": request_index}
        with self._lock:
            if request_index is not None:
                rule["request_index"] = self._counter + int(request_index)
            self._rules.append(rule)
        return self._public(rule)

    @staticmethod
    def _public(rule):
        return {k: v for k, v in rule.items() if k != "rx"}

    def clear(self):
        with self._lock:
            self._rules = []

    def list(self):
        with self._lock:
            return [self._public(r) for r in self._rules]

    def check(self, method, path):
        """Count this request; return the rule that fires for it, or None."""
        with self._lock:
            self._counter += 1
            for rule in self._rules:
                if rule["request_index"] is not None:
                    if self._counter == rule["request_index"]:
                        rule["fired"] += 1
                        return dict(rule)
                    continue
                if rule["method"] and rule["method"] != method:
                    continue
                if rule["rx"] and not rule["rx"].search(path):
                    continue
                rule["seen"] += 1
                if rule["seen"] == rule["nth"] or (rule["persistent"] and rule["seen"] > rule["nth"]):
                    rule["fired"] += 1
                    return dict(rule)
        return None



class Hold:
    """One held request: `arrived` is set when it reaches the sandbox, which then waits (before
    processing it) until `release()`; so a test can act at an exact point of a client's run, e.g.
    kill the client while its request is in flight."""

    def __init__(self, method, path, nth, timeout):
        self.method, self.rx, self.nth, self.timeout = method, re.compile(path, re.I), nth, timeout
        self.seen = 0
        self.arrived = threading.Event()
        self._released = threading.Event()
        self.request = None              # (method, path) of the held request

    def release(self):
        self._released.set()

    def wait_here(self):
        self.arrived.set()
        self._released.wait(self.timeout)


class Holds:
    def __init__(self):
        self._lock = threading.Lock()
        self._holds = []

    def add(self, method=None, path=".*", nth=1, timeout=60):
        hold = Hold(method.upper() if method else None, path, int(nth), timeout)
        with self._lock:
            self._holds.append(hold)
        return hold

    def check(self, method, path):
        """The hold this request must wait at, or None (each hold catches one request: its nth match)."""
        with self._lock:
            for hold in self._holds:
                if hold.arrived.is_set() or (hold.method and hold.method != method) or not hold.rx.search(path):
                    continue
                hold.seen += 1
                if hold.seen == hold.nth:
                    hold.request = (method, path)
                    return hold
        return None

    def clear(self):
        with self._lock:
            holds, self._holds = self._holds, []
        for hold in holds:
            hold.release()
