"""Run the sandbox: a threaded Werkzeug server on loopback, embedded or in the foreground."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from numspec.errors import SandboxError
from numspec.sandbox.app import SandboxApp
from numspec.sandbox.backend import CLIENT_ID, CLIENT_SECRET, Backend
from numspec.sandbox.store import ACCOUNT_ID, Store, prepare_database
from numspec.sandbox.switches import Switches

log = logging.getLogger(__name__)

TICK_SECONDS = 0.1


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to the debug log, not to stderr."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug("%s %s -> %s", self.command, self.path, code)


def build_backend(db_path: Path, *, seed: int = 0, pool_scale: int = 1, **switches: Any) -> Backend:
    """Prepare the database (from the seed's template) and return a Backend over it."""
    prepare_database(db_path, seed, pool_scale)
    settings = Switches()
    settings.update(switches)
    return Backend(Store(db_path), settings, seed)


@dataclass
class EmbeddedSandbox:
    """A sandbox serving in background threads; a context manager that stops it on exit."""

    server: BaseWSGIServer
    backend: Backend
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    account_id: str = ACCOUNT_ID
    _threads: list[threading.Thread] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        host, port = str(self.server.server_address[0]), int(self.server.server_address[1])
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/v2"

    @property
    def token_url(self) -> str:
        return self.url + "/api/v1/oauth2/token"

    def start(self) -> EmbeddedSandbox:
        serve = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="sandbox-http",
            daemon=True,
        )
        ticker = threading.Thread(target=self._tick, name="sandbox-ticker", daemon=True)
        self._threads = [serve, ticker]
        for t in self._threads:
            t.start()
        return self

    def _tick(self) -> None:
        while not self._stopping.wait(TICK_SECONDS):
            try:
                self.backend.tick()
            except Exception:  # noqa: BLE001 - keep ticking; requests also process lazily
                log.exception("sandbox ticker failed")

    def stop(self) -> None:
        """Stop serving, join the threads, close the database."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
        for t in self._threads:
            t.join(timeout=5)
        self.backend.store.close()

    def __enter__(self) -> EmbeddedSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_embedded(
    db_path: Path,
    *,
    seed: int = 0,
    pool_scale: int = 1,
    order_latency: float = 0.5,
    race_rate: float = 0.0,
    fault_rate: float = 0.0,
    host: str = "127.0.0.1",
    port: int = 0,
    admin_token: str | None = None,
    **more_switches: Any,
) -> EmbeddedSandbox:
    """Start a sandbox on `host:port` (0: any free port) in background threads.

    With `admin_token`, the /_sandbox admin routes answer only requests carrying it.
    """
    backend = build_backend(
        Path(db_path),
        seed=seed,
        pool_scale=pool_scale,
        order_latency=order_latency,
        race_rate=race_rate,
        fault_rate=fault_rate,
        **more_switches,
    )
    try:
        server = make_server(
            host,
            port,
            SandboxApp(backend, admin_token=admin_token),
            threaded=True,
            request_handler=_QuietHandler,
        )
    except OSError as e:
        backend.store.close()
        raise SandboxError(f"the sandbox cannot listen on {host}:{port}: {e}") from e
    server.daemon_threads = True  # type: ignore[attr-defined]
    return EmbeddedSandbox(server=server, backend=backend).start()
