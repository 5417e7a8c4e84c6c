"""Run the CI recipes of examples/ci/ against the sandbox: their own commands, read from them."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from support.cli import shell

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "examples" / "ci" / "github" / "numspec.yml"
GITLAB = ROOT / "examples" / "ci" / "gitlab" / "numspec-gitlab-ci.yml"
GITLAB_HELPER = ROOT / "examples" / "ci" / "gitlab" / "numspec_gitlab.py"
_SECRET = re.compile(r"^\$\{\{\s*secrets\.(\w+)\s*\}\}$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def runs_numspec(script: str) -> bool:
    return any(line.strip().startswith("numspec ") for line in script.splitlines())


def github_env(
    workflow: Mapping[str, Any], job: Mapping[str, Any], secrets: Mapping[str, str]
) -> dict[str, str]:
    """Return the workflow's and the job's env, with `${{ secrets.X }}` filled from `secrets`."""
    env: dict[str, str] = {}
    for key, value in {**workflow.get("env", {}), **job.get("env", {})}.items():
        match = _SECRET.match(str(value))
        env[key] = secrets[match.group(1)] if match else str(value)
    return env


def github_steps(job: Mapping[str, Any], event: str) -> list[str]:
    """Return the `run` scripts of the job's steps that call numspec and run on `event`."""
    return [
        step["run"]
        for step in job["steps"]
        if "run" in step
        and runs_numspec(step["run"])
        and f"'{event}'" in step.get("if", f"'{event}'")
    ]


def bash(script: str, cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a script as CI would (bash -e -o pipefail), with numspec's venv first on PATH."""
    return shell(script, cwd, env, options=("-eo", "pipefail"))


class FakeGitLab:
    """Just enough of the GitLab v4 API for numspec_gitlab.py: notes, MRs, pipelines, artifacts."""

    def __init__(self, workdir: Path, head_sha: str) -> None:
        self.workdir, self.head_sha = workdir, head_sha
        self.notes: dict[int, str] = {}
        self.calls: list[str] = []

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, bytes]:
        self.calls.append(f"{method} {path}")
        route = path.split("?")[0].removeprefix("/api/v4/projects/1")
        if route == "/merge_requests/7/notes" and method == "GET":
            notes = [{"id": i, "body": b} for i, b in sorted(self.notes.items())]
            return 200, json.dumps(notes).encode()
        if route == "/merge_requests/7/notes" and method == "POST":
            note_id = len(self.notes) + 1
            self.notes[note_id] = json.loads(body)["body"]
            return 201, json.dumps({"id": note_id}).encode()
        if route.startswith("/merge_requests/7/notes/") and method == "PUT":
            self.notes[int(route.rsplit("/", 1)[1])] = json.loads(body)["body"]
            return 200, b"{}"
        if route.startswith("/repository/commits/") and route.endswith("/merge_requests"):
            return 200, json.dumps([{"iid": 7, "state": "merged", "sha": self.head_sha}]).encode()
        if route == "/merge_requests/7/pipelines":
            return 200, json.dumps([{"id": 99, "sha": self.head_sha}]).encode()
        if route == "/pipelines/99/jobs":
            return 200, json.dumps([{"id": 5, "name": "numspec-plan"}]).encode()
        if route == "/jobs/5/artifacts/numspec-plan.json":
            return 200, (self.workdir / "artifacts" / "numspec-plan.json").read_bytes()
        return 404, b'{"message": "404 Not Found"}'


@contextmanager
def serve(fake: FakeGitLab) -> Iterator[str]:
    """Serve `fake` on 127.0.0.1; yield its API base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            assert self.headers.get("PRIVATE-TOKEN") == "glpat-test"
            status, data = fake.answer(self.command, self.path, body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _reply  # noqa: N815 - http.server's naming

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v4"
    finally:
        server.shutdown()
        server.server_close()
