"""The safe parser refuses what it must; the next-page cursor survives every link spelling."""

from __future__ import annotations

import pytest

from numspec.bandwidth import xmlio
from numspec.bandwidth.paging import next_cursor, next_link
from numspec.bandwidth.xmlio import MAX_BODY_BYTES, XmlError, parse_xml


def test_empty_bodies_parse_to_nothing() -> None:
    assert parse_xml(b"") is None
    assert parse_xml(b"  \n") is None


def test_external_entities_and_dtds_are_refused() -> None:
    with pytest.raises(XmlError, match="DTD"):
        parse_xml(b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:1/x">]><r>&x;</r>')


def test_entity_expansion_bombs_are_refused() -> None:
    bomb = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><r>&b;</r>'
    with pytest.raises(XmlError):
        parse_xml(bomb)


def test_oversized_bodies_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_BODY_BYTES >= 16 * 1024 * 1024  # a 5000-number page with attributes fits
    monkeypatch.setattr(xmlio, "MAX_BODY_BYTES", 64)
    with pytest.raises(XmlError, match="exceeds"):
        parse_xml(b"<r>" + b" " * 64 + b"</r>")


def test_malformed_xml_is_an_xml_error() -> None:
    with pytest.raises(XmlError, match="well-formed"):
        parse_xml(b"<r><unclosed></r>")


def links(next_text: str) -> bytes:
    return f"<R><Links><first>x</first><next>{next_text}</next></Links></R>".encode()


@pytest.mark.parametrize(
    ("text", "cursor"),
    [
        ('Link=&lt;https://h/v1.0/tns?page=2012082912&amp;size=2500&gt;;rel="next";', "2012082912"),
        (
            'Link=&lt;https://h/api/v2/tns?size=2500&amp;page=+12012082912&gt;;rel="next";',
            "+12012082912",
        ),
        ('Link=&lt;https://h/api/v2/tns?page=%2B12012082912&gt;;rel="next";', "+12012082912"),
        ("Link=&lt;http://h/orders?Page=abc-123&gt;;", "abc-123"),
    ],
)
def test_the_next_cursor_is_read_from_the_link_text(text: str, cursor: str) -> None:
    assert next_cursor(parse_xml(links(text))) == cursor


def test_no_next_link_means_the_last_page() -> None:
    assert next_cursor(parse_xml(b"<R><Links><first>x</first></Links></R>")) is None
    assert next_link(None) is None


def test_links_nested_one_level_down_are_found() -> None:
    body = b"<W><L><Links><next>Link=&lt;http://h/o?page=7&gt;;</next></Links></L></W>"
    assert next_cursor(parse_xml(body)) == "7"


@pytest.mark.parametrize(
    "text",
    [
        'Link=&lt;https://h/api/v2/tns?size=2500&gt;;rel="next";',
        'Link=&lt;https://h/api/v2/tns?offset=500&amp;size=500&gt;;rel="next";',
        'Link=&lt;https://h/api/v2/tns?page=&gt;;rel="next";',
    ],
)
def test_a_next_link_without_a_page_cursor_is_an_error_not_the_last_page(text: str) -> None:
    with pytest.raises(ValueError, match="without a page cursor"):
        next_cursor(parse_xml(links(text)))
