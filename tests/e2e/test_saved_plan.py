"""A saved plan is carried out exactly or refused: tampering through the real CLI, on one sandbox.

Every refusal is one line on stderr, exit 1, and the sandbox answered no POST, PUT or DELETE.
The tests share one sandbox and one saved plan (made once); only the last ones change the
account, so they run last.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.sandbox import admin, populate, requests_made

from numspec import cli
from numspec.plan import planfile
from numspec.sandbox.server import EmbeddedSandbox, start_embedded

pytestmark = pytest.mark.slow

INVENTORY = """\
version: 1
account_id: "9900000"
policy:
  surplus: disconnect
  max_disconnects: 5
sites:
  us-sales:
    site_id: "1001"
    groups:
      triangle: {quantity: 3, country: USA, area_code: "919"}
      durham: {quantity: 2, country: USA, state: NC, rate_center: DURHAM}
  support:
    site_id: "1002"
    groups:
      main: {quantity: 1, country: USA, area_code: "919"}
"""


class World:
    """The module's sandbox, its inventory, the saved plan, and what the account held."""

    def __init__(self, box: EmbeddedSandbox, root: Path) -> None:
        self.box = box
        self.root = root
        self.inventory = root / "inventory.yaml"
        self.plan_file = root / "plan.json"
        populate(box, "1002", 2, area_code="919")
        self.elsewhere = str(populate(box, "1003", 1, area_code="919")["first"])
        self.inventory.write_text(INVENTORY, encoding="utf-8")

    def saved(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.plan_file.read_text(encoding="utf-8"))
        return data


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("saved-plan")
    box = start_embedded(root / "sandbox.sqlite3", order_latency=0.05)
    try:
        yield World(box, root)
    finally:
        box.stop()


@pytest.fixture
def here(world: World, connect: Callable[[EmbeddedSandbox], EmbeddedSandbox]) -> World:
    """The world, with BANDWIDTH_* pointing at its sandbox and the plan file written."""
    connect(world.box)
    if not world.plan_file.exists():
        code = cli.run(["plan", "-f", str(world.inventory), "--out", str(world.plan_file)])
        assert code == 0
    return world


def writes(box: EmbeddedSandbox) -> dict[str, int]:
    """The requests that change something (the token POST changes nothing)."""
    return {
        route: count
        for route, count in requests_made(box).items()
        if route.split(" ")[0] in ("POST", "PUT", "DELETE", "PATCH") and "oauth2" not in route
    }


def tampered(world: World, edit: Callable[[dict[str, Any]], None], *, digest: bool = True) -> Path:
    """Write an edited copy of the saved plan; `digest`: recompute it (a deliberate edit)."""
    data = world.saved()
    edit(data)
    if digest:
        data[planfile.DIGEST_KEY] = planfile.content_digest(data)
    path = world.root / "tampered.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def refusal(capsys: pytest.CaptureFixture[str], world: World, *args: str) -> str:
    """Run `apply --auto-approve --allow-disconnect ARGS`; return its one line of error."""
    admin(world.box, "reset-stats", {})
    capsys.readouterr()
    code = cli.run(["apply", "--auto-approve", "--allow-disconnect", *args])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and not lines[0].startswith("internal error"), err
    assert writes(world.box) == {}
    return lines[0]


def apply_plan(capsys: pytest.CaptureFixture[str], world: World, path: Path) -> str:
    return refusal(capsys, world, "-f", str(world.inventory), str(path))


def change(data: dict[str, Any], action: str, address: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        c for c in data["changes"] if (c["action"], c["address"]) == (action, address)
    )
    return found


def test_the_saved_plan_lists_the_orders_and_the_disconnect(here: World) -> None:
    data = here.saved()
    listed = [(c["action"], c["address"], c.get("quantity")) for c in data["changes"]]
    assert listed == [
        ("order", "us-sales/durham", 2),
        ("order", "us-sales/triangle", 3),
        ("disconnect", "support/main", None),
    ]
    assert len(change(data, "disconnect", "support/main")["numbers"]) == 1


def test_an_edit_without_a_new_digest_is_reported_as_a_modified_file(here, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tampered(here, lambda d: d.update(changes=[]), digest=False)
    line = apply_plan(capsys, here, path)
    assert f"the plan file {path} was modified after numspec plan wrote it" in line


def test_emptied_changes_are_refused_naming_what_planning_now_orders(here, capsys) -> None:  # type: ignore[no-untyped-def]
    line = apply_plan(capsys, here, tampered(here, lambda d: d.update(changes=[])))
    assert "the plan is stale, run numspec plan again: the saved plan does not" in line
    assert "planning now orders 2 for us-sales/durham" in line


def test_a_raised_quantity_is_refused_with_both_figures(here, capsys) -> None:  # type: ignore[no-untyped-def]
    def forty(data: dict[str, Any]) -> None:
        change(data, "order", "us-sales/triangle")["quantity"] = 40
        next(g for g in data["groups"] if g["address"] == "us-sales/triangle")["desired"] = 40

    line = apply_plan(capsys, here, tampered(here, forty))
    assert "the saved plan orders 40 for us-sales/triangle; planning now orders 3" in line


def test_a_raised_desired_alone_is_refused(here, capsys) -> None:  # type: ignore[no-untyped-def]
    def desired(data: dict[str, Any]) -> None:
        next(g for g in data["groups"] if g["address"] == "us-sales/triangle")["desired"] = 40

    line = apply_plan(capsys, here, tampered(here, desired))
    assert "the saved plan's desired for us-sales/triangle differs" in line


def test_numbers_added_to_be_ordered_are_refused(here, capsys) -> None:  # type: ignore[no-untyped-def]
    foreign = ["+441612345678", "+18885550100"]

    def pin(data: dict[str, Any]) -> None:
        change(data, "order", "us-sales/triangle")["numbers"] = foreign[:1]
        group = next(g for g in data["groups"] if g["address"] == "us-sales/triangle")
        group["pinned_to_order"] = foreign

    line = apply_plan(capsys, here, tampered(here, pin))
    assert "the saved plan orders 3 (+441612345678 and 2 found by search) for us-sales/tri" in line
    assert "planning now orders 3" in line


def test_a_disconnect_of_another_sites_number_is_refused(here, capsys) -> None:  # type: ignore[no-untyped-def]
    other = here.elsewhere

    def add(data: dict[str, Any]) -> None:
        data["changes"].append(
            {"address": "us-sales/triangle", "action": "disconnect", "numbers": [other]}
        )

    line = apply_plan(capsys, here, tampered(here, add))
    assert (
        f"the saved plan disconnects {other} for us-sales/triangle; planning now does not" in line
    )


def test_a_changed_number_in_a_disconnect_is_refused(here, capsys) -> None:  # type: ignore[no-untyped-def]
    main = next(g for g in here.saved()["groups"] if g["address"] == "support/main")
    kept = main["numbers"]
    assert len(kept) == 1 and kept != main["surplus"]

    def swap(data: dict[str, Any]) -> None:
        change(data, "disconnect", "support/main")["numbers"] = kept

    line = apply_plan(capsys, here, tampered(here, swap))
    assert (
        f"the saved plan disconnects {kept[0]} for support/main; planning now disconnects" in line
    )


def test_a_bumped_format_version_is_refused(here, capsys) -> None:  # type: ignore[no-untyped-def]
    line = apply_plan(capsys, here, tampered(here, lambda d: d.update(format_version=2)))
    assert "plan format_version 2 is not one this numspec reads (1)" in line


def test_a_group_added_or_removed_is_refused(here, capsys) -> None:  # type: ignore[no-untyped-def]
    def drop(data: dict[str, Any]) -> None:
        data["groups"] = [g for g in data["groups"] if g["address"] != "us-sales/durham"]
        data["changes"] = [c for c in data["changes"] if c["address"] != "us-sales/durham"]

    line = apply_plan(capsys, here, tampered(here, drop))
    assert "the saved plan does not order for us-sales/durham; planning now orders 2" in line

    def add(data: dict[str, Any]) -> None:
        extra = dict(data["groups"][0], address="us-sales/extra")
        data["groups"].append(extra)

    line = apply_plan(capsys, here, tampered(here, add))
    assert "the saved plan lists us-sales/extra, which planning now does not" in line


def test_a_plan_for_another_account_is_refused(here, capsys) -> None:  # type: ignore[no-untyped-def]
    line = apply_plan(capsys, here, tampered(here, lambda d: d.update(account_id="9900001")))
    assert f"the plan is for account 9900001; the inventory {here.inventory} is for" in line


def test_a_plan_whose_inventory_gained_a_comment_is_stale(here, capsys) -> None:  # type: ignore[no-untyped-def]
    try:
        here.inventory.write_text(INVENTORY + "# reviewed\n", encoding="utf-8")
        line = apply_plan(capsys, here, here.plan_file)
    finally:
        here.inventory.write_text(INVENTORY, encoding="utf-8")
    assert f"({here.inventory} changed since the plan was made)" in line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format_version": 1, "account_', "not JSON"),
        ("plan: yes please", "is not a numspec plan file: not JSON"),
        (INVENTORY, "is an inventory, not a plan file; use -f for the inventory"),
        ("[1, 2]", "is not a numspec plan file (no format_version)"),
    ],
    ids=["truncated", "not-json", "inventory", "not-a-plan"],
)
def test_a_file_that_is_not_a_plan_is_refused(here, capsys, text, expected) -> None:  # type: ignore[no-untyped-def]
    path = here.root / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert expected in apply_plan(capsys, here, path)


def test_the_inventory_is_the_default_one_not_the_path_the_plan_names(  # type: ignore[no-untyped-def]
    here, capsys, monkeypatch, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    line = refusal(capsys, here, str(here.plan_file))
    # apply reads inventory.yaml here; the plan's own path is named as a hint, not read.
    assert line.endswith(
        f"was made from the inventory {here.inventory}, and inventory.yaml does not exist here; "
        f"name the inventory with -f, e.g. -f {here.inventory}"
    )
    (tmp_path / "inventory.yaml").write_text(INVENTORY.replace("quantity: 3", "quantity: 4"))
    line = refusal(capsys, here, str(here.plan_file))
    assert f"the plan was made from {here.inventory}, and inventory.yaml differs from it" in line


def test_the_untouched_plan_does_exactly_what_it_lists(here, capsys) -> None:  # type: ignore[no-untyped-def]
    listed = here.saved()["changes"]
    admin(here.box, "reset-stats", {})
    capsys.readouterr()
    code = cli.run(
        [
            "apply",
            "--auto-approve",
            "--allow-disconnect",
            "--format",
            "json",
            "-f",
            str(here.inventory),
            str(here.plan_file),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    report = {g["address"]: g for g in json.loads(out)["groups"]}
    ordered = {c["address"]: c["quantity"] for c in listed if c["action"] == "order"}
    gone = {c["address"]: c["numbers"] for c in listed if c["action"] == "disconnect"}
    assert {a: g["ordered"] for a, g in report.items() if g["ordered"]} == ordered
    assert {a: g["disconnected"] for a, g in report.items() if g["disconnected"]} == gone


def test_the_same_plan_again_is_stale_and_an_empty_plan_is_success(  # type: ignore[no-untyped-def]
    here, capsys, monkeypatch
) -> None:
    line = apply_plan(capsys, here, here.plan_file)
    assert "(the account's holdings or orders changed since)" in line
    empty = here.root / "empty.json"
    assert cli.run(["plan", "-f", str(here.inventory), "--out", str(empty)]) == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    admin(here.box, "reset-stats", {})
    capsys.readouterr()
    assert cli.run(["apply", "-f", str(here.inventory), str(empty)]) == 0
    out, err = capsys.readouterr()
    assert out == "No changes. The account matches the inventory.\n"
    assert writes(here.box) == {}
