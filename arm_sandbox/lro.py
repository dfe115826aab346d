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

    def azure_async(self, req, status, body, headers, namespace, location):
        """Answer `status` with `body` at once plus an Azure-AsyncOperation monitor; the monitor answers
        200 {"status": "InProgress"} for the configured polls, then {"status": "Succeeded"}."""
        op_id = self._new("async", None)
        sub = req.groups.get("sub") or req.sandbox.subscription_id
        url = (f"{req.base_url}/subscriptions/{sub}/providers/{namespace}/locations/{location}/operationStatuses/"
               f"{op_id}?api-version={req.api_version}")
        return Response(status, body, {**headers, "Azure-AsyncOperation": url, **self._headers()})

    def poll(self, req, op_id):
        with self._lock:
            op = self._ops.get(op_id.lower())
            if op is None:
                raise ArmError(404, "OperationNotFound", f"The operation '{op_id}' could not be found.")
            running = op["left"] > 0
            if running:
                op["left"] -= 1
        if op["style"] == "async":
            state = "InProgress" if running else "Succeeded"
            body = {"id": req.path, "name": op_id, "status": state, "startTime": op["started"]}
            if not running:
                body["endTime"] = now_iso()
            return Response(200, body, self._headers() if running else {})
        if running:
            return Response(202, None, {"Location": f"{req.base_url}{req.path}?{_qs(req)}", **self._headers()})
        return op["final"]()

    def clear(self):
        with self._lock:
            self._ops = {}


def _qs(req):
    from urllib.parse import urlencode
    return urlencode(req.query)
