"""Which shape a reply takes: the real captures', the Order Numbers guide's, or a mix of both.

`captured` answers in the shapes of replies captured from the real API (the SDK test suites and
the v2 spec's examples); `seed` in the shapes of the ordering guide the sandbox was first built
from; `mixed` picks one of the two per reply, from a generator keyed by the seed and what the
reply is about, so a run reproduces and every test meets both. docs/sandbox.md lists each
choice and its source.
"""

from __future__ import annotations

import random

CAPTURED = "captured"
SEED = "seed"
MIXED = "mixed"
DIALECTS = (CAPTURED, SEED, MIXED)


def captured(dialect: str, seed: int, *about: object) -> bool:
    """Return whether this reply speaks the captured dialect.

    `about` names the reply (route and resource, e.g. "order", its id and status), so the same
    question in the same state always gets the same shape under `mixed`.
    """
    if dialect == CAPTURED:
        return True
    if dialect == SEED:
        return False
    key = ":".join(str(a) for a in about)
    return random.Random(f"dialect:{seed}:{key}").random() < 0.5
