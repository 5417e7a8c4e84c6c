"""Keyset paging: the `<Links><next>` element and the cursor it carries.

Paged replies carry `<Links><next>Link=<URL>;rel="next";</next></Links>` in the body (no Link
header). The URL's `page` value is a cursor (the first number, or the order id, of the next
page), not a page number. The client re-asks its own path with its own parameters and that
cursor, so a `next` URL on another host or base (`/v1.0/...` in older replies) still works.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from numspec.bandwidth.xmlio import Element, child, text

_URL = re.compile(r"<([^>]*)>")


def next_link(root: Element | None) -> str | None:
    """Return the URL of the next page, or None on the last page."""
    links = _links(root)
    raw = text(links, "next")
    if raw is None:
        return None
    match = _URL.search(raw)
    return (match.group(1) if match else raw.removeprefix("Link=")).strip() or None


def next_cursor(root: Element | None) -> str | None:
    """Return the `page` cursor of the next page, or None on the last page.

    Every captured `next` link carries a `page=` cursor (an E.164 number with its `+` often
    unencoded, a 10-digit number, or an order id). A `next` without one is a paging form
    numspec does not know: raise ValueError rather than stop early and lose the rest.
    """
    url = next_link(root)
    if url is None:
        return None
    # Not parse_qs: it turns the "+" of an E.164 cursor (page=+12012082912) into a space.
    for pair in urlsplit(url).query.split("&"):
        key, _, value = pair.partition("=")
        if unquote(key).lower() == "page" and value:
            return unquote(value)
    raise ValueError(f"a next-page link without a page cursor: {url}")


# Any namespace or none ("{*}"): the tree is searched in lxml's C code, not element by element
# in Python (a 5,000-number location page has no count, so every element would be visited).
_COUNTS = ("{*}TotalCount", "{*}TelephoneNumberCount")


def reported_count(root: Element | None) -> int | None:
    """Return how many entries a listing says it has in all (`TotalCount`), None if unsaid."""
    if root is None:
        return None
    for el in root.iter(*_COUNTS):
        raw = (el.text or "").strip()
        return int(raw) if raw.isdigit() else None
    return None


def _links(root: Element | None) -> Element | None:
    """Find `Links` directly under the root or one level down (orders nest it)."""
    if root is None:
        return None
    found = child(root, "Links")
    if found is not None:
        return found
    for c in root:
        found = child(c, "Links")
        if found is not None:
            return found
    return None


def location_id(headers: Mapping[str, str]) -> str | None:
    """Return the id at the end of a 201's `Location` header, or None without one."""
    location = (headers.get("Location") or "").rstrip("/")
    return location.rsplit("/", 1)[-1] or None if location else None
