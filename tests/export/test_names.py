"""Exported site and group names are valid inventory names and never collide."""

from __future__ import annotations

import re

from numspec.export.names import MAX_NAME, slug, unique

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def test_site_name_becomes_lower_case_words_joined_by_dashes() -> None:
    assert slug("  Main Office (Raleigh) ", fallback="x") == "main-office-raleigh"


def test_name_without_letters_or_digits_takes_the_fallback() -> None:
    assert slug("!!!", fallback="site-1001") == "site-1001"


def test_long_name_is_cut_to_the_limit_without_a_trailing_dash() -> None:
    name = slug("a" * 62 + " b", fallback="x")
    assert len(name) <= MAX_NAME and NAME.match(name) and not name.endswith("-")


def test_taken_name_gets_the_hint_then_a_counter() -> None:
    assert unique("sales", ["sales"], hint="1002") == "sales-1002"
    assert unique("sales", ["sales", "sales-1002"], hint="1002") == "sales-2"
    assert unique("sales", []) == "sales"


def test_unique_name_of_a_long_base_stays_within_the_limit() -> None:
    base = "a" * MAX_NAME
    name = unique(base, [base], hint="1001")
    assert len(name) <= MAX_NAME and name.endswith("-1001")
