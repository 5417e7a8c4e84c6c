"""Reply shapes -> models for one number's status (GET /tns/{tn}).

Tolerant as the other parsers are: the documented `TelephoneNumberResponse/{TelephoneNumber,
Status, AccountId, SiteId, ...}`, the `TelephoneNumberDetails` shape of `/tndetails` (with
`FullNumber` and `Site/Id`), 10-digit numbers, and an error shape inside a 200 reply. Numbers
Bandwidth does not know on the credentials' accounts read as None (docs/wire.md).
"""

from __future__ import annotations

from numspec.bandwidth.models import NumberStatus
from numspec.bandwidth.parse import fields
from numspec.bandwidth.xmlio import Element, child, text
from numspec.errors import ApiError
from numspec.phone import to_e164

# 12510: "Telephone Numbers cannot be found on accounts"; 12512: not a valid number.
UNKNOWN_CODES = frozenset({"12510", "12512"})


def number_status(root: Element | None, number: str) -> NumberStatus | None:
    """Parse `TelephoneNumberResponse`; None when it carries no status (an error shape)."""
    if root is None:
        return None
    node = child(root, "TelephoneNumberDetails")
    entry = node if node is not None else root
    f = fields(entry)
    status = f.get("Status")
    if status is None:
        return None
    raw = f.get("TelephoneNumber") or f.get("FullNumber") or number
    return NumberStatus(
        number=to_e164(raw),
        status=status,
        account_id=f.get("AccountId"),
        site_id=f.get("SiteId") or text(child(entry, "Site"), "Id"),
    )


def unknown_number(error: ApiError) -> bool:
    """Return whether a 400 reply says the number is not on the credentials' accounts."""
    if error.status != 400:
        return False
    description = (error.description or "").lower()
    return error.code in UNKNOWN_CODES or "cannot be found" in description
