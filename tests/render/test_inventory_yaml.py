"""The exported YAML reads back as written, with codes quoted and a header saying its origin."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import yaml

from numspec.render.inventory_yaml import render_inventory

AT = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)


def document() -> dict[str, Any]:
    groups = {
        "toll-free-888": {"quantity": 2, "country": "USA", "toll_free_wildcard": "88*"},
        "on-toronto": {"quantity": 1, "country": "CAN", "state": "ON", "rate_center": "TORONTO"},
        "ita-toll-free-800": {"quantity": 1, "country": "ITA", "area_code": "0800"},
        "usa-pinned": {"country": "USA", "numbers": ["+19195550100"]},
    }
    return {
        "version": 1,
        "account_id": "9900000",
        "sites": {"us-sales": {"site_id": "1001", "location_id": "2001", "groups": groups}},
    }


def test_export_reads_back_to_the_same_document() -> None:
    text = render_inventory(document(), exported_at=AT)
    assert yaml.safe_load(text) == document()


def test_header_says_when_and_from_which_account() -> None:
    text = render_inventory(document(), exported_at=AT, source="sandbox")
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert "sandbox account 9900000" in head[0]
    assert any("2026-11-27T02:30:00Z" in line for line in head)


def test_codes_ids_and_numbers_are_double_quoted() -> None:
    text = render_inventory(document(), exported_at=AT)
    for quoted in ['"9900000"', '"1001"', '"2001"', '"88*"', '"0800"', '"+19195550100"', '"ON"']:
        assert quoted in text


def test_names_and_words_stay_plain() -> None:
    text = render_inventory(document(), exported_at=AT)
    assert "  us-sales:\n" in text and "      toll-free-888:\n" in text
    assert "country: USA\n" in text and "rate_center: TORONTO\n" in text


def test_keys_keep_the_document_order() -> None:
    text = render_inventory(document(), exported_at=AT)
    assert text.index("version:") < text.index("account_id:") < text.index("sites:")
    assert text.index("quantity: 2") < text.index("toll_free_wildcard")


def test_site_comment_sits_above_its_site() -> None:
    text = render_inventory(document(), exported_at=AT, site_comments={"us-sales": 'site 1001 "X"'})
    assert '  # site 1001 "X"\n  us-sales:\n' in text
