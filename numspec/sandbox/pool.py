"""The sandbox's pool of available numbers, generated deterministically from a seed.

The pool is drawn from blocks whose every completion libphonenumber accepts as valid and of the
block's type (NANP NPA-NXX blocks; international prefixes leaving four free digits, checked
exhaustively when the blocks were chosen). Generation therefore never calls libphonenumber; the
tests check every generated number. docs/sandbox-pool.md describes what the pool holds.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache

from numspec.phone import keypad_digits
from numspec.sandbox.geo_intl import COUNTRY_CODES, INTL_BLOCKS
from numspec.sandbox.geo_nanp import (
    CITIES,
    LOCAL_VANITY_NPAS,
    LOCAL_VANITY_WORDS,
    TOLL_FREE_VANITY_WORDS,
    nxx_plan,
    toll_free_plan,
)
from numspec.sandbox.records import AvailableNumber

__all__ = [
    "COUNTRIES",
    "EXAMPLE_LINES",
    "MAX_SCALE",
    "POOL_VERSION",
    "generate_pool",
]

# Bump whenever generate_pool's output changes: servers cache the built database under it.
POOL_VERSION = 2

NANP_PER_NXX = 200
# `generate_pool(scale=k)` draws k times as many lines in every NANP NPA-NXX block (a bigger
# pool for benchmarks at a million numbers); each block has 10,000 lines, hence the ceiling.
MAX_SCALE = 10_000 // NANP_PER_NXX
TOLL_FREE_PER_NXX = 100
INTL_PER_BLOCK = 150

_LINES = range(10_000)
_TYPE_ORDER = ("GEOGRAPHIC", "NATIONAL", "MOBILE", "TOLL_FREE", "SHARED_COST")

# Lines present for every seed, by block (E.164 head): the numbers the README, docs/ and
# examples/pinned-numbers.yaml pin. NANP keeps 555-0100 to 555-0199 for fiction, and Ofcom
# keeps 020 7946 0000 to 0999 for drama, so these were chosen from those ranges.
EXAMPLE_LINES: dict[str, frozenset[int]] = {
    "+1919555": frozenset(range(100, 120)),
    "+44207946": frozenset(range(20)),
}


# What every pool number is sold at: the tier, vendor id and vendor name a search reports.
ON_SALE = ("0", "49", "Bandwidth CLEC")


def _countries() -> dict[str, tuple[str, ...]]:
    kinds: dict[str, set[str]] = {"USA": {"GEOGRAPHIC", "TOLL_FREE"}}
    for city in CITIES:
        kinds.setdefault(city.country, set()).add("GEOGRAPHIC")
    for country, kind, *_ in INTL_BLOCKS:
        kinds.setdefault(country, set()).add(kind)
    return {c: tuple(k for k in _TYPE_ORDER if k in kinds[c]) for c in kinds}


COUNTRIES: dict[str, tuple[str, ...]] = _countries()


def generate_pool(seed: int = 0, scale: int = 1) -> Iterator[AvailableNumber]:
    """Yield the whole pool for a seed: NANP geographic, then toll-free, then international.

    `scale` multiplies the lines drawn per NANP NPA-NXX block (1 to MAX_SCALE); scale 1 is the
    default pool, unchanged.
    """
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"pool scale must be an integer from 1 to {MAX_SCALE}, not {scale}")
    rng = random.Random(seed)
    yield from _nanp(rng, NANP_PER_NXX * scale)
    yield from _toll_free(rng)
    yield from _international(rng)


def _nanp(rng: random.Random, per_nxx: int) -> Iterator[AvailableNumber]:
    vanity = _local_vanity_lines()
    for city, rc, npa, nxxs in nxx_plan():
        for nxx in nxxs:
            lines = set(rng.sample(_LINES, per_nxx)) | vanity.get(npa + nxx, frozenset())
            lines |= EXAMPLE_LINES.get(f"+1{npa}{nxx}", frozenset())
            for line in sorted(lines):
                zip_code = rng.choice(city.zips) if city.zips else None
                yield AvailableNumber(
                    f"+1{npa}{nxx}{line:04d}",
                    city.country,
                    "GEOGRAPHIC",
                    npa,
                    city.name,
                    city.state,
                    rc.name,
                    city.lata,
                    zip_code,
                    *ON_SALE,
                )


def _toll_free(rng: random.Random) -> Iterator[AvailableNumber]:
    words = [keypad_digits(w) for w in TOLL_FREE_VANITY_WORDS]
    for prefix, nxxs in toll_free_plan():
        blocks = {nxx: set(rng.sample(_LINES, TOLL_FREE_PER_NXX)) for nxx in nxxs}
        for digits in words:
            blocks.setdefault(digits[:3], set()).add(int(digits[3:]))
        for nxx in sorted(blocks):
            for line in sorted(blocks[nxx]):
                number = f"+1{prefix}{nxx}{line:04d}"
                yield AvailableNumber(
                    number, "USA", "TOLL_FREE", prefix, None, None, None, None, None, *ON_SALE
                )


def _international(rng: random.Random) -> Iterator[AvailableNumber]:
    for country, kind, city, area_code, prefix in INTL_BLOCKS:
        head = f"+{COUNTRY_CODES[country]}{prefix}"
        lines = set(rng.sample(_LINES, INTL_PER_BLOCK)) | EXAMPLE_LINES.get(head, frozenset())
        for line in sorted(lines):
            yield AvailableNumber(
                f"{head}{line:04d}",
                country,
                kind,
                area_code,
                city,
                None,
                None,
                None,
                None,
                *ON_SALE,
            )


@cache
def _local_vanity_lines() -> dict[str, frozenset[int]]:
    """Map NPA-NXX to the vanity line numbers placed in it (the same for every seed)."""
    by_npa: dict[str, list[str]] = {}
    for _city, _rc, npa, nxxs in nxx_plan():
        by_npa.setdefault(npa, []).extend(nxxs)
    placed: dict[str, set[int]] = {}
    for npa in LOCAL_VANITY_NPAS:
        for index, word in enumerate(LOCAL_VANITY_WORDS):
            digits = keypad_digits(word)
            head, line = digits[:-4], int(digits[-4:])
            # Rotate the start so the four-letter words spread over several NXXs.
            rotated = by_npa[npa][index:] + by_npa[npa][:index]
            nxx = next((n for n in rotated if n.endswith(head)), None)
            if nxx is not None:
                placed.setdefault(npa + nxx, set()).add(line)
    return {block: frozenset(lines) for block, lines in placed.items()}
