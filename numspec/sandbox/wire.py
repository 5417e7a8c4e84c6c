"""XML in and out of the sandbox: one safe parser, small builders for the API's shapes."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import urlencode

from lxml import etree

XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
MAX_BODY = 1024 * 1024  # the largest request body the sandbox reads; the app answers 413 above

# No entities, no DTD, no network, no billion laughs: request bodies are untrusted.
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)


class Refused(ValueError):
    """A request the API refuses at once, with Bandwidth's error code and description."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


class XmlError(ValueError):
    """A request body that is not acceptable XML."""


def parse(body: bytes) -> etree._Element:
    """Parse a request body; refuse DTDs, entities and bodies over MAX_BODY outright."""
    if not body.strip():
        raise XmlError("The request body is empty")
    if len(body) > MAX_BODY:
        raise XmlError(f"The request body is over {MAX_BODY} bytes")
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as e:
        raise XmlError(f"The request body is not well-formed XML: {e}") from e
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise XmlError("DOCTYPE declarations are not allowed")
    return root


def text(parent: etree._Element, tag: str) -> str | None:
    """Return the stripped text of a direct child, or None when it is absent."""
    child = parent.find(tag)
    if child is None:
        return None
    return (child.text or "").strip()


def texts(parent: etree._Element, path: str) -> list[str]:
    """Return the stripped texts of every element at `path`."""
    return [(e.text or "").strip() for e in parent.findall(path)]


def el(parent: etree._Element, tag: str, value: object = None) -> etree._Element:
    """Append a child element with optional text."""
    child = etree.SubElement(parent, tag)
    if value is not None:
        child.text = _str(value)
    return child


def _str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def listing(parent: etree._Element, tag: str, item_tag: str, values: Iterable[object]) -> None:
    """Append `<tag>` holding an `<item_tag>` per value (TelephoneNumberList/TelephoneNumber)."""
    node = el(parent, tag)
    for value in values:
        el(node, item_tag, value)


def fields(parent: etree._Element, items: Iterable[tuple[str, object]]) -> None:
    """Append a child per (tag, value), skipping None values."""
    for tag, value in items:
        if value is not None:
            el(parent, tag, value)


def root(tag: str) -> etree._Element:
    """Return a new root element."""
    return etree.Element(tag)


def dump(element: etree._Element) -> bytes:
    """Serialise a response document with the API's XML declaration."""
    return XML_DECLARATION + etree.tostring(element, encoding="UTF-8")


def iso(ts: float | None) -> str | None:
    """Format epoch seconds as the API's timestamps (2024-09-05T23:34:31.553Z)."""
    if ts is None:
        return None
    dt = datetime.fromtimestamp(ts, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def now() -> float:
    """Return the current time (one seam for every clock read)."""
    return time.time()


def link(rel: str, url: str, query: Mapping[str, str]) -> str:
    """Return a paging link in the API's `Link=<URL>;rel="next";` form."""
    return f'Link=<{url}?{urlencode(query)}>;rel="{rel}";'


def links(
    parent: etree._Element, url: str, query: Mapping[str, str], next_page: str | None
) -> None:
    """Append `Links` with `first` and, when there is more, `next`."""
    node = el(parent, "Links")
    el(node, "first", link("first", url, {**query, "page": "1"}))
    if next_page is not None:
        el(node, "next", link("next", url, {**query, "page": next_page}))


def error_list(parent: etree._Element, errors: Iterable[Mapping[str, str]]) -> etree._Element:
    """Append `ErrorList/Error/{Code,Description[,TelephoneNumber]}`."""
    node = el(parent, "ErrorList")
    for err in errors:
        e = el(node, "Error")
        el(e, "Code", err["code"])
        el(e, "Description", err["description"])
        if err.get("number"):
            el(e, "TelephoneNumber", err["number"])
    return node


def search_error(code: str, description: str) -> bytes:
    """Return `SearchResult/Error/{Code,Description}`."""
    doc = root("SearchResult")
    e = el(doc, "Error")
    el(e, "Code", code)
    el(e, "Description", description)
    return dump(doc)


def response_status(root_tag: str, code: str, description: str) -> bytes:
    """Return `<root_tag><ResponseStatus><ErrorCode/><Description/>`."""
    doc = root(root_tag)
    status = el(doc, "ResponseStatus")
    el(status, "ErrorCode", code)
    el(status, "Description", description)
    return dump(doc)
