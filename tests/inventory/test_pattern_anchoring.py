"""Schema patterns end at the true end of the string: a trailing newline is not a digit."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import numspec

from numspec.inventory.schema import anchored

TEMPLATE = """\
version: 1
account_id: {account}
sites:
  us-sales:
    site_id: {site}
    groups:
      raleigh: {{quantity: 1, country: USA, area_code: {area}}}
"""


@pytest.mark.parametrize(
    ("field", "line", "values"),
    [
        ("account_id", 2, {"account": '"9900000\\n"', "site": '"1001"', "area": '"919"'}),
        ("site_id", 5, {"account": '"9900000"', "site": '"1001\\n"', "area": '"919"'}),
        ("area_code", 7, {"account": '"9900000"', "site": '"1001"', "area": '"919\\n"'}),
    ],
)
def test_a_value_with_a_trailing_newline_is_refused_on_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    line: int,
    values: dict[str, str],
) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_text(TEMPLATE.format(**values), encoding="utf-8")
    code, _, err = numspec(capsys, "validate", "-f", str(path))
    assert code == 1
    assert f"{path}:{line}:" in err and field in err, err


def test_the_same_file_without_the_newline_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_text(TEMPLATE.format(account='"9900000"', site='"1001"', area='"919"'), "utf-8")
    assert numspec(capsys, "validate", "-f", str(path))[0] == 0


def test_anchoring_rewrites_only_a_final_unescaped_dollar() -> None:
    assert anchored("^[0-9]{1,20}$") == r"^[0-9]{1,20}\Z"
    assert anchored(r"^a\$") == r"^a\$"
    assert anchored("^a") == "^a"
