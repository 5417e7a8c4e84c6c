"""`numspec apply` end to end against the sandbox on 127.0.0.1 (in-process CLI)."""

from __future__ import annotations

import json

import pytest
from apply_support import assert_exact, fresh_plan, write_inventory
from support.sandbox import admin, client, posts

from numspec import cli
from numspec.bandwidth.search_query import SearchQuery
from numspec.plan import planfile

pytestmark = pytest.mark.slow


def apply_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = cli.run(["apply", "--auto-approve", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_apply_converges_through_races_and_faults_without_ordering_beyond_the_shortfall(
    tmp_path, sandbox_factory, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    box = connect(sandbox_factory(race_rate=0.3, fault_rate=0.1, order_latency=0.05))
    inventory = write_inventory(tmp_path)
    code, report = apply_json(capsys, "-f", str(inventory))
    assert code == 0 and report["converged"] is True
    assert {g["status"] for g in report["groups"]} == {"converged"}
    admin(box, "config", {"race_rate": 0.0, "fault_rate": 0.0})
    assert_exact(box, inventory)
    code, again = apply_json(capsys, "-f", str(inventory))
    assert code == 0 and sum(g["ordered"] for g in again["groups"]) == 0


def test_a_pool_too_small_fails_the_group_with_the_numbers_it_did_get(
    tmp_path, sandbox, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    connect(sandbox)
    api = client(sandbox)
    available = len(
        api.search(SearchQuery.of({"countryCodeA3": "USA", "localVanity": "PIZZA"}, 5000))
    )
    api.close()
    groups = f"      pizza: {{quantity: {available + 2}, country: USA, local_vanity: PIZZA}}\n"
    code, report = apply_json(capsys, "-f", str(write_inventory(tmp_path, groups)))
    (group,) = report["groups"]
    assert code == 1 and report["converged"] is False
    assert (group["status"], group["held"]) == ("failed", available)
    assert f"only {available} of the {available + 2}" in group["reason"]


def test_a_blocked_country_is_reported_and_nothing_is_ordered_for_it(
    tmp_path, sandbox, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    connect(sandbox)
    groups = '      rome: {quantity: 2, country: ITA, type: GEOGRAPHIC, area_code: "06"}\n'
    code, report = apply_json(capsys, "-f", str(write_inventory(tmp_path, groups)))
    assert code == 1
    assert report["groups"][0]["status"] == "blocked"
    assert posts(sandbox) == 0


def test_a_stale_saved_plan_is_refused_before_any_change(
    tmp_path, sandbox, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    connect(sandbox)
    inventory = write_inventory(tmp_path)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(planfile.dumps(fresh_plan(sandbox, inventory)))
    admin(sandbox, "populate", {"site_id": "1001", "count": 1, "country": "USA"})
    code = cli.run(["apply", "--auto-approve", "-f", str(inventory), str(plan_file)])
    assert code == 1
    err = capsys.readouterr().err
    assert "the plan is stale, run numspec plan again" in err
    assert "(the account's holdings or orders changed since)" in err
    write_inventory(tmp_path, '      one: {quantity: 1, country: USA, area_code: "919"}\n')
    assert cli.run(["apply", "--auto-approve", "-f", str(inventory), str(plan_file)]) == 1
    assert f"({inventory} changed since the plan was made)" in capsys.readouterr().err
    assert posts(sandbox) == 0


def test_a_saved_plan_that_still_matches_is_carried_out(tmp_path, sandbox, connect, capsys) -> None:  # type: ignore[no-untyped-def]
    connect(sandbox)
    inventory = write_inventory(tmp_path)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(planfile.dumps(fresh_plan(sandbox, inventory)))
    code, report = apply_json(capsys, "-f", str(inventory), str(plan_file))
    assert code == 0 and report["converged"]
    assert_exact(sandbox, inventory)


def test_a_plan_with_disconnects_is_refused_without_the_flag_before_any_change(
    tmp_path, sandbox, connect, capsys
) -> None:  # type: ignore[no-untyped-def]
    connect(sandbox)
    three = '      raleigh: {quantity: 3, country: USA, area_code: "919"}\n'
    inventory = write_inventory(tmp_path, three)
    assert cli.run(["apply", "--auto-approve", "-f", str(inventory)]) == 0
    before = posts(sandbox)
    policy = "policy:\n  surplus: disconnect\n  max_disconnects: 10"
    write_inventory(tmp_path, three.replace("3,", "1,"), policy)
    capsys.readouterr()
    assert cli.run(["apply", "--auto-approve", "-f", str(inventory)]) == 1
    assert "--allow-disconnect" in capsys.readouterr().err
    assert posts(sandbox) == before
    group = fresh_plan(sandbox, inventory).groups[0]
    assert (group.held, len(group.surplus)) == (1, 2)  # nothing was disconnected


def test_apply_refuses_without_a_terminal_or_auto_approve(
    tmp_path, sandbox, connect, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    connect(sandbox)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli.run(["apply", "-f", str(write_inventory(tmp_path))]) == 1
    assert "--auto-approve" in capsys.readouterr().err
    assert posts(sandbox) == 0
