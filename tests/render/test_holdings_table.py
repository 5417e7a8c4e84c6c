"""`numspec show` renders holdings as an aligned table for people and JSON for scripts."""

from __future__ import annotations

import json

from numspec.bandwidth.models import HeldNumber
from numspec.render.holdings_table import COLUMNS, render_json, render_text

HELD = [
    HeldNumber(
        "+19195550101", "1002", "2002", "USA", "GEOGRAPHIC", "919", "RALEIGH", "NC", "RALEIGH"
    ),
    HeldNumber("+442071230001", "1001", "2001", "GBR", "GEOGRAPHIC", "20", "LONDON"),
]
NAMES = {"1001": "UK Support", "1002": "US Sales"}


def test_table_has_a_header_a_row_per_number_and_a_summary() -> None:
    lines = render_text("9900000", HELD, NAMES).splitlines()
    assert lines[0].split() == " ".join(COLUMNS).split()
    assert lines[1].startswith("+442071230001  1001 UK Support")  # sorted by site
    assert "RALEIGH" in lines[2] and "-" in lines[1].split()  # missing values show as -
    assert lines[-1] == "2 numbers on 2 sites of account 9900000."


def test_table_columns_line_up() -> None:
    lines = render_text("9900000", HELD, NAMES).splitlines()[:3]
    starts = {line.index(line.split()[0]) for line in lines}
    assert starts == {0}
    assert len({line.find("GEOGRAPHIC") for line in lines[1:]}) == 1


def test_long_site_names_are_cut_on_a_terminal_only() -> None:
    names = {"1001": "Customer support for the United Kingdom", "1002": "US Sales"}
    whole = render_text("9900000", HELD, names).splitlines()[1]
    assert whole.startswith("+442071230001  1001 Customer support for the United Kingdom  2001")
    cut = render_text("9900000", HELD, names, terminal=True).splitlines()[1]
    assert cut.startswith("+442071230001  1001 Customer support for t…  2001")


def test_empty_holdings_say_so() -> None:
    assert "holds no numbers" in render_text("9900000", [], NAMES)


def test_json_lists_every_number_with_its_attributes() -> None:
    data = json.loads(render_json("9900000", HELD, NAMES))
    assert data["account_id"] == "9900000" and data["count"] == 2
    first = data["numbers"][0]
    assert first["number"] == "+442071230001" and first["site_name"] == "UK Support"
    assert set(first) >= {"site_id", "location_id", "country", "type", "area_code", "city"}
