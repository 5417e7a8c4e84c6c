"""Country restrictions the sandbox answers on GET /restrictions.

ITA's four are those of Bandwidth's Order Numbers guide, verbatim. DEU and FRA are plausible
stand-ins (no public document gives their text); every other country has none.
"""

from __future__ import annotations

RESTRICTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # country: ((RestrictionType, RestrictionCategory, RestrictionDescription), ...)
    "ITA": (
        (
            "LEGAL",
            "Sub allocation",
            "Customers providing Electronic Communication Services must be registered operators "
            "with the local regulator and must provide these services to end users.",
        ),
        (
            "LEGAL",
            "Others",
            "Customers or end users conducting call center activities must be "
            "notified/registered operators with the local regulator.",
        ),
        (
            "SERVICE",
            "Outbound call",
            "Enhanced Voice Transit does not support access to Emergency Services.",
        ),
        (
            "SERVICE",
            "Outbound call",
            "Customer shall not send traffic through the Enhanced Voice Transit feature to "
            "Bandwidth's network from numbers not permitted to originate calls, short codes, "
            "specialized service numbers, Emergency Service numbers and Premium Rate numbers as "
            "designated as such by the National numbering plan.",
        ),
    ),
    "DEU": (
        (
            "LEGAL",
            "Local presence",
            "Geographic numbers may only be assigned to end users with a residence or business "
            "address in the local numbering area; the address must be provided.",
        ),
    ),
    "FRA": (
        (
            "LEGAL",
            "Address requirement",
            "End users must provide a valid address in France and proof of identity before "
            "numbers are activated.",
        ),
        (
            "SERVICE",
            "Outbound call",
            "Calls to emergency services are not supported from numbers without a registered "
            "emergency address.",
        ),
    ),
}


def restrictions_for(country: str) -> tuple[tuple[str, str, str], ...]:
    """Return a country's restrictions (none for most countries)."""
    return RESTRICTIONS.get(country.upper(), ())
