"""The sandbox's WSGI application: routing, auth, limits and faults around the handlers."""

from __future__ import annotations

import hmac
import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from numspec.sandbox import (
    admin,
    handlers,
    handlers_listings,
    handlers_moves,
    handlers_sites,
    handlers_voice,
)
from numspec.sandbox.backend import Backend
from numspec.sandbox.wire import MAX_BODY, response_status

log = logging.getLogger(__name__)

A = "/api/v2/accounts/<accountId>"
V = "/v2/accounts/<accountId>"  # the platform's JSON endpoints, on the host root
VCP = f"{V}/voiceConfigurationPackages"
Handler = Callable[[Backend, Request, dict[str, str]], Response]

# (rule, method, handler, rate-limit bucket)
ROUTES: tuple[tuple[str, str, Handler, str], ...] = (
    (f"{A}/availableNumbers", "GET", handlers.search, "SEARCH"),
    (f"{A}/sites", "GET", handlers.sites, "ACCOUNT"),
    (f"{A}/sites", "POST", handlers_sites.create_site, "ACCOUNT"),
    (f"{A}/sites/<siteId>", "GET", handlers.site, "ACCOUNT"),
    (f"{A}/sites/<siteId>/sippeers", "GET", handlers.peers, "ACCOUNT"),
    (f"{A}/sites/<siteId>/sippeers", "POST", handlers_sites.create_peer, "ACCOUNT"),
    (f"{A}/sites/<siteId>/sippeers/<peerId>", "GET", handlers_sites.peer, "ACCOUNT"),
    (f"{A}/sites/<siteId>/sippeers/<peerId>/tns", "GET", handlers.location_tns, "ACCOUNT"),
    (f"{A}/sites/<siteId>/inserviceNumbers", "GET", handlers.site_in_service, "INSERVICE_NPANXX"),
    (f"{A}/inserviceNumbers", "GET", handlers.account_in_service, "INSERVICE_NPANXX"),
    (f"{A}/inserviceNumbers/totals", "GET", handlers.in_service_totals, "INSERVICE_NPANXX"),
    (f"{A}/inserviceNumbers/<tn>", "GET", handlers.in_service_one, "INSERVICE_NPANXX"),
    (f"{A}/orders", "POST", handlers.create_order, "ORDER"),
    (f"{A}/orders", "GET", handlers_listings.list_orders, "HISTORY"),
    (f"{A}/orders/<orderId>", "GET", handlers.get_order, "HISTORY"),
    (f"{A}/disconnects", "POST", handlers.create_disconnect, "DISCONNECT"),
    (f"{A}/disconnects", "GET", handlers_listings.list_disconnects, "HISTORY"),
    (f"{A}/disconnects/<orderId>", "GET", handlers.get_disconnect, "HISTORY"),
    (f"{A}/tnreservation", "POST", handlers.reserve, "ORDER"),
    (f"{A}/tnreservation/<reservationId>", "GET", handlers.get_reservation, "ORDER"),
    (f"{A}/tnreservation/<reservationId>", "DELETE", handlers.delete_reservation, "ORDER"),
    (f"{A}/moveTns", "POST", handlers_moves.create_move, "MOVE_TNS"),
    (f"{A}/moveTns", "GET", handlers_moves.list_moves, "MOVE_TNS"),
    (f"{A}/moveTns/<orderId>", "GET", handlers_moves.get_move, "MOVE_TNS"),
    (f"{A}/moveTns/<orderId>/history", "GET", handlers_moves.move_history, "MOVE_TNS"),
    ("/api/v2/tns", "GET", handlers.tns, "HISTORY"),
    ("/api/v2/tns/<tn>", "GET", handlers.tn, "HISTORY"),
    ("/api/v2/tns/<tn>/tndetails", "GET", handlers.tn_details, "HISTORY"),
    ("/api/v2/restrictions", "GET", handlers.restrictions, "ACCOUNT"),
    (VCP, "GET", handlers_voice.list_packages, "ACCOUNT"),
    (VCP, "POST", handlers_voice.create_package, "ACCOUNT"),
    (f"{VCP}/<vcpId>", "GET", handlers_voice.get_package, "ACCOUNT"),
    (f"{VCP}/<vcpId>", "PATCH", handlers_voice.update_package, "ACCOUNT"),
    (f"{VCP}/<vcpId>", "DELETE", handlers_voice.delete_package, "ACCOUNT"),
    (f"{VCP}/<vcpId>/phoneNumbers/bulk", "POST", handlers_voice.bulk_assign, "ACCOUNT"),
    (f"{V}/phoneNumbers/voice", "GET", handlers_voice.voice_numbers, "ACCOUNT"),
)
TOKEN_RULE = "/api/v1/oauth2/token"
ADMIN: tuple[tuple[str, str, Handler], ...] = (
    ("/_sandbox/config", "GET", admin.get_config),
    ("/_sandbox/config", "POST", admin.set_config),
    ("/_sandbox/stats", "GET", admin.stats),
    ("/_sandbox/reset-stats", "POST", admin.reset_stats),
    ("/_sandbox/populate", "POST", admin.populate),
)
ADMIN_TOKEN_HEADER = "X-Sandbox-Admin-Token"
# Characters XML 1.0 cannot carry: a query or path holding one is refused before any handler
# could echo it into a reply (it used to end in a 500).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Only these may lose their reply after the change was stored (the client must look it up).
LOSSY = (
    ("POST", f"{A}/orders"),
    ("POST", f"{A}/disconnects"),
    ("POST", f"{VCP}/<vcpId>/phoneNumbers/bulk"),
    ("POST", f"{A}/moveTns"),
)


def template(rule: str) -> str:
    """`/accounts/<accountId>` -> `/accounts/{accountId}` (the stats key)."""
    return rule.replace("<", "{").replace(">", "}")


def _rules() -> Iterable[Rule]:
    for rule, method, handler, bucket in ROUTES:
        yield Rule(rule, methods=[method], endpoint=(handler, bucket, rule))
    yield Rule(TOKEN_RULE, methods=["POST"], endpoint=(admin.token, "TOKEN", TOKEN_RULE))
    for rule, method, handler in ADMIN:
        yield Rule(rule, methods=[method], endpoint=(handler, "", rule))


def not_found(description: str = "The resource was not found") -> Response:
    body = response_status("ErrorResponse", "404", description)
    return Response(body, status=404, content_type="application/xml")


class SandboxApp:
    """WSGI callable serving one Backend."""

    def __init__(self, backend: Backend, *, admin_token: str | None = None) -> None:
        self.backend = backend
        self.admin_token = admin_token  # required on the admin routes when set (non-loopback)
        self.url_map = Map(list(_rules()), strict_slashes=False, merge_slashes=False)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = MAX_BODY + 1  # one byte over tells "too large" from "full"
        try:
            response = self.dispatch(request)
        except HTTPException as e:
            response = Response(b"", status=e.code or 500)
        except Exception:  # noqa: BLE001 - a bug in the sandbox must not kill the server
            log.exception("sandbox handler failed: %s %s", request.method, request.path)
            response = Response(b"", status=500)
        finally:
            self.backend.store.release()
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            endpoint, matched = adapter.match()
        except NotFound:
            self.backend.stats.request(f"{request.method} <unmatched>")
            return not_found()
        except MethodNotAllowed:
            self.backend.stats.request(f"{request.method} <unmatched>")
            return Response(b"", status=405)
        handler: Handler = endpoint[0]
        bucket: str = endpoint[1]
        rule: str = endpoint[2]
        args = {k: str(v) for k, v in matched.items()}
        self.backend.stats.request(f"{request.method} {template(rule)}")
        if _too_large(request):
            return Response(b"", status=413)
        if _holds_control_characters(request, args):
            body = response_status("ErrorResponse", "400", "the request holds a control character")
            return Response(body, status=400, content_type="application/xml")
        if not bucket:  # the admin routes: no faults, no limits; a token when not on loopback
            return self._admin_gate(request) or handler(self.backend, request, args)
        latency = self.backend.switches.request_latency
        if latency > 0:  # a network's round trip: requests in parallel wait in parallel
            time.sleep(latency)
        if bucket != "TOKEN":
            refused = self._gate(request, args)
            if refused is not None:
                return refused
        return self._limited(handler, bucket, rule, request, args)

    def _admin_gate(self, request: Request) -> Response | None:
        """Refuse an admin call without the admin token (when one is set), or a POST not JSON.

        Requiring `application/json` keeps a web page from changing the sandbox with a
        cross-site form or `text/plain` POST (browsers send those without asking).
        """
        if self.admin_token is not None:
            given = request.headers.get(ADMIN_TOKEN_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.admin_token.encode()):
                return admin.json_response({"error": f"send the {ADMIN_TOKEN_HEADER} header"}, 401)
        if request.method == "POST" and request.mimetype != "application/json":
            return admin.json_response(
                {"error": "admin POSTs need Content-Type: application/json"}, 415
            )
        return None

    def _gate(self, request: Request, args: dict[str, str]) -> Response | None:
        auth = request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not self.backend.token_valid(token.strip()):
            return Response(b"", status=401, headers={"WWW-Authenticate": "Bearer"})
        if "accountId" in args and args["accountId"] != self.backend.account_id:
            return Response(b"", status=403)
        self.backend.tick()
        return None

    def _limited(
        self, handler: Handler, bucket: str, rule: str, request: Request, args: dict[str, str]
    ) -> Response:
        s = self.backend.switches
        reset = self.backend.limiter.check(bucket, s.rate_limits.get(bucket))
        if reset is not None:
            return _too_many(reset)
        if bucket == "TOKEN":
            return handler(self.backend, request, args)
        lossy = (request.method, rule) in LOSSY
        fault = self.backend.faults.draw(s.fault_rate, may_lose_reply=lossy)
        if fault is None:
            return handler(self.backend, request, args)
        if fault.after_commit:
            handler(self.backend, request, args)  # stored; the reply is lost on the way
        if fault.status == 429:
            return _too_many(None)
        return Response(b"", status=fault.status)


def _holds_control_characters(request: Request, args: dict[str, str]) -> bool:
    values = [*args.values(), *request.args.keys(), *request.args.values()]
    return any(_NOT_XML.search(v) for v in values)


def _too_large(request: Request) -> bool:
    """Whether the body is over MAX_BODY; a chunked body (no Content-Length) is read to see."""
    if request.content_length is not None:
        return request.content_length > MAX_BODY
    # Werkzeug stops reading a chunked body at max_content_length without an error, so an
    # oversized body would reach the handlers cut short; read it (bounded) and measure.
    return len(request.get_data(cache=True)) > MAX_BODY


def _too_many(reset: float | None) -> Response:
    when = math.ceil(reset if reset is not None else time.time() + 1)
    return Response(b"", status=429, headers={"X-RateLimit-Reset": str(when)})
