"""The CI recipes in examples/ci/ parse, and the numspec commands they run work on the sandbox.

The commands are read from the recipe files, not copied here, so a recipe that drifts from the
CLI fails this test. What needs GitHub itself (artifacts, the comment script, `gh`) cannot run
here; GitLab's helper runs against a fake GitLab API on 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from ci_support import (
    GITHUB,
    GITLAB,
    GITLAB_HELPER,
    FakeGitLab,
    bash,
    github_env,
    github_steps,
    load,
    runs_numspec,
    serve,
)
from support.cli import numspec
from support.gitrepo import commit, git, init
from support.sandbox import env_for, populate

from numspec.render.plan_markdown import MARKER
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow


def test_github_workflow_plans_pull_requests_and_applies_on_main() -> None:
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) >= {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"]
    plan, apply = workflow["jobs"]["plan"], workflow["jobs"]["apply"]
    uses = [step.get("uses", "") for step in plan["steps"]]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    comment = next(
        s for s in plan["steps"] if s.get("uses", "").startswith("actions/github-script")
    )
    assert MARKER in comment["with"]["script"] and "updateComment" in comment["with"]["script"]
    assert any("--auto-approve" in s for s in github_steps(apply, "push"))
    for job in (plan, apply):
        assert job["env"]["BANDWIDTH_CLIENT_ID"] == "${{ secrets.BANDWIDTH_CLIENT_ID }}"
        assert job["env"]["BANDWIDTH_CLIENT_SECRET"] == "${{ secrets.BANDWIDTH_CLIENT_SECRET }}"
        for step in job["steps"]:  # expressions in scripts invite injection: env vars only
            assert "${{" not in step.get("run", "")


def test_gitlab_pipeline_plans_merge_requests_and_applies_on_the_default_branch() -> None:
    pipeline = load(GITLAB)
    plan, apply = pipeline["numspec-plan"], pipeline["numspec-apply"]
    assert "merge_request_event" in plan["rules"][0]["if"]
    assert "CI_DEFAULT_BRANCH" in apply["rules"][0]["if"]
    assert set(plan["artifacts"]["paths"]) >= {"numspec-plan.json"}
    assert any("--auto-approve" in item for item in apply["script"])
    assert apply["resource_group"]


def _inventory_with_changes(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Export what site 1001 holds, commit it as main (and origin/main, as a CI checkout has
    it), then ask for two more numbers in its first group: the pull request's change."""
    code, out, err = numspec(capsys, "export", "--account", "9900000", "--site", "1001")
    assert code == 0, err
    init(workdir)
    commit(workdir, {"inventory.yaml": out}, "the account as it is")
    git(workdir, "update-ref", "refs/remotes/origin/main", "main")
    doc: dict[str, Any] = yaml.safe_load(out)
    group = next(iter(doc["sites"]["site-1001"]["groups"].values()))
    group["quantity"] += 2
    (workdir / "inventory.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


@pytest.fixture
def repo(connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A checkout whose inventory.yaml wants two numbers more than the sandbox holds."""
    populate(connected, "1001", 5)
    workdir = tmp_path / "repo"
    workdir.mkdir()
    _inventory_with_changes(workdir, capsys)
    return workdir


def _urls(box: EmbeddedSandbox) -> dict[str, str]:
    env = env_for(box)
    return {k: v for k, v in env.items() if k.endswith("_URL")}


def test_github_recipe_commands_run_against_the_sandbox(
    repo: Path, sandbox: EmbeddedSandbox
) -> None:
    workflow = load(GITHUB)
    secrets = {
        "BANDWIDTH_CLIENT_ID": sandbox.client_id,
        "BANDWIDTH_CLIENT_SECRET": sandbox.client_secret,
    }

    def run_job(name: str, event: str) -> dict[str, str]:
        job = workflow["jobs"][name]
        output = repo / f"github-output-{name}-{event}"
        output.write_text("")
        env = {**github_env(workflow, job, secrets), **_urls(sandbox), "GITHUB_OUTPUT": str(output)}
        env["GITHUB_BASE_REF"] = "main"  # set by GitHub on pull_request events
        scripts = github_steps(job, event)
        assert scripts, f"no numspec step of job {name} runs on {event}"
        for script in scripts:
            done = bash(script, repo, env)
            assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
        return dict(line.split("=", 1) for line in output.read_text().split())

    # The pull request: a plan with changes (exit 2 is success), saved and rendered.
    assert run_job("plan", "pull_request") == {"exitcode": "2"}
    comment = (repo / "numspec-plan.md").read_text(encoding="utf-8")
    assert comment.count(MARKER) == 1
    # what the pull request changed, above what it will do
    assert comment.index("What this change means") < comment.index("numspec plan for account")
    assert ": quantity " in comment and "(+2)" in comment
    assert json.loads((repo / "numspec-plan.json").read_text())["summary"]["order"] == 2
    # The merge: apply exactly that saved plan (the artifact download is GitHub's part).
    run_job("apply", "push")
    # The next pull request finds nothing to do.
    assert run_job("plan", "pull_request") == {"exitcode": "0"}
    # A run by hand plans afresh and applies (nothing to do now).
    run_job("apply", "workflow_dispatch")


def test_gitlab_recipe_commands_run_against_the_sandbox(
    repo: Path, sandbox: EmbeddedSandbox
) -> None:
    pipeline = load(GITLAB)
    (repo / "ci").mkdir()
    shutil.copy(GITLAB_HELPER, repo / "ci" / "numspec_gitlab.py")
    fake = FakeGitLab(repo, head_sha="0123456789abcdef")
    with serve(fake) as api_url:
        env = {
            **pipeline["variables"],
            **env_for(sandbox),
            "CI_API_V4_URL": api_url,
            "CI_PROJECT_ID": "1",
            "CI_MERGE_REQUEST_IID": "7",
            "CI_COMMIT_SHA": "fedcba9876543210",
            "CI_COMMIT_SHORT_SHA": "fedcba98",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(repo, "rev-parse", "main"),
            "NUMSPEC_GITLAB_TOKEN": "glpat-test",
        }

        def run_job(name: str) -> None:
            script = "\n".join(pipeline[name]["script"])
            assert runs_numspec(script)
            done = bash(script, repo, env)
            assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"

        run_job("numspec-plan")
        assert len(fake.notes) == 1 and MARKER in fake.notes[1]
        assert "What this change means" in fake.notes[1] and "(+2)" in fake.notes[1]
        (repo / "artifacts").mkdir()
        shutil.move(repo / "numspec-plan.json", repo / "artifacts" / "numspec-plan.json")
        run_job("numspec-apply")  # fetches the merged request's plan, applies it
        assert "GET /api/v4/projects/1/jobs/5/artifacts/numspec-plan.json" in fake.calls
        run_job("numspec-plan")  # the next merge request: the same one comment, updated
        assert len(fake.notes) == 1 and "No changes" in fake.notes[1]
