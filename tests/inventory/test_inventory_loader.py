"""The YAML loader: located errors for everything a parser would accept silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from inventory_text import NAME

from numspec.errors import SpecError, UsageError
from numspec.inventory import parse_yaml, read_yaml


def problems(text: str | bytes) -> list[str]:
    """Return the loader's problem lines for a text, or [] if it loads."""
    try:
        parse_yaml(text.encode() if isinstance(text, str) else text, NAME)
    except SpecError as e:
        return e.lines()
    return []


def test_reading_a_missing_file_is_a_one_line_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as e:
        read_yaml(tmp_path / "nope.yaml")
    assert e.value.lines() == [f"{tmp_path / 'nope.yaml'}: no such file"]


def test_reading_a_directory_names_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory"):
        read_yaml(tmp_path)


def test_every_value_and_key_has_its_line_and_column() -> None:
    doc = parse_yaml(b"a:\n  b: [1, x]\n  'c': {d: 2}\n", NAME)
    assert doc.data == {"a": {"b": [1, "x"], "c": {"d": 2}}}
    assert (doc.mark(("a", "b", 1)).line, doc.mark(("a", "b", 1)).column) == (2, 10)
    assert doc.mark(("a", "c"), key=True).column == 3
    assert doc.mark(("a", "c", "d")).column == 12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "inv.yaml:1:1: the file is empty; it needs at least version, account_id and sites"),
        ("# only a comment\n", "inv.yaml:1:1: the file is empty; it needs at least version,"),
        ("- a\n- b\n", "inv.yaml:1:1: the top level must be a mapping of keys, not a list"),
        ("just text\n", "inv.yaml:1:1: the top level must be a mapping of keys, not a single"),
        ("a: 1\n---\nb: 2\n", "inv.yaml:2:1: YAML syntax error: the file holds more than one"),
        ("a: [1,\n", "inv.yaml:2:1: YAML syntax error: expected the node content"),
        ("a: 1\n  b: 2\n", "inv.yaml:2:4: YAML syntax error: mapping values are not allowed here"),
        ("a:\n\tb: 1\n", "inv.yaml:2:1: a tab in the indentation; YAML indents with spaces only"),
        ("a:\n  \tb: 1\n", "inv.yaml:2:3: a tab in the indentation; YAML indents with spaces only"),
        ("a: \x07\n", "inv.yaml:1:4: the file contains a control character (#x0007)"),
        ("a: !custom x\n", "inv.yaml:1:4: a: unsupported tag !custom"),
        ("a: !!binary aGk=\n", "inv.yaml:1:4: a: unsupported tag tag:yaml.org,2002:binary"),
        ("a: !!python/object:os.system x\n", "inv.yaml:1:4: a: unsupported tag"),
        ("? [x]\n: 1\n", "inv.yaml:1:3: a key must be plain text"),
        ("a: &r [*r]\n", "inv.yaml:1:4: an alias refers to the value that contains it"),
        ("x: 1\n<<: 3\n", "inv.yaml:2:5: << merges only a mapping or a list of mappings"),
    ],
)
def test_bad_yaml_is_reported_at_its_position(text: str, expected: str) -> None:
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith(expected)


def test_a_non_utf8_file_names_the_byte_and_its_position() -> None:
    assert problems(b"version: 1\nname: caf\xe9\n") == [
        "inv.yaml:2:10: the file is not UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert parse_yaml(b"\xef\xbb\xbfa: 1\n", NAME).data == {"a": 1}


def test_duplicate_keys_are_errors_at_any_depth() -> None:
    text = "a: 1\nb:\n  c:\n    d: 1\n    d: 2\na: 3\n"
    assert problems(text) == [
        'inv.yaml:5:5: b.c: duplicate key "d" (first on line 4); YAML keeps only the last one,'
        " so remove or rename one",
        'inv.yaml:6:1: duplicate key "a" (first on line 1); YAML keeps only the last one,'
        " so remove or rename one",
    ]


def test_every_tab_is_reported() -> None:
    assert [p.split(": ")[0] for p in problems("a:\n\tb: 1\n\tc: 2\n")] == [
        "inv.yaml:2:1",
        "inv.yaml:3:1",
    ]


def test_an_alias_bomb_stops_at_the_node_limit_quickly() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    lines += [f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]" for p, c in pairs]
    with pytest.raises(SpecError) as e:
        parse_yaml("\n".join(lines).encode(), NAME)
    assert len(e.value.problems) == 1
    assert "expands to more than 100000 values" in e.value.problems[0].message


def test_deep_nesting_is_refused() -> None:
    found = problems("a: " + "[" * 70 + "]" * 70 + "\n")
    assert found == ["inv.yaml:1:68: the document nests deeper than 64 levels"]


def test_pathological_nesting_beyond_the_parser_is_refused() -> None:
    found = problems("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert len(found) == 1
    assert "nests deeper than 64 levels" in found[0]


def test_keys_are_the_text_as_written_not_yaml_booleans() -> None:
    assert parse_yaml(b"NO: 1\non: 2\n1001: 3\n", NAME).data == {"NO": 1, "on": 2, "1001": 3}


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    doc = parse_yaml(b"d: &d {a: 1, b: 2}\ne:\n  <<: *d\n  b: 3\n", NAME)
    assert doc.data == {"d": {"a": 1, "b": 2}, "e": {"a": 1, "b": 3}}
    assert doc.mark(("e",)).line == 3
    assert doc.mark(("e", "b")).line == 4


def test_keep_going_returns_recoverable_problems_with_the_data() -> None:
    doc = parse_yaml(b"a: 1\na: 2\nb: !x y\n", NAME, keep_going=True)
    assert doc.data == {"a": 1, "b": None}
    assert [str(p) for p in doc.problems] == [
        'inv.yaml:2:1: duplicate key "a" (first on line 1); YAML keeps only the last one, so'
        " remove or rename one",
        "inv.yaml:3:4: b: unsupported tag !x",
    ]


def test_dates_stay_text() -> None:
    assert parse_yaml(b"a: 2024-01-02\n", NAME).data == {"a": "2024-01-02"}


def test_digest_is_the_sha256_of_the_bytes() -> None:
    import hashlib

    raw = b"a: 1\n"
    assert parse_yaml(raw, NAME).digest == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029"])
def test_lines_are_counted_as_editors_count_them_after_unicode_line_separators(odd: str) -> None:
    # PyYAML breaks lines at NEL, LS and PS too; users' editors do not.
    text = f'version: 1\naccount_id: "a{odd}b"\nsites: 1\nsites: 2\n'
    assert problems(text) == [
        f'{NAME}:4:1: duplicate key "sites" (first on line 3); YAML keeps only the last one, '
        "so remove or rename one"
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_give_the_same_positions(newline: str) -> None:
    lines = ["version: 1", "sites: 1", "  bad: [", ""]
    assert problems(newline.join(lines)) == problems("\n".join(lines))
    assert problems("\n".join(lines))[0].startswith(f"{NAME}:3:6: YAML syntax error")
