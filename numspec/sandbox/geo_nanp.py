"""NANP geography of the sandbox pool: states, cities, rate centers, NPAs, LATAs and ZIP codes.

Real NPAs, LATAs and ZIP codes of each city; rate-center abbreviations in Bandwidth's upper-case
style (at most 10 characters). Each rate center lists its NPAs with the number of NXX blocks it
holds in each; the NXX codes themselves are drawn once, independent of the pool's seed (see
`nxx_plan`). Canada has no LATAs or ZIP codes here (it uses postal codes), so those are None.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from numspec.phone import keypad_digits


@dataclass(frozen=True)
class RateCenter:
    """A rate center: its abbreviation, NPAs with their NXX block counts, and pinned NXXs."""

    name: str
    npas: tuple[tuple[str, int], ...]
    pinned: tuple[str, ...] = ()  # NPA-NXX codes always present (before the drawn ones)


@dataclass(frozen=True)
class City:
    """A NANP city with the rate centers that serve it."""

    country: str
    state: str
    name: str
    lata: str | None
    zips: tuple[str, ...]
    rate_centers: tuple[RateCenter, ...]


def _rc(name: str, npas: str, pinned: str = "") -> RateCenter:
    pairs = tuple((npa, int(n)) for npa, n in (item.split(":") for item in npas.split()))
    return RateCenter(name, pairs, tuple(pinned.split()))


def _us(state: str, name: str, lata: str, zips: str, *rcs: RateCenter) -> City:
    return City("USA", state, name, lata, tuple(zips.split()), rcs)


def _ca(province: str, name: str, *rcs: RateCenter) -> City:
    return City("CAN", province, name, None, (), rcs)


# fmt: off
CITIES: tuple[City, ...] = (
    # North Carolina: the Research Triangle (LATA 426), Charlotte, the Triad, the coast.
    _us("NC", "RALEIGH", "426",
        "27601 27603 27604 27605 27606 27607 27608 27609 27610 27612 27613 27614 27615 27616",
        _rc("RALEIGH", "919:30 984:10", pinned="919555 919356 919267")),
    _us("NC", "DURHAM", "426", "27701 27703 27704 27705 27707 27712 27713",
        _rc("DURHAM", "919:16 984:6")),
    _us("NC", "CARY", "426", "27511 27513 27518 27519",
        _rc("CARY", "919:10 984:4", pinned="919460")),
    _us("NC", "CHAPEL HILL", "426", "27514 27516 27517", _rc("CHAPELHILL", "919:8")),
    _us("NC", "APEX", "426", "27502 27523 27539", _rc("APEX", "919:4 984:2")),
    _us("NC", "WAKE FOREST", "426", "27587 27588", _rc("WAKEFOREST", "919:4 984:2")),
    _us("NC", "CHARLOTTE", "422", "28202 28203 28204 28205 28207 28209 28210 28211",
        _rc("CHARLOTTE", "704:20 980:8")),
    _us("NC", "GREENSBORO", "424", "27401 27403 27405 27407 27408",
        _rc("GREENSBORO", "336:10 743:3")),
    _us("NC", "WILMINGTON", "420", "28401 28403 28405 28409", _rc("WILMINGTON", "910:8")),
    # New York
    _us("NY", "NEW YORK", "132", "10001 10002 10003 10011 10016 10019 10022 10025 10036",
        _rc("NWYRCYZN01", "212:14 646:8 332:3", pinned="212356"),
        _rc("NWYRCYZN03", "212:10 646:6 917:6"),
        _rc("NWYRCYZN05", "212:8 646:5 332:2")),
    _us("NY", "BROOKLYN", "132", "11201 11211 11215 11217 11222",
        _rc("BROOKLYN", "718:16 347:8 929:4")),
    _us("NY", "ALBANY", "134", "12203 12205 12206 12208 12210", _rc("ALBANY", "518:8")),
    _us("NY", "BUFFALO", "140", "14201 14202 14203 14209 14213", _rc("BUFFALO", "716:10")),
    # California
    _us("CA", "LOS ANGELES", "730", "90012 90013 90015 90017 90026 90028 90036",
        _rc("LSANDA01", "213:14 323:4"),
        _rc("LSANDA03", "323:12 213:4"),
        _rc("LSANDA05", "310:12 424:5")),
    _us("CA", "SAN FRANCISCO", "722", "94102 94103 94105 94107 94109 94110 94114",
        _rc("SNFCCNTRL", "415:16 628:6")),
    _us("CA", "SAN DIEGO", "732", "92101 92103 92104 92108 92109",
        _rc("SANDIEGO", "619:14 858:8")),
    _us("CA", "SAN JOSE", "722", "95110 95112 95113 95125 95128",
        _rc("SANJOSE", "408:12 669:4")),
    _us("CA", "SACRAMENTO", "726", "95811 95814 95816 95818 95825",
        _rc("SACRAMENTO", "916:10 279:3")),
    # Texas
    _us("TX", "HOUSTON", "560", "77002 77003 77004 77006 77007 77019 77024",
        _rc("HOUSTON", "713:16 281:10 832:10 346:4")),
    _us("TX", "DALLAS", "552", "75201 75202 75204 75206 75219",
        _rc("DALLAS", "214:14 469:8 972:8")),
    _us("TX", "AUSTIN", "558", "78701 78702 78703 78704 78705", _rc("AUSTIN", "512:14 737:6")),
    _us("TX", "SAN ANTONIO", "566", "78201 78204 78205 78209 78212",
        _rc("SNANTONIO", "210:12 726:4")),
    # Illinois
    _us("IL", "CHICAGO", "358", "60601 60602 60603 60605 60607 60610 60611 60614",
        _rc("CHICAGOZ01", "312:14 872:4"),
        _rc("CHICAGOZ02", "773:14 872:4")),
    _us("IL", "NAPERVILLE", "358", "60540 60563 60565", _rc("NAPERVILLE", "630:8 331:3")),
    # Florida
    _us("FL", "MIAMI", "460", "33125 33127 33128 33130 33131 33132",
        _rc("MIAMI", "305:16 786:8")),
    _us("FL", "ORLANDO", "458", "32801 32803 32804 32805 32806",
        _rc("ORLANDO", "407:14 689:4 321:4")),
    _us("FL", "TAMPA", "952", "33602 33603 33606 33609 33611", _rc("TAMPA", "813:12 656:3")),
    _us("FL", "JACKSONVILLE", "452", "32202 32204 32205 32207 32210",
        _rc("JACKSNVLLE", "904:10")),
    # Washington
    _us("WA", "SEATTLE", "674", "98101 98102 98103 98104 98105 98109 98121",
        _rc("SEATTLE", "206:16 564:4")),
    _us("WA", "TACOMA", "674", "98402 98403 98405 98406", _rc("TACOMA", "253:8")),
    _us("WA", "SPOKANE", "676", "99201 99202 99203 99205", _rc("SPOKANE", "509:8")),
    # Georgia
    _us("GA", "ATLANTA", "438", "30303 30305 30306 30308 30309 30312 30318",
        _rc("ATLANTA", "404:16 470:6 678:8"),
        _rc("ATLANTANE", "770:8 678:4")),
    _us("GA", "SAVANNAH", "444", "31401 31404 31405 31406", _rc("SAVANNAH", "912:6")),
    # Massachusetts, Colorado, Arizona
    _us("MA", "BOSTON", "128", "02108 02109 02110 02111 02113 02114 02115 02116",
        _rc("BOSTON", "617:16 857:6")),
    _us("CO", "DENVER", "656", "80202 80203 80204 80205 80206 80209",
        _rc("DENVER", "303:14 720:8")),
    _us("AZ", "PHOENIX", "666", "85003 85004 85006 85007 85008",
        _rc("PHOENIX", "602:14 480:6 623:6")),
    # Canada
    _ca("ON", "TORONTO", _rc("TORONTO", "416:14 647:10 437:4")),
    _ca("ON", "OTTAWA", _rc("OTTAWAHULL", "613:8 343:3")),
    _ca("QC", "MONTREAL", _rc("MONTREAL", "514:10 438:5")),
    _ca("QC", "QUEBEC", _rc("QUEBEC", "418:6 581:2")),
    _ca("BC", "VANCOUVER", _rc("VANCOUVER", "604:10 778:6 236:2")),
    _ca("AB", "CALGARY", _rc("CALGARY", "403:8 587:3 825:1")),
    _ca("AB", "EDMONTON", _rc("EDMONTON", "780:8 587:3")),
)
# fmt: on

TOLL_FREE_PREFIXES = ("800", "833", "844", "855", "866", "877", "888")
TOLL_FREE_NXX_PER_PREFIX = 20

# Vanity words placed in the pool (see docs/sandbox-pool.md). Local words end the number (the
# NXX carries the letters beyond the last four) in every NPA of LOCAL_VANITY_NPAS where an NXX
# fits; toll-free words are the seven digits after the prefix, in every toll-free prefix.
LOCAL_VANITY_WORDS = ("PIZZA", "TAXI", "HELP", "CALL", "CASH", "FOOD", "SHOP", "PLUMB", "FLOWERS")
LOCAL_VANITY_NPAS = tuple(
    "919 984 212 646 213 415 312 713 214 305 407 206 404 617 303 602 416 514".split()
)
TOLL_FREE_VANITY_WORDS = (
    "FLOWERS",
    "GETHELP",
    "CALLNOW",
    "LAWYERS",
    "PLUMBER",
    "DENTIST",
    "ROOFING",
    "GOPIZZA",
)

# NXX codes never drawn: N11 service codes, 555 (directory/fiction; only where pinned), 950,
# 958, 959 and 976 (special use).
_RESERVED_NXX = frozenset([f"{d}11" for d in range(2, 10)] + ["555", "950", "958", "959", "976"])


def _drawable_nxx(key: str) -> list[str]:
    codes = [str(n) for n in range(200, 1000) if str(n) not in _RESERVED_NXX]
    random.Random(f"numspec-nxx-{key}").shuffle(codes)
    if key not in LOCAL_VANITY_NPAS:
        return codes
    # Five- and six-letter local words need an NXX ending in their leading letters: draw one
    # such NXX first in every vanity NPA so each word fits there.
    heads = sorted({keypad_digits(w)[:-4] for w in LOCAL_VANITY_WORDS if 5 <= len(w) <= 6})
    front = [next(c for c in codes if c.endswith(head)) for head in heads]
    return front + [c for c in codes if c not in front]


@cache
def nxx_plan() -> tuple[tuple[City, RateCenter, str, tuple[str, ...]], ...]:
    """Return (city, rate center, NPA, NXXs) for every rate center and NPA, fixed for all seeds."""
    free: dict[str, list[str]] = {}
    pinned = {code for city in CITIES for rc in city.rate_centers for code in rc.pinned}
    plan = []
    for city in CITIES:
        for rc in city.rate_centers:
            for npa, count in rc.npas:
                pool = free.setdefault(
                    npa, [c for c in _drawable_nxx(npa) if npa + c not in pinned]
                )
                own = tuple(code[3:] for code in rc.pinned if code.startswith(npa))
                drawn = tuple(pool[:count])
                del pool[:count]
                plan.append((city, rc, npa, own + drawn))
    return tuple(plan)


@cache
def toll_free_plan() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return (prefix, NXXs) for every toll-free prefix, fixed for all seeds."""
    return tuple(
        (prefix, tuple(_drawable_nxx(prefix)[:TOLL_FREE_NXX_PER_PREFIX]))
        for prefix in TOLL_FREE_PREFIXES
    )
