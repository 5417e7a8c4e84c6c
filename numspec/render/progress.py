"""Apply's progress on stderr: a live table on a terminal, timestamped lines otherwise."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.table import Table

from numspec.apply.events import ApplyEvent, EventSink

_STYLE = {"done": "green", "blocked": "yellow", "failed": "red", "lost": "magenta"}


class PlainProgress:
    """One timestamped line per event."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def __call__(self, event: ApplyEvent) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = [stamp, event.address, event.kind]
        if event.order_id:
            parts.append(f"order {event.order_id}")
        if event.detail:
            parts.append(event.detail)
        parts.append(f"({event.held}/{event.desired})")
        with self._lock:
            self._stream.write(" ".join(parts) + "\n")
            self._stream.flush()


class LiveProgress:
    """A table with one row per group: what it is doing, its order, its count."""

    def __init__(self) -> None:
        self._rows: dict[str, ApplyEvent] = {}
        self._lock = threading.Lock()
        self.live: Live | None = None

    def __call__(self, event: ApplyEvent) -> None:
        with self._lock:
            previous = self._rows.get(event.address)
            if event.order_id is None and previous is not None:  # keep showing the last order
                event = ApplyEvent(
                    event.address,
                    event.kind,
                    event.detail,
                    previous.order_id,
                    event.held,
                    event.desired,
                )
            self._rows[event.address] = event
            if self.live is not None:
                self.live.update(self.table())

    def table(self) -> Table:
        table = Table(box=None, header_style="bold")
        for column in ("group", "step", "order", "held", "detail"):
            table.add_column(column)
        for address in sorted(self._rows):
            e = self._rows[address]
            step = f"[{_STYLE.get(e.kind, 'cyan')}]{e.kind}[/]"
            table.add_row(address, step, e.order_id or "", f"{e.held}/{e.desired}", e.detail)
        return table


@contextlib.contextmanager
def progress(stream: TextIO, *, live: bool | None = None) -> Iterator[EventSink]:
    """Yield an event sink that shows progress on `stream` (live when it is a terminal)."""
    if live is None:
        live = stream.isatty()
    if not live:
        yield PlainProgress(stream)
        return
    sink = LiveProgress()
    console = Console(file=stream)
    with Live(sink.table(), console=console, refresh_per_second=8, transient=False) as display:
        sink.live = display
        yield sink
