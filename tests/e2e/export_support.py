"""The export and CI-recipe tests' account: numbers of several countries on several sites."""

from __future__ import annotations

from support.sandbox import populate

from numspec.sandbox.server import EmbeddedSandbox

# Site -> (country, count): a mix of NANP, Canadian and international holdings.
HOLDINGS = {
    "1001": [("USA", 12), ("CAN", 3)],
    "1002": [("GBR", 4), ("USA", 2)],
    "1003": [("DEU", 3)],
}


def populate_mix(box: EmbeddedSandbox) -> int:
    """Put HOLDINGS in service; return how many numbers the account now holds."""
    total = 0
    for site, entries in HOLDINGS.items():
        for country, count in entries:
            total += int(populate(box, site, count, country)["count"])
    return total
