"""The one safe XML parser and the request-document builders.

Replies are parsed with entity resolution, DTD loading and network access all off, with a size
bound, so a hostile or broken server cannot make numspec read files, fetch URLs or exhaust memory.
Request documents are built with lxml, never by string formatting.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

MAX_BODY_BYTES = 64 * 1024 * 1024  # the largest page (5000 numbers with attributes) is ~2 MB

Element = etree._Element


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,
        remove_comments=True,
        remove_pis=True,
    )


class XmlError(ValueError):
    """A reply body is not acceptable XML."""


def parse_xml(body: bytes) -> Element | None:
    """Parse a reply body; None for an empty body. Raise XmlError on anything unsafe or broken."""
    if not body or not body.strip():
        return None
    if len(body) > MAX_BODY_BYTES:
        raise XmlError(f"reply of {len(body)} bytes exceeds the {MAX_BODY_BYTES}-byte bound")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as e:
        raise XmlError(f"reply is not well-formed XML: {e}") from e
    if root.getroottree().docinfo.doctype:  # type: ignore[union-attr]
        raise XmlError("reply declares a DTD, which numspec refuses")
    return root


def local(tag: object) -> str:
    """Return an element tag without any namespace."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def child(el: Element | None, name: str) -> Element | None:
    """Return the first direct child named `name` (case-sensitive, namespace ignored)."""
    if el is None:
        return None
    for c in el:
        if isinstance(c.tag, str) and local(c.tag) == name:
            return c
    return None


def children(el: Element | None, name: str) -> Iterator[Element]:
    """Yield the direct children named `name`; one element or many, the same."""
    if el is None:
        return
    for c in el:
        if isinstance(c.tag, str) and local(c.tag) == name:
            yield c


def path(el: Element | None, *names: str) -> Element | None:
    """Follow a chain of child names; None where it breaks."""
    for name in names:
        el = child(el, name)
    return el


def text(el: Element | None, *names: str) -> str | None:
    """Return the stripped text at a child path, or None when absent or empty."""
    target = path(el, *names)
    if target is None or target.text is None:
        return None
    value = target.text.strip()
    return value or None


def element(tag: str, value: str | None = None) -> Element:
    """Return a new element, with text if given."""
    el = etree.Element(tag)
    if value is not None:
        el.text = value
    return el


def sub(parent: Element, tag: str, value: str | None = None) -> Element:
    """Append a child element, with text if given."""
    el = etree.SubElement(parent, tag)
    if value is not None:
        el.text = value
    return el


def to_bytes(root: Element) -> bytes:
    """Serialise a request document with an XML declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
