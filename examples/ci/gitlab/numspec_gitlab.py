"""GitLab glue for numspec's CI recipe: the one merge-request comment, and the reviewed plan.

    python ci/numspec_gitlab.py comment numspec-plan.md      # create or update the MR comment
    python ci/numspec_gitlab.py fetch-plan numspec-plan.json # the merged MR's saved plan

Standard library only. Reads GitLab's predefined CI variables (CI_API_V4_URL, CI_PROJECT_ID,
CI_MERGE_REQUEST_IID, CI_COMMIT_SHA) and NUMSPEC_GITLAB_TOKEN, a project access token with the
`api` scope.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
import urllib.request
from typing import Any

MARKER = "<!-- numspec-plan -->"
PLAN_JOB = "numspec-plan"
PLAN_FILE = "numspec-plan.json"


def _api(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    url = f"{os.environ['CI_API_V4_URL'].rstrip('/')}/projects/{os.environ['CI_PROJECT_ID']}{path}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("PRIVATE-TOKEN", os.environ["NUMSPEC_GITLAB_TOKEN"])
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the GitLab API
        raw = response.read()
    if path.endswith(f"/artifacts/{PLAN_FILE}"):
        return raw
    return json.loads(raw) if raw else None


def _pages(path: str) -> list[Any]:
    out: list[Any] = []
    page = 1
    while True:
        sep = "&" if "?" in path else "?"
        batch = _api("GET", f"{path}{sep}per_page=100&page={page}")
        out.extend(batch)
        if len(batch) < 100:
            return out
        page += 1


def comment(markdown_path: str) -> None:
    """Create or update the merge request's one numspec comment."""
    with open(markdown_path, encoding="utf-8") as f:
        body = f.read()
    if MARKER not in body:
        body = f"{MARKER}\n{body}"
    body += f"\n\n_Plan of {os.environ.get('CI_COMMIT_SHORT_SHA', '')}. Merging applies it._\n"
    notes = f"/merge_requests/{os.environ['CI_MERGE_REQUEST_IID']}/notes"
    mine = [n for n in _pages(f"{notes}?sort=asc") if MARKER in (n.get("body") or "")]
    if mine:
        _api("PUT", f"{notes}/{mine[0]['id']}", {"body": body})
        print(f"updated comment {mine[0]['id']}")
    else:
        created = _api("POST", notes, {"body": body})
        print(f"created comment {created['id']}")


def fetch_plan(out_path: str) -> None:
    """Save the plan of the merge request that brought CI_COMMIT_SHA."""
    sha = os.environ["CI_COMMIT_SHA"]
    merged = [
        m
        for m in _api("GET", f"/repository/commits/{sha}/merge_requests") or []
        if m.get("state") == "merged"
    ]
    if not merged:
        sys.exit(
            f"error: {sha} came from no merged merge request, so there is no reviewed plan;"
            " open one, or run a pipeline with NUMSPEC_REPLAN=1 to plan and apply"
        )
    request = merged[0]
    iid, head = request["iid"], request["sha"]
    for pipeline in _api("GET", f"/merge_requests/{iid}/pipelines") or []:
        if pipeline.get("sha") != head:
            continue
        jobs = _api("GET", f"/pipelines/{pipeline['id']}/jobs?scope[]=success")
        for job in jobs or []:
            if job.get("name") == PLAN_JOB:
                plan = _api("GET", f"/jobs/{job['id']}/artifacts/{PLAN_FILE}")
                with open(out_path, "wb") as f:
                    f.write(plan)
                print(f"fetched the plan of !{iid} (job {job['id']}, commit {head[:8]})")
                return
    sys.exit(f"error: no successful {PLAN_JOB} job for !{iid} at its head commit {head[:8]}")


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in ("comment", "fetch-plan"):
        sys.exit(__doc__)
    (comment if argv[0] == "comment" else fetch_plan)(argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
