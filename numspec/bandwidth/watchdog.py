"""One wall-clock deadline per request: connect, headers and body together.

requests' read timeout bounds each socket read, so a server sending one byte a second never
trips it. A `Watchdog` is armed around one request on the calling thread; the session's
connections register their socket with it, and when the deadline passes it shuts that socket
down, which wakes the blocked read with an error the transport reports as a timeout.
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_armed = threading.local()


class Watchdog:
    """Shut down the current request's socket once `seconds` have passed."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._sock: socket.socket | None = None
        self._done = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        _armed.watchdog = self
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()
        _armed.watchdog = None

    def attach(self, sock: socket.socket | None) -> None:
        """Watch `sock` (the connection the request is using)."""
        if sock is None:
            return
        with self._lock:
            self._sock = sock
            if self.fired and not self._done:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _register(conn: Any) -> None:
    watchdog = getattr(_armed, "watchdog", None)
    if watchdog is not None:
        watchdog.attach(getattr(conn, "sock", None))


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _register(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)  # a pooled connection that is already open
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _register(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class WatchedAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections report their sockets to the armed Watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


def new_session(pool_size: int, user_agent: str) -> requests.Session:
    """Return a Session whose connection pool fits `pool_size` concurrent requests."""
    session = requests.Session()
    adapter = WatchedAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent
    return session
