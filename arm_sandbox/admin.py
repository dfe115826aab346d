"""Admin endpoints under /_sandbox/ (no token needed): state, seed, log, faults, latency, shutdown."""
import json
import threading

from .arm import Response


def _body(req):
    try:
        return json.loads(req.body_bytes) if req.body_bytes else {}
    except ValueError:
        return None


def handle_admin(sb, req):
    path = req.path.lower().rstrip("/")
    m = req.method
    body = _body(req)
    if body is None:
        return Response(400, {"error": {"code": "InvalidJson", "message": "The request body is not JSON."}})
    if path == "/_sandbox" or path == "/_sandbox/info":
        return Response(200, info(sb))
    if path == "/_sandbox/state":
        if m == "GET":
            return Response(200, sb.dump())
        if m == "PUT":
            sb.restore(body)
            return Response(200, {"resources": len(sb.store)})
        if m == "DELETE":
            sb.reset()
            return Response(204, None)
    if path == "/_sandbox/reset" and m == "POST":
        sb.reset()
        sb.clear_log()
        sb.clear_faults()
        sb.clear_latency()
        return Response(204, None)
    if path == "/_sandbox/seed" and m == "POST":
        sb.seed(body)
        return Response(200, {"resources": len(sb.store)})
    if path == "/_sandbox/log":
        if m == "GET":
            return Response(200, {"value": sb.requests})
        if m == "DELETE":
            sb.clear_log()
            return Response(204, None)
    if path == "/_sandbox/faults":
        if m == "GET":
            return Response(200, {"value": sb.faults.list()})
        if m == "POST":
            if "request" in body:  # fail the k-th request from now
                k = body.pop("request")
                rule = sb.fail_request(k, **{x: body[x] for x in ("status", "code", "message", "retry_after") if x in body})
            else:
                rule = sb.inject_fault(**body)
            return Response(201, rule)
        if m == "DELETE":
            sb.clear_faults()
            return Response(204, None)
    if path == "/_sandbox/latency":
        if m == "GET":
            return Response(200, sb.latency.describe())
        if m == "PUT":
            if body.get("clear"):
                sb.clear_latency()
            if "ms" in body:
                sb.set_latency(body["ms"], body.get("method"), body.get("path"))
            return Response(200, sb.latency.describe())
        if m == "DELETE":
            sb.clear_latency()
            return Response(204, None)
    if path == "/_sandbox/shutdown" and m == "POST":
        # stop() joins the serving thread, so it must not run on this request's thread; the short
        # delay lets this response reach the client before the process may exit.
        timer = threading.Timer(0.2, sb.stop)
        timer.daemon = True
        timer.start()
        return Response(202, {"status": "stopping"})
    return Response(404, {"error": {"code": "NotFound", "message": f"No admin endpoint '{m} {req.path}'."}})


def info(sb):
    return {"url": sb.url, "caBundle": sb.ca_bundle, "subscriptionId": sb.subscription_id, "tenantId": sb.tenant_id,
            "clientId": sb.client_id, "principalId": sb.principal_id, "pageSize": sb.page_size,
            "azLoginCommands": [["az"] + c for c in sb.az_login_commands()], "env": sb.az_env("<config dir>")}
