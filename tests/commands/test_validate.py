"""`numspec validate`: one summary line on success; every located problem and exit 1 otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from numspec.cli import run

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
version: 1
account_id: "9900000"
sites:
  us-sales:
    site_id: "1002"
    groups:
      raleigh: {quantity: 5, country: USA, state: NC, city: RALEIGH}
      main-line: {country: USA, numbers: ["+19195550100"]}
  uk:
    site_id: "1001"
    groups:
      london: {quantity: 1, country: GBR, area_code: "20"}
"""

BROKEN = """\
version: 1
account_id: "9900000"
sites:
  us-sales:
    site_id: "1002"
    groups:
      raleigh: {quantity: 6000, country: USA, city: RALEIGH}
      raleigh: {quantity: 1, country: USA, state: NC}
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_valid_file_prints_one_summary_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "inventory.yaml").write_text(GOOD)
    assert run(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out == "inventory.yaml: valid (2 sites, 3 groups, 7 numbers wanted)\n"
    assert err == ""


def test_singular_counts_read_naturally(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = GOOD.split("  uk:")[0].replace("quantity: 5", "quantity: 0")
    one = one.replace('      main-line: {country: USA, numbers: ["+19195550100"]}\n', "")
    (workdir / "one.yaml").write_text(one)
    assert run(["validate", "-f", "one.yaml"]) == 0
    assert capsys.readouterr().out == "one.yaml: valid (1 site, 1 group, 0 numbers wanted)\n"


def test_every_problem_is_printed_on_stderr_with_its_location(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "broken.yaml").write_text(BROKEN)
    assert run(["validate", "--file", "broken.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "broken.yaml:7:27: sites.us-sales.groups.raleigh.quantity: 6000 is above the maximum 5000",
        "broken.yaml:7:47: sites.us-sales.groups.raleigh.city: city needs state in a NANP"
        " country; add state, e.g. state: NC",
        'broken.yaml:8:7: sites.us-sales.groups: duplicate key "raleigh" (first on line 7); YAML'
        " keeps only the last one, so remove or rename one",
    ]
    assert "Traceback" not in err


def test_a_missing_file_is_one_line_naming_it(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["validate", "-f", "nope.yaml"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", "error: nope.yaml: no such file\n")


def test_the_default_file_is_inventory_yaml(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["validate"]) == 1
    assert capsys.readouterr().err == "error: inventory.yaml: no such file\n"


@pytest.mark.parametrize(
    "path", sorted((ROOT / "examples").glob("*.yaml")) + [ROOT / "inventory.yaml"], ids=str
)
def test_every_shipped_inventory_validates(
    path: Path, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(path, workdir / path.name)
    assert run(["validate", "-f", path.name]) == 0
    assert capsys.readouterr().out.startswith(f"{path.name}: valid (")


def test_validate_sends_nothing_over_the_network(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validate opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    shutil.copy(ROOT / "inventory.yaml", workdir / "inventory.yaml")
    assert run(["validate"]) == 0
