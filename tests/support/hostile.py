"""A misbehaving HTTP server on 127.0.0.1 for one test: each route writes raw bytes as it likes.

`HostileServer(routes)` maps "METHOD /path" to a function `(handler) -> None` that writes the
whole reply (status line, headers, body) to `handler.wfile` itself, so a test can send a
redirect, an HTML page, an endless chunked body or one byte a second. Unrouted requests get an
empty 404. The default token route issues `TOKEN`. `calls` lists "METHOD /path?query" seen.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

TOKEN = "tok-hostile-9f8e7d6c5b4a"
SECRET = "hostile-secret-value-0123"
CLIENT_ID = "hostile-client"
ACCOUNT = "9900000"
API_PATH = "/api/v2"
TOKEN_PATH = "/api/v1/oauth2/token"
ACCOUNT_PATH = f"{API_PATH}/accounts/{ACCOUNT}"

Route = Callable[["Handler"], None]


def reply(
    handler: Handler,
    status: int,
    body: bytes = b"",
    content_type: str = "application/xml",
    **h: str,
) -> None:
    """Write a complete reply with a Content-Length."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in h.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def xml(body: str, status: int = 200) -> Route:
    return lambda h: reply(h, status, body.encode())


def token_route(token: str = TOKEN) -> Route:
    body = json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": 3600})
    return lambda h: reply(h, 200, body.encode(), "application/json")


def endless_chunks(h: Handler) -> None:
    """A 200 whose chunked body never ends (until the client hangs up)."""
    h.send_response(200)
    h.send_header("Content-Type", "application/xml")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<x>" + b"a" * 65536 + b"</x>"
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    try:
        h.wfile.write(b"5\r\n<Big>\r\n")
        while True:
            h.wfile.write(frame)
    except OSError:
        return


def one_byte_a_second(h: Handler, *, headers_too: bool = False) -> None:
    """Slowloris: the reply trickles in one byte every 0.2 s, for ever."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n"
    data = head + b"<SitesResponse>" + b" " * 100000
    start = 0 if headers_too else len(head)
    try:
        if start:
            h.wfile.write(head)
        for i in range(start, len(data)):
            h.wfile.write(data[i : i + 1])
            h.wfile.flush()
            time.sleep(0.2)
    except OSError:
        return


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _route(self) -> None:
        self.server.calls.append(f"{self.command} {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        route = self.server.routes.get(f"{self.command} {path}")
        if route is None:
            reply(self, 404)
        else:
            route(self)

    do_GET = do_POST = do_DELETE = _route

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    calls: list[str]


class HostileServer:
    """Serve `routes` on 127.0.0.1 (port 0) in a thread until the context exits."""

    def __init__(self, routes: dict[str, Route], *, token: Route | None = None) -> None:
        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.routes = {f"POST {TOKEN_PATH}": token or token_route(), **routes}
        self._server.calls = []
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return self.base + API_PATH

    @property
    def token_url(self) -> str:
        return self.base + TOKEN_PATH

    @property
    def calls(self) -> list[str]:
        return self._server.calls

    def env(self) -> dict[str, str]:
        """BANDWIDTH_* pointing at this server."""
        return {
            "BANDWIDTH_API_URL": self.api_url,
            "BANDWIDTH_TOKEN_URL": self.token_url,
            "BANDWIDTH_CLIENT_ID": CLIENT_ID,
            "BANDWIDTH_CLIENT_SECRET": SECRET,
        }

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
