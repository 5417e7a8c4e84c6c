"""`numspec apply` on the sandbox: the demo inventory in one order per group, and --reserve."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from apply_support import assert_exact
from support.sandbox import ORDERS_ROUTE, admin, client

from numspec import cli
from numspec.commands.common import SANDBOX_RATE_LIMIT, sandbox_rate_limit
from numspec.errors import ConfigError
from numspec.reconcile.apply import ApplyOptions, apply
from numspec.reconcile.events import ApplyEvent
from numspec.reconcile.plan import make_plan
from numspec.spec import load_inventory

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


def test_reserved_numbers_are_not_lost_to_other_customers(
    tmp_path, sandbox_factory, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    box = connect(sandbox_factory(race_rate=0.3, order_latency=0.05))
    inventory = _write(tmp_path, RESERVE_GROUPS)
    code, report, err = apply_json(capsys, "--reserve", "-f", str(inventory))
    assert code == 0 and report["converged"] is True
    assert [len(g["orders"]) for g in report["groups"]] == [1, 1]
    requests = admin(box, "stats")["requests"]
    assert requests[RESERVE_ROUTE] == 10  # one reservation per number ordered
    assert requests.get(RELEASE_ROUTE, 0) == 0  # every reservation went into an order
    assert lost_numbers(box) == []
    admin(box, "config", {"race_rate": 0.0})
    assert_exact(box, inventory)


def test_reservations_of_an_order_the_api_refuses_are_released(tmp_path, sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory()
    inventory = load_inventory(_write(tmp_path, RESERVE_GROUPS.splitlines()[0] + "\n"))

    def deny_on_order(event: ApplyEvent) -> None:
        # After the reservations, before the POST: the account loses the right to order (4014).
        if event.kind == "ordering":
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
    requests = admin(box, "stats")["requests"]
    assert requests[RESERVE_ROUTE] == 6
    assert requests[RELEASE_ROUTE] == 6
    assert ORDERS_ROUTE in requests  # the refused POST
