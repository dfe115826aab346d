"""Long-running operations: status monitors that finish after a set number of polls.

Two shapes exist in ARM and the SDK pollers treat them differently:
- Azure-AsyncOperation: a status resource answering 200 {"status": "InProgress"|"Succeeded"};
  the poller then GETs the resource itself (for PUT/PATCH).
- Location: answers 202 while running, then the final status code and body.
"""
import threading

from .arm import ArmError, Response, new_guid, now_iso


class Operations:
    def __init__(self, polls=1, retry_after=1):
        self._lock = threading.Lock()
        self._ops = {}
        self.polls = polls              # polls answered "still running" before completion
        self.retry_after = retry_after  # whole seconds (SDKs parse it as int); real ARM says 10-60, tests want speed. 0 would make pollers fall back to their 30 s default.

    def _new(self, style, final):
        op_id = new_guid()
        with self._lock:
            self._ops[op_id.lower()] = {"style": style, "left": self.polls, "final": final,
                                        "started": now_iso()}
        return op_id

    def _headers(self):
        return {"Retry-After": str(self.retry_after)} if self.retry_after not in (None, "") else {}

    def location(self, req, final, path=None, namespace=None, location=None):
        """Answer 202 + Location; `final()` builds the Response once the operation is done."""
        op_id = self._new("location", final)
        sub = req.groups.get("sub") or req.sandbox.subscription_id
        if path is None:
            path = (f"/subscriptions/{sub}/providers/{namespace}/locations/{location}/asyncoperations/{op_id}"
                    if namespace else f"/subscriptions/{sub}/operationresults/{op_id}")
        else:
            path = f"{path}/{op_id}"
        url = f"{req.base_url}{path}?api-version={req.api_version}"
        if namespace:
            url += "&monitor=true"
        return Response(202, None, {"Location": url, **self._headers()})

    def poll(self, req, op_id):
        with self._lock:
            op = self._ops.get(op_id.lower())
            if op is None:
                raise ArmError(404, "OperationNotFound", f"The operation '{op_id}' could not be found.")
            running = op["left"] > 0
            if running:
                op["left"] -= 1
        if running:
            return Response(202, None, {"Location": f"{req.base_url}{req.path}?{_qs(req)}", **self._headers()})
        return op["final"]()

    def clear(self):
        with self._lock:
            self._ops = {}


def _qs(req):
    from urllib.parse import urlencode
    return urlencode(req.query)
