"""Reply shapes -> models for one number's status (GET /tns/{tn}).

Tolerant as the other parsers are: the documented `TelephoneNumberResponse/{TelephoneNumber,
Status, AccountId, SiteId, ...}`, the `TelephoneNumberDetails` shape of `/tndetails` (with
`FullNumber` and `Site/Id`), 10-digit numbers, and an error shape inside a 200 reply. Numbers
Bandwidth does not know on the credentials' accounts read as None (docs/wire.md); the client
maps those refusals with numspec.bandwidth.error_codes.
"""

from __future__ import annotations

from numspec.bandwidth.models import NumberStatus
from numspec.bandwidth.parse import fields
from numspec.bandwidth.xmlio import Element, child, text
from numspec.phone import to_e164


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
