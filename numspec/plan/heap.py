"""Give the C heap's free pages back to the operating system after a large read.

Holdings are read on worker threads, and glibc gives each busy thread its own malloc arena.
What a thread frees there (reply bodies, parsed XML trees, a listing's working sets) stays
resident and can be reused by that thread alone, so the planning that follows on the main
thread grows the process on top of it. `malloc_trim(0)` returns the free pages of every arena
(docs/performance.md has the figures). A no-op where the C library has no `malloc_trim`
(musl, macOS, Windows).
"""

from __future__ import annotations

import ctypes
import functools
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(None)  # the C library the interpreter runs on
    except OSError:  # pragma: no cover - Windows cannot open the running process this way
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def release_free_memory() -> None:
    """Return the C heap's free pages to the operating system, where the C library can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
