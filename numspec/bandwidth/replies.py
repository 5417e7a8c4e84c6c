"""What a reply must look like before numspec reads it: size, status, content type, root.

A redirect, an HTML page from a captive portal or proxy, or an XML document that is not one of
Bandwidth's reply shapes is never read as an empty success: it becomes an `ApiError` naming the
full URL and the environment variable that points there (docs/wire.md, "Replies numspec
refuses").
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from numspec.bandwidth.xmlio import Element, local

KIB = 1024
MIB = 1024 * KIB
# Per-endpoint caps on a reply body, read as it streams in: the largest page numspec asks for
# (5000 numbers, or 2500 with attributes) is about 2 MB, a token reply well under 2 KB.
MAX_XML_REPLY = 16 * MIB
MAX_TOKEN_REPLY = 64 * KIB
CHUNK = 64 * KIB

# The root elements of every reply the numbers API sends numspec (docs/wire.md).
BANDWIDTH_ROOTS = frozenset(
    {
        "DisconnectTelephoneNumberOrderResponse",
        "ErrorResponse",
        "MoveTnsOrder",
        "MoveTnsOrderResponse",
        "MoveTnsOrders",
        "OrderHistoryWrapper",
        "OrderResponse",
        "ReservationResponse",
        "ResponseSelectWrapper",
        "RestrictionResponse",
        "SearchResult",
        "SipPeerResponse",
        "SipPeerTelephoneNumbersResponse",
        "SiteResponse",
        "SitesResponse",
        "TNSipPeersResponse",
        "TNs",
        "TelephoneNumberDetails",
        "TelephoneNumberResponse",
        "TelephoneNumbersResponse",
    }
)


class ReplyTooLarge(Exception):
    """A reply body went past its cap while streaming in."""


def read_capped(response: requests.Response, limit: int) -> bytes:
    """Read a streamed reply's body, decoded, refusing it once it passes `limit` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ReplyTooLarge(f"declares {int(declared)} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK):
        size += len(chunk)
        if size > limit:
            raise ReplyTooLarge(f"went past {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(response: requests.Response) -> str:
    """Return the reply's media type, lower case, without parameters ('' when absent)."""
    return response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()


def wrong_media_type(response: requests.Response, expects: str) -> str | None:
    """Return the reply's media type when a non-empty body is not of the `expects` kind."""
    kind = media_type(response)
    if not kind or not response.content.strip():
        return None  # no claim to check; the body's root is checked after parsing
    return None if fits_kind(kind, expects) else kind


def fits_kind(kind: str, expects: str) -> bool:
    """Return whether a media type is of the `expects` kind ("xml" or "json")."""
    if expects == "json":
        return kind == "application/json" or kind.endswith("+json")
    return kind in ("application/xml", "text/xml") or kind.endswith("+xml")


def foreign_root(root: Element | None) -> str | None:
    """Return the root element's name when it is not one of Bandwidth's reply shapes."""
    if root is None:
        return None
    name = local(root.tag)
    return None if name in BANDWIDTH_ROOTS else name


def where_to(location: str | None, base: str) -> str:
    """Describe a redirect's target by scheme, host and path only (its query may hold anything)."""
    if not location:
        return "nowhere (no Location header)"
    parts = urlsplit(location)
    if not parts.hostname:
        parts = urlsplit(base)._replace(path=parts.path)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"
