"""Sort held numbers into the groups a human would declare (issue 7).

Each group's criteria describe its numbers with attributes the holdings carry, so that the
planner matches every exported number back to the group it came from:

- NANP toll-free: `toll_free_wildcard` `8D*`, which the API reads as the area code `8DD` (the
  third digit of a toll-free area code repeats the second; order-numbers guide). A toll-free
  number outside the area codes in use (800, 833, ..., 888) is pinned.
- NANP otherwise, by `group_by`: state + rate center (the default), area code, state + city, or
  state; a number lacking those attributes falls back to its area code.
- Elsewhere: type + area code (+ city when the holdings name one), or type + city with
  `group_by="city"`.
- A number no criteria describe is pinned in a `numbers` group of its country.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from numspec.bandwidth.models import HeldNumber
from numspec.export.names import join, unique
from numspec.spec.model import NANP_COUNTRIES

GroupBy = Literal["auto", "rate-center", "area-code", "city", "state"]
GROUP_BY_CHOICES: tuple[str, ...] = get_args(GroupBy)

Value = str | bool
Criteria = tuple[tuple[str, Value], ...]

# The order keys take in a group of the exported file: what a reader scans for first.
KEY_ORDER: tuple[str, ...] = ("country", "type", "state", "rate_center", "city", "area_code")
KEY_ORDER += ("lca", "toll_free_wildcard")

_STATE = re.compile(r"^[A-Z]{2}$")
_NANP_AREA_CODE = re.compile(r"^[2-9][0-9]{2}$")
_AREA_CODE = re.compile(r"^[0-9]{1,6}$")
# The toll-free area codes in use; a wildcard `8D*` names exactly the one of them that is `8DD`.
TOLL_FREE_NPAS = frozenset({"800", "833", "844", "855", "866", "877", "888"})
_TEXT = re.compile(r"^\S(?:.{0,62}\S)?$")  # city, rate center: 1 to 64 characters


@dataclass(frozen=True)
class ExportGroup:
    """One group of the exported file: its criteria, or the exact numbers it pins."""

    name: str
    country: str
    criteria: Criteria  # every key but country, in KEY_ORDER; empty when pinned
    numbers: tuple[str, ...]  # the held numbers the group describes, sorted
    pinned: bool = False

    @property
    def quantity(self) -> int:
        return len(self.numbers)


@dataclass(frozen=True)
class _Bucket:
    name: str
    country: str
    criteria: Criteria
    pinned: bool = False


def group_numbers(held: Iterable[HeldNumber], group_by: GroupBy = "auto") -> list[ExportGroup]:
    """Return the groups describing `held` (one site location's numbers), sorted by name."""
    members: dict[_Bucket, list[str]] = defaultdict(list)
    for number in held:
        members[_bucket(number, group_by)].append(number.number)
    groups: list[ExportGroup] = []
    taken: list[str] = []
    for bucket in sorted(members, key=lambda b: (b.name, repr(b.criteria))):
        name = unique(bucket.name, taken)
        taken.append(name)
        numbers = tuple(sorted(set(members[bucket])))
        groups.append(ExportGroup(name, bucket.country, bucket.criteria, numbers, bucket.pinned))
    return sorted(groups, key=lambda g: g.name)


def _bucket(h: HeldNumber, group_by: GroupBy) -> _Bucket:
    country = h.country.strip().upper()
    if country in NANP_COUNTRIES:
        bucket = _toll_free(h, country) or _nanp(h, country, group_by)
    else:
        bucket = _international(h, country, group_by)
    return bucket or _Bucket(join(country, "pinned", fallback="pinned"), country, (), True)


def _criteria(**values: Value | None) -> Criteria:
    return tuple((k, v) for k in KEY_ORDER if (v := values.get(k)) is not None)


def _clean(value: str | None, pattern: re.Pattern[str], *, upper: bool = True) -> str | None:
    if value is None:
        return None
    # Strip and upper-case exactly as the holdings reader does, so the criterion matches.
    text = value.strip().upper() if upper else value.strip()
    return text if pattern.match(text) else None


def nanp_area_code(h: HeldNumber) -> str | None:
    """Return the NPA of a NANP number: the holdings' area code, else the number's digits."""
    code = _clean(h.area_code, _NANP_AREA_CODE)
    if code is None and h.number.startswith("+1") and len(h.number) == 12:
        code = _clean(h.number[2:5], _NANP_AREA_CODE)
    return code


def _toll_free(h: HeldNumber, country: str) -> _Bucket | None:
    code = nanp_area_code(h) or ""
    known = code in TOLL_FREE_NPAS
    declared = (h.type or "").strip().upper() == "TOLL_FREE"
    if not declared and (h.type is not None or not known):
        return None
    if not known:  # no wildcard names this area code: pin the number
        return _Bucket("toll-free-pinned", country, (), True)
    wildcard = f"{code[:2]}*"
    criteria = _criteria(toll_free_wildcard=wildcard)
    return _Bucket(join("toll-free", code, fallback="tf"), country, criteria)


def _nanp(h: HeldNumber, country: str, group_by: GroupBy) -> _Bucket | None:
    state = _clean(h.state, _STATE)
    rate_center = _clean(h.rate_center, _TEXT)
    city = _clean(h.city, _TEXT)
    if group_by in ("auto", "rate-center") and state and rate_center:
        criteria = _criteria(state=state, rate_center=rate_center, lca=False)
        return _Bucket(join(state, rate_center, fallback="rc"), country, criteria)
    if group_by == "city" and state and city:
        return _Bucket(
            join(state, city, fallback="city"), country, _criteria(state=state, city=city)
        )
    if group_by == "state" and state:
        return _Bucket(join(country, state, fallback="state"), country, _criteria(state=state))
    code = nanp_area_code(h)
    if code is None:
        return None
    return _Bucket(join(country, code, fallback="ac"), country, _criteria(area_code=code))


def _international(h: HeldNumber, country: str, group_by: GroupBy) -> _Bucket | None:
    kind = _clean(h.type, re.compile(r"^[A-Z_]+$"))
    code = _clean(h.area_code, _AREA_CODE)
    city = _clean(h.city, _TEXT, upper=False)
    if group_by == "city" and city:
        code = None
    criteria = _criteria(type=kind, area_code=code, city=city)
    name = join(country, kind.replace("_", "-") if kind else None, code, city, fallback="intl")
    return _Bucket(name, country, criteria)
