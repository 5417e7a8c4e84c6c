"""`numspec apply` on the sandbox: the demo inventory in one order per group, and --reserve."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from apply_support import assert_exact
from support.sandbox import ORDERS_ROUTE, admin, client

from numspec import cli
from numspec.apply.applier import ApplyOptions, apply
from numspec.apply.events import ApplyEvent
from numspec.commands.common import SANDBOX_RATE_LIMIT, sandbox_rate_limit
from numspec.errors import ConfigError
from numspec.inventory import load_inventory
from numspec.plan.planner import make_plan

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[2] / "inventory.yaml"
RESERVE_ROUTE = "POST /api/v2/accounts/{accountId}/tnreservation"
RELEASE_ROUTE = "DELETE /api/v2/accounts/{accountId}/tnreservation/{reservationId}"
LOST = {"5005", "5218"}


@pytest.fixture(autouse=True)
def _sandbox_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMSPEC_RATE_LIMIT", "100")  # what --sandbox would use


def apply_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = cli.run(["apply", "--auto-approve", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else {}, err


def lost_numbers(box) -> list[str]:  # type: ignore[no-untyped-def]
    """Numbers any order of the account lost to another order or customer (5005, 5218)."""
    api = client(box)
    try:
        orders = [api.get_order(s.order_id) for s in api.list_orders()]
    finally:
        api.close()
    return [e.number or "" for o in orders for e in o.errors if e.code in LOST]


def test_the_sandbox_client_gets_a_higher_rate_unless_numspec_rate_limit_says_otherwise() -> None:
    assert sandbox_rate_limit({}) == SANDBOX_RATE_LIMIT == 100.0
    assert sandbox_rate_limit({"NUMSPEC_RATE_LIMIT": "7.5"}) == 7.5
    with pytest.raises(ConfigError, match="NUMSPEC_RATE_LIMIT"):
        sandbox_rate_limit({"NUMSPEC_RATE_LIMIT": "fast"})


def test_the_demo_inventory_converges_with_one_order_per_group_and_no_number_lost(
    tmp_path, sandbox_factory, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    box = connect(sandbox_factory(order_latency=0.2))
    inventory = tmp_path / "inventory.yaml"
    shutil.copy(DEMO, inventory)
    code, report, err = apply_json(capsys, "-f", str(inventory))
    assert code == 0 and report["converged"] is True
    groups = report["groups"]
    assert [len(g["orders"]) for g in groups] == [1] * len(groups)
    stats = admin(box, "stats")
    assert stats["requests"][ORDERS_ROUTE] == len(groups)
    assert stats["orders"] == {"COMPLETE": len(groups)}
    assert lost_numbers(box) == []
    assert_exact(box, inventory)


RESERVE_GROUPS = """\
      raleigh: {quantity: 6, country: USA, area_code: "919"}
      durham: {quantity: 4, country: USA, state: NC, rate_center: DURHAM}
"""


def _write(directory: Path, groups: str) -> Path:
    path = directory / "inventory.yaml"
    path.write_text(
        f'version: 1\naccount_id: "9900000"\nsites:\n  us-sales:\n    site_id: "1001"\n'
        f"    groups:\n{groups}",
        encoding="utf-8",
    )
    return path


def test_reserve_reserves_only_after_a_loss_and_reserved_numbers_are_not_lost(
    tmp_path, sandbox_factory, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    box = connect(sandbox_factory(race_rate=0.3, order_latency=0.05))
    inventory = _write(tmp_path, RESERVE_GROUPS)
    code, report, err = apply_json(capsys, "--reserve", "-f", str(inventory))
    assert code == 0 and report["converged"] is True
    api = client(box)
    try:
        orders = [[api.get_order(i) for i in g["orders"]] for g in report["groups"]]
    finally:
        api.close()
    firsts = [group[0] for group in orders]
    later = [o for group in orders for o in group[1:]]
    assert any(o.status != "COMPLETE" for o in firsts)  # the seed's races hit a first round
    for group in orders:
        # A group that lost nothing in its first round placed one order and reserved nothing.
        assert len(group) == (1 if group[0].status == "COMPLETE" else 2)
    requests = admin(box, "stats")["requests"]
    # One reservation per number of the later rounds, none for a first round.
    assert all(o.status == "COMPLETE" for o in later)  # reserved: no number lost
    assert requests.get(RESERVE_ROUTE, 0) == sum(len(o.completed_numbers) for o in later) > 0
    assert requests.get(RELEASE_ROUTE, 0) == 0  # every reservation went into an order
    lost = set(lost_numbers(box))
    assert lost and not lost & {n for o in later for n in o.completed_numbers}
    admin(box, "config", {"race_rate": 0.0})
    assert_exact(box, inventory)


def test_reservations_of_an_order_the_api_refuses_are_released(tmp_path, sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(race_rate=1.0)
    inventory = load_inventory(_write(tmp_path, RESERVE_GROUPS.splitlines()[0] + "\n"))

    orderings: list[ApplyEvent] = []

    def deny_on_order(event: ApplyEvent) -> None:
        # The first order loses every number (race rate 1), so the second round reserves; after
        # the reservations, before its POST, the account loses the right to order (4014).
        if event.kind == "ordering":
            orderings.append(event)
            if len(orderings) == 2:
                admin(box, "config", {"denied_types": [["USA", "GEOGRAPHIC"]]})

    api = client(box, rate_limit=SANDBOX_RATE_LIMIT)
    try:
        report = apply(
            make_plan(inventory, api),
            inventory,
            api,
            options=ApplyOptions(reserve=True, parallelism=1),
            events=deny_on_order,
        )
    finally:
        api.close()
    assert [g.status for g in report.groups] == ["blocked"]
    assert len(orderings) == 2
    requests = admin(box, "stats")["requests"]
    assert requests[RESERVE_ROUTE] == 6  # the second round's numbers only
    assert requests[RELEASE_ROUTE] == 6
    assert requests[ORDERS_ROUTE] == 2  # the first order (all lost), then the refused POST
