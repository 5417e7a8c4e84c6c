"""Sort held numbers into the groups a human would declare.

Each group's criteria describe its numbers with attributes the holdings carry, so that the
planner matches every exported number back to a group and every group is full:

- NANP toll-free: `toll_free_wildcard` `8D*`, which the API reads as the area code `8DD` (the
  third digit of a toll-free area code repeats the second; order-numbers guide). A toll-free
  number outside the area codes in use (800, 833, ..., 888) is grouped by its area code.
- NANP otherwise, by `group_by`: state + rate center with `lca: false` (the default), area
  code, state + city, or state; a number lacking those attributes falls back to its area code.
- Elsewhere: type + area code (+ city when the holdings name one), or type + city with
  `group_by="city"`; without area code and city the number is pinned.
- A number no criteria describe is pinned in a `numbers` group of its country; one that cannot
  be pinned either (not a valid number of its country) is skipped and reported.

A group holds at most 5000 numbers (the schema's limit); a larger set is split into groups with
the same criteria, which the matcher fills one after the other.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from jsonschema import Draft202012Validator

from numspec.bandwidth.models import HeldNumber
from numspec.export.names import join, unique
from numspec.inventory.geo_codes import is_country, nanp_area_code_problem, state_problem
from numspec.inventory.model import NANP_COUNTRIES
from numspec.inventory.schema import inventory_schema
from numspec.phone import TOLL_FREE_NPAS, national, normalise_number

GroupBy = Literal["auto", "rate-center", "area-code", "city", "state"]
GROUP_BY_CHOICES: tuple[str, ...] = get_args(GroupBy)
MAX_QUANTITY = 5000

Value = str | bool
Criteria = tuple[tuple[str, Value], ...]

# The order keys take in a group of the exported file: what a reader scans for first.
KEY_ORDER: tuple[str, ...] = ("country", "type", "state", "rate_center", "city", "area_code")
KEY_ORDER += ("lca", "toll_free_wildcard")


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
class Grouping:
    """The groups of one site location, and the numbers no group can describe."""

    groups: tuple[ExportGroup, ...]
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Bucket:
    name: str
    country: str
    criteria: Criteria
    pinned: bool = False


def group_numbers(held: Iterable[HeldNumber], group_by: GroupBy = "auto") -> Grouping:
    """Return the groups describing `held` (one site location's numbers), sorted by name."""
    members: dict[_Bucket, list[str]] = defaultdict(list)
    skipped: list[str] = []
    for number in held:
        bucket = _bucket(number, group_by)
        if bucket is None:
            skipped.append(number.number)
        else:
            members[bucket].append(number.number)
    groups: list[ExportGroup] = []
    for bucket in sorted(members, key=lambda b: (b.name, repr(b.criteria))):
        numbers = sorted(set(members[bucket]))
        for start in range(0, len(numbers), MAX_QUANTITY):
            name = unique(bucket.name, (g.name for g in groups))
            chunk = tuple(numbers[start : start + MAX_QUANTITY])
            groups.append(ExportGroup(name, bucket.country, bucket.criteria, chunk, bucket.pinned))
    return Grouping(tuple(sorted(groups, key=lambda g: g.name)), tuple(sorted(skipped)))


def _bucket(h: HeldNumber, group_by: GroupBy) -> _Bucket | None:
    country = h.country.strip().upper()
    if not is_country(country):
        return None
    if country in NANP_COUNTRIES:
        bucket = _toll_free(h, country) or _nanp(h, country, group_by)
    else:
        bucket = _international(h, country, group_by)
    return bucket or _pin(h, country)


def _pin(h: HeldNumber, country: str) -> _Bucket | None:
    e164, _ = normalise_number(h.number, country)
    if e164 != h.number:  # not a valid number of its country: a pin would not validate
        return None
    return _Bucket(join(country, "pinned", fallback="pinned"), country, (), True)


def _criteria(**values: Value | None) -> Criteria:
    return tuple((k, v) for k in KEY_ORDER if (v := values.get(k)) is not None)


def _clean(value: str | None, key: str) -> str | None:
    """Return a held attribute as the value of `key`, or None if the schema would refuse it."""
    if value is None:
        return None
    # Strip and upper-case exactly as the holdings reader does, so the criterion matches.
    text = value.strip().upper()
    return text if _accepts(key, text) else None


@functools.lru_cache(maxsize=65536)
def _accepts(key: str, text: str) -> bool:
    return _property(key).is_valid(text)


@functools.cache
def _property(key: str) -> Draft202012Validator:
    """Return a validator for one group key's value, from the inventory JSON Schema."""
    schema = inventory_schema()
    return Draft202012Validator(
        {"$defs": schema["$defs"], **schema["$defs"]["group"]["properties"][key]}
    )


def nanp_area_code(h: HeldNumber) -> str | None:
    """Return the NPA of a NANP number: the digits after +1, if the holdings agree."""
    if not (h.number.startswith("+1") and len(h.number) == 12):
        return None
    code = h.number[2:5]
    if nanp_area_code_problem(code) is not None:  # the validator would refuse the group
        return None
    return code if h.area_code in (None, code) else None


def _toll_free(h: HeldNumber, country: str) -> _Bucket | None:
    code = nanp_area_code(h) or ""
    if code not in TOLL_FREE_NPAS:  # no wildcard names it: grouped by its area code instead
        return None
    if h.type is not None and h.type.strip().upper() != "TOLL_FREE":
        return None
    criteria = _criteria(toll_free_wildcard=f"{code[:2]}*")
    return _Bucket(join("toll-free", code, fallback="tf"), country, criteria)


def _nanp(h: HeldNumber, country: str, group_by: GroupBy) -> _Bucket | None:
    state = _clean(h.state, "state")
    if state is not None and state_problem(state, country):
        state = None
    rate_center = _clean(h.rate_center, "rate_center")
    city = _clean(h.city, "city")
    if group_by in ("auto", "rate-center") and state and rate_center:
        criteria = _criteria(state=state, rate_center=rate_center, lca=False)
        return _Bucket(join(state, rate_center, fallback="rc"), country, criteria)
    if group_by == "city" and state and city:
        criteria = _criteria(state=state, city=city)
        return _Bucket(join(state, city, fallback="city"), country, criteria)
    if group_by == "state" and state:
        return _Bucket(join(country, state, fallback="state"), country, _criteria(state=state))
    code = nanp_area_code(h)
    if code is None:
        return None
    return _Bucket(join(country, code, fallback="ac"), country, _criteria(area_code=code))


def _international(h: HeldNumber, country: str, group_by: GroupBy) -> _Bucket | None:
    kind = _clean(h.type, "type")
    code = _clean(h.area_code, "area_code")
    if code is not None and not national(h.number).startswith(code):
        code = None  # the planner matches an area code against the number's leading digits
    city = _clean(h.city, "city")
    if group_by == "city" and city:
        code = None
    if code is None and city is None:  # the validator wants area_code or city to search by
        return None
    criteria = _criteria(type=kind, area_code=code, city=city)
    name = join(country, kind.replace("_", "-") if kind else None, code, city, fallback="intl")
    return _Bucket(name, country, criteria)
