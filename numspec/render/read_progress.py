"""Plan's progress while reading a large account: rich bars on stderr, only on a terminal."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
)

ProgressCallback = Callable[[str, int, int | None], None]

_LABELS = {
    "orders": "Reading in-flight orders",
    "numbers": "Reading held numbers",
    "sites": "Reading sites",
}


@contextlib.contextmanager
def read_progress(stream: TextIO, *, live: bool | None = None) -> Iterator[ProgressCallback | None]:
    """Yield a progress callback drawing on `stream`, or None when it is not a terminal."""
    if live is None:
        live = stream.isatty()
    if not live:
        yield None
        return
    console = Console(file=stream)
    bars = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}
    lock = threading.Lock()

    def report(stage: str, done: int, total: int | None) -> None:
        with lock:
            if stage not in tasks:
                tasks[stage] = bars.add_task(_LABELS.get(stage, stage), total=total)
            bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield report
