"""Order requests: read `<Order>` and `<DisconnectTelephoneNumberOrder>` bodies and validate them.

Synchronous validation failures become 400 `ErrorList` answers (OrderError); everything about
availability is decided later, when the order is processed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import etree

from numspec.sandbox.search import LCA_PRIMARIES, NANP, SearchError, parse_search
from numspec.sandbox.wire import Refused, text, texts

E164 = re.compile(r"\+[1-9]\d{6,14}")
CUSTOMER_ORDER_ID = re.compile(r"[A-Za-z0-9 -]{1,40}")
MAX_EXISTING = 5000

# Search-and-order element children -> availableNumbers parameters.
CHILD_PARAMS = {
    "AreaCode": "areaCode",
    "RateCenter": "rateCenter",
    "State": "state",
    "NpaNxx": "npaNxx",
    "NpaNxxX": "npaNxxx",
    "Lata": "lata",
    "City": "city",
    "Zip": "zip",
    "EnableLCA": "LCA",
    "LocalVanity": "localVanity",
    "EndsIn": "endsIn",
    "TollFreeVanity": "tollFreeVanity",
    "TollFreeWildCardPattern": "tollFreeWildCardPattern",
    "Quantity": "quantity",
}
SEARCH_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # element: (required children, optional children)
    "AreaCodeSearchAndOrderType": (("AreaCode", "Quantity"), ()),
    "RateCenterSearchAndOrderType": (("RateCenter", "State", "Quantity"), ("EnableLCA",)),
    "NPANXXSearchAndOrderType": (("NpaNxx", "Quantity"), ("EnableTNDetail", "EnableLCA")),
    "TollFreeVanitySearchAndOrderType": (("TollFreeVanity", "Quantity"), ()),
    "TollFreeWildCharSearchAndOrderType": (("TollFreeWildCardPattern", "Quantity"), ()),
    "StateSearchAndOrderType": (("State", "Quantity"), ()),
    "CitySearchAndOrderType": (("City", "State", "Quantity"), ()),
    "ZIPSearchAndOrderType": (("Zip", "Quantity"), ()),
    "LATASearchAndOrderType": (("Lata", "Quantity"), ()),
    "CombinedSearchAndOrderType": (
        ("Quantity",),
        tuple(k for k in CHILD_PARAMS if k != "Quantity"),
    ),
}
EXISTING = "ExistingTelephoneNumberOrderType"
NO_BACKORDER = (
    EXISTING,
    "NPANXXSearchAndOrderType",
    "TollFreeVanitySearchAndOrderType",
)


class OrderError(Refused):
    """A request refused at once: 400 with ErrorList/Error/{Code,Description}."""


@dataclass(frozen=True)
class OrderRequest:
    """A validated new-number order, as stored with the order."""

    type: str
    site_id: str
    name: str | None = None
    customer_order_id: str | None = None
    peer_id: str | None = None
    partial_allowed: bool = True
    backorder: bool = False
    auto_activate: bool | None = None
    voice_package: str | None = None
    requirements_package: str | None = None
    numbers: tuple[str, ...] = ()
    reservation_ids: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)  # the type element's children
    query: dict[str, str] = field(default_factory=dict)  # as availableNumbers parameters
    quantity: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OrderRequest:
        data = dict(data)
        data["numbers"] = tuple(data.get("numbers", ()))
        data["reservation_ids"] = tuple(data.get("reservation_ids", ()))
        return cls(**data)


def _bool(node: etree._Element, tag: str, default: bool | None) -> bool | None:
    value = text(node, tag)
    if value is None or value == "":
        return default
    if value.lower() not in ("true", "false"):
        raise OrderError("5002", f"{tag} must be true or false, not '{value}'")
    return value.lower() == "true"


def _common(node: etree._Element) -> dict[str, Any]:
    name = text(node, "Name")
    if name is not None and len(name) > 50:
        raise OrderError("5051", "The order name cannot be longer than 50 characters")
    coid = text(node, "CustomerOrderId")
    if coid is not None and not CUSTOMER_ORDER_ID.fullmatch(coid):
        raise OrderError(
            "5052",
            "CustomerOrderId may contain only letters, digits, dashes and spaces, "
            "and be at most 40 characters",
        )
    return {"name": name, "customer_order_id": coid}


def _order_type(node: etree._Element) -> etree._Element:
    found = [c for c in node if c.tag == EXISTING or c.tag in SEARCH_TYPES]
    if len(found) != 1:
        raise OrderError("5019", "An order must contain exactly one order type element")
    return found[0]


def _number_list(kind: etree._Element) -> list[str]:
    """Return a TelephoneNumberList's numbers, once each: 1 to MAX_EXISTING, all E.164."""
    numbers = list(dict.fromkeys(texts(kind, "TelephoneNumberList/TelephoneNumber")))
    if not numbers:
        raise OrderError("5003", "The TelephoneNumberList must hold at least one number")
    if len(numbers) > MAX_EXISTING:
        raise OrderError(
            "5095", f"The TelephoneNumberList exceeds the maximum size of {MAX_EXISTING}"
        )
    bad = [n for n in numbers if not E164.fullmatch(n)]
    if bad:
        raise OrderError("5003", f"Telephone number {bad[0]} is not in E.164 format")
    return numbers


def _existing(kind: etree._Element) -> dict[str, Any]:
    numbers = _number_list(kind)
    reservations = texts(kind, "ReservationIdList/ReservationId")
    return {
        "numbers": tuple(numbers),
        "reservation_ids": tuple(reservations),
        "quantity": len(numbers),
    }


def _search_type(kind: etree._Element) -> dict[str, Any]:
    required, optional = SEARCH_TYPES[kind.tag]
    children = {c.tag: (c.text or "").strip() for c in kind}
    missing = [r for r in required if not children.get(r)]
    if missing:
        code = "5199" if kind.tag.startswith("TollFree") else "5198"
        raise OrderError(code, f"{kind.tag} requires {', '.join(missing)}")
    unknown = set(children) - set(required) - set(optional)
    if unknown:
        raise OrderError("5002", f"{kind.tag} does not take {', '.join(sorted(unknown))}")
    query = {CHILD_PARAMS[k]: v for k, v in children.items() if k in CHILD_PARAMS and v}
    lca_ok = any(p in query for p in LCA_PRIMARIES)
    if "LCA" not in query and lca_ok:
        query["LCA"] = "false"  # orders get exactly what they name unless EnableLCA says so
    query["countryCodeA3"] = ",".join(NANP)
    try:
        criteria = parse_search(query)
    except SearchError as e:
        raise OrderError(e.code, e.description) from e
    return {"fields": children, "query": query, "quantity": criteria.quantity}


def parse_order(node: etree._Element) -> OrderRequest:
    """Validate an `<Order>` body (sites and limits are checked by the caller)."""
    if node.tag != "Order":
        raise OrderError("5002", f"The request body's root must be Order, not {node.tag}")
    site_id = text(node, "SiteId")
    if not site_id:
        raise OrderError("5022", "SiteId is required")
    kind = _order_type(node)
    details = _existing(kind) if kind.tag == EXISTING else _search_type(kind)
    backorder = bool(_bool(node, "BackOrderRequested", False))
    if backorder and (kind.tag in NO_BACKORDER or "localVanity" in details.get("query", {})):
        raise OrderError("5522", f"Backorder is not allowed for {kind.tag}")
    return OrderRequest(
        type=kind.tag,
        site_id=site_id,
        peer_id=text(node, "PeerId") or None,
        partial_allowed=bool(_bool(node, "PartialAllowed", True)),
        backorder=backorder,
        auto_activate=_bool(node, "AutoActivate", None),
        voice_package=text(node, "VoiceConfigurationPackageId") or None,
        requirements_package=text(node, "RequirementsPackageId") or None,
        **_common(node),
        **details,
    )


@dataclass(frozen=True)
class DisconnectRequest:
    """A validated disconnect order."""

    numbers: tuple[str, ...]
    name: str | None = None
    customer_order_id: str | None = None
    mode: str = "normal"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DisconnectRequest:
        return cls(**{**data, "numbers": tuple(data["numbers"])})


def parse_disconnect(node: etree._Element) -> DisconnectRequest:
    """Validate a `<DisconnectTelephoneNumberOrder>` body."""
    if node.tag != "DisconnectTelephoneNumberOrder":
        raise OrderError("5002", "The request body's root must be DisconnectTelephoneNumberOrder")
    kind = node.find("DisconnectTelephoneNumberOrderType")
    if kind is None:
        raise OrderError("5019", "DisconnectTelephoneNumberOrderType is required")
    numbers = _number_list(kind)
    mode = text(kind, "DisconnectMode") or "normal"
    if mode.lower() not in ("normal", "soft-remove", "purge"):
        raise OrderError("5084", f"DisconnectMode '{mode}' is not valid")
    common = _common(node)
    if common["name"] is None:
        common["name"] = text(node, "name")
    return DisconnectRequest(numbers=tuple(numbers), mode=mode.lower(), **common)
