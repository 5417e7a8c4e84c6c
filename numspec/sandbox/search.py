"""availableNumbers: read and validate the query as the API does, into Criteria.

The rules are the search tables of Bandwidth's Order Numbers guide (docs/inventory.md states
them). Where the API's documents do not say which code a bad search gets, the choices are in
docs/sandbox.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from numspec.sandbox.wire import Refused

NANP = ("USA", "CAN")
TYPES = ("GEOGRAPHIC", "NATIONAL", "MOBILE", "TOLL_FREE", "SHARED_COST")
ORDER_BY = ("fullnumber", "npanxxx", "npanxx", "areacode")
PROTECTED = ("NONE", "ONLY", "MIXED")
MAX_QUANTITY = 5000

# Query parameter names are matched case-insensitively (docs/wire.md); canonical spellings:
PARAMS = {
    p.lower(): p
    for p in (
        "areaCode npaNxx npaNxxx rateCenter state city zip lata localVanity endsIn "
        "tollFreeVanity tollFreeWildCardPattern quantity enableTNDetail LCA orderBy protected "
        "countryCodeA3 phoneNumberType features"
    ).split()
}
LOCATION = ("areaCode", "npaNxx", "npaNxxx", "rateCenter", "state", "city", "zip", "lata")
ORDER_BY_PRIMARIES = ("npaNxx", "npaNxxx", "rateCenter", "city", "zip")
LCA_PRIMARIES = ("npaNxx", "npaNxxx", "rateCenter")  # LCA applies to these (default true)
# Parameters a search outside NANP refuses (it takes phoneNumberType, areaCode, city, protected).
NANP_ONLY = tuple(p for p in LOCATION if p not in ("areaCode", "city")) + (
    "localVanity",
    "endsIn",
    "tollFreeVanity",
    "tollFreeWildCardPattern",
    "LCA",
    "orderBy",
)


class SearchError(Refused):
    """A search the API refuses: 400 SearchResult/Error with this code."""


@dataclass(frozen=True)
class Criteria:
    """A validated availableNumbers search (also what search-and-order types become)."""

    countries: tuple[str, ...] = NANP
    type: str | None = None
    area_code: str | None = None
    npa_nxx: str | None = None
    npa_nxxx: str | None = None
    rate_center: str | None = None
    state: str | None = None
    city: str | None = None
    zip: str | None = None
    lata: str | None = None
    local_vanity: str | None = None
    ends_in: bool = False
    tf_vanity: str | None = None
    tf_wildcard: str | None = None
    lca: bool = False
    protected: str = "NONE"
    quantity: int = MAX_QUANTITY
    detail: bool = False

    @property
    def nanp(self) -> bool:
        return all(c in NANP for c in self.countries)


def canonical(params: Mapping[str, str]) -> dict[str, str]:
    """Return the query with canonical parameter names; unknown names are kept as given."""
    return {PARAMS.get(k.lower(), k): v.strip() for k, v in params.items()}


def _bool(q: dict[str, str], name: str, default: bool) -> bool:
    value = q.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise SearchError("4010", f"The value '{value}' of {name} is not a boolean")


def _quantity(q: dict[str, str]) -> int:
    raw = q.get("quantity")
    if raw is None:
        return MAX_QUANTITY
    if not raw.isdigit() or int(raw) < 1:
        raise SearchError("4010", f"Quantity '{raw}' must be a whole number from 1 to 5000")
    if int(raw) > MAX_QUANTITY:
        raise SearchError("5215", "The requested quantity exceeds the maximum value of 5000")
    return int(raw)


_FORMATS: dict[str, tuple[str, str, str]] = {
    "npaNxx": (
        r"[2-9]\d{2}[2-9]\d{2}",
        "4002",
        "The NpaNxx must be 6 digits; NPA and NXX cannot begin with 0 or 1",
    ),
    "npaNxxx": (r"[2-9]\d{2}[2-9]\d{3}", "4002", "The NpaNxxX must be 7 digits"),
    "state": (r"[A-Za-z]{2}", "4006", "The state must be a two-letter abbreviation"),
    "zip": (r"\d{5}(-?\d{4})?", "4007", "The zip code must be 5 or 9 digits"),
    "lata": (r"\d{1,5}", "4008", "The LATA must be up to 5 digits"),
    "rateCenter": (r"[A-Za-z0-9 .'-]{1,20}", "4001", "The rate center is not valid"),
    "city": (r"[^<>]{1,60}", "4005", "The city is not valid"),
    "localVanity": (
        r"[A-Za-z0-9_*]{3,7}",
        "4010",
        "Local vanity must be 3 to 7 letters, digits, _ or *",
    ),
    "tollFreeVanity": (
        r"[A-Za-z0-9]{4,10}",
        "4003",
        "Toll-free vanity must be 4 to 10 letters or digits",
    ),
    "tollFreeWildCardPattern": (r"8[0-9*]\*", "4004", "Tollfree Wild Card search invalid format"),
}


def _check_formats(q: dict[str, str], nanp: bool) -> None:
    for name, (pattern, code, message) in _FORMATS.items():
        value = q.get(name)
        if value is not None and not re.fullmatch(pattern, value):
            raise SearchError(code, f"{message}: '{value}'")
    area = q.get("areaCode")
    if area is not None and not nanp and not re.fullmatch(r"\d{1,6}", area):
        raise SearchError("4000", f"The area code '{area}' is not valid")
    for name in ("areaCode", "npaNxx", "npaNxxx"):
        value = q.get(name)
        if value is not None and nanp:
            _check_npa(value[:3] if name != "areaCode" else value)


# The NANP rules the search enforces on an area code and on the NPA of an NPA-NXX(-X)
# (docs/bandwidth-api.md §2), with the capture's wording ("can not end with 11"; the others
# after the error catalogue's 5002 texts). Kept apart from numspec's validator on purpose:
# docs/sandbox.md.
_NPA_RULES = (
    (r"\d{3}", "must be 3 digits"),
    (r"[2-9]..", "can not begin with 0 or 1"),
    (r".(?!11$)..", "can not end with 11"),
    (r"(?!37|96)...", "can not begin with 37 or 96"),
    (r".[0-8].", "can not have 9 as its second digit"),
)


def _check_npa(npa: str) -> None:
    for pattern, rule in _NPA_RULES:
        if not re.fullmatch(pattern, npa):
            raise SearchError("4000", f"The area code of telephone numbers {rule}.")


def _countries(q: dict[str, str]) -> tuple[str, ...]:
    raw = q.get("countryCodeA3")
    if not raw:
        return NANP
    countries = tuple(c.strip().upper() for c in raw.split(",") if c.strip())
    if not countries or any(not re.fullmatch(r"[A-Z]{3}", c) for c in countries):
        raise SearchError("4010", f"countryCodeA3 '{raw}' is not an ISO alpha-3 code")
    if len(countries) > 1 and not all(c in NANP for c in countries):
        raise SearchError("4010", "Only one countryCodeA3 may be given")
    return countries


def _check_combination(q: dict[str, str], nanp: bool) -> None:
    given = {k for k, v in q.items() if v != ""}
    if not nanp:
        bad = given & set(NANP_ONLY)
        if bad:
            raise SearchError(
                "4010",
                "The combination of search criteria is unsupported: "
                f"{', '.join(sorted(bad))} apply to NANP numbers only",
            )
        return
    exclusive = given & {"areaCode", "npaNxx", "npaNxxx"}
    if len(exclusive) > 1:
        raise SearchError("4010", "areaCode, npaNxx and npaNxxx cannot be combined")
    tollfree = given & {"tollFreeVanity", "tollFreeWildCardPattern"}
    if tollfree and (len(tollfree) > 1 or given & {*LOCATION, "localVanity", "LCA", "endsIn"}):
        raise SearchError(
            "4010", "A toll-free search combines with nothing but orderBy and quantity"
        )
    if "localVanity" in given and given & ({*LOCATION, "LCA", "orderBy"} - {"state", "areaCode"}):
        raise SearchError("4010", "Local vanity combines only with state and areaCode")
    if "endsIn" in given and "localVanity" not in given:
        raise SearchError("4010", "Ends In is meaningless without Local Vanity")
    for needs_state, code in (("rateCenter", "4001"), ("city", "4005")):
        if needs_state in given and "state" not in given:
            raise SearchError(code, f"Please also specify state when searching by {needs_state}")
    if "LCA" in given and not given & set(LCA_PRIMARIES):
        raise SearchError("4010", "LCA search is not supported for specified search criteria")


def _order_by(q: dict[str, str]) -> None:
    value = q.get("orderBy")
    if value is None:
        return
    if value.lower() not in ORDER_BY:
        raise SearchError("4020", f"The orderBy value '{value}' is not valid")
    primaries = (*ORDER_BY_PRIMARIES, "tollFreeVanity", "tollFreeWildCardPattern")
    if not any(q.get(p) for p in primaries):
        raise SearchError("4021", "orderBy is not supported for these search criteria")


def parse_search(params: Mapping[str, str]) -> Criteria:
    """Validate an availableNumbers query into Criteria, or raise SearchError."""
    q = canonical(params)
    countries = _countries(q)
    nanp = all(c in NANP for c in countries)
    kind = q.get("phoneNumberType")
    if kind is not None and kind.upper() not in TYPES:
        raise SearchError("4010", f"phoneNumberType '{kind}' is not one of {', '.join(TYPES)}")
    _check_formats(q, nanp)
    _check_combination(q, nanp)
    _order_by(q)
    protected = q.get("protected", "NONE").upper()
    if protected not in PROTECTED:
        raise SearchError("4022", f"The protected value '{q['protected']}' is not valid")
    lca_allowed = any(q.get(p) for p in LCA_PRIMARIES)
    return Criteria(
        countries=countries,
        type=kind.upper() if kind else None,
        area_code=q.get("areaCode") or None,
        npa_nxx=q.get("npaNxx") or None,
        npa_nxxx=q.get("npaNxxx") or None,
        rate_center=q.get("rateCenter") or None,
        state=(q.get("state") or "").upper() or None,
        city=q.get("city") or None,
        zip=(q.get("zip") or "")[:5] or None,
        lata=q.get("lata") or None,
        local_vanity=q.get("localVanity") or None,
        ends_in=_bool(q, "endsIn", False),
        tf_vanity=q.get("tollFreeVanity") or None,
        tf_wildcard=q.get("tollFreeWildCardPattern") or None,
        lca=lca_allowed and _bool(q, "LCA", True),
        protected=protected,
        quantity=_quantity(q),
        detail=_bool(q, "enableTNDetail", False),
    )
