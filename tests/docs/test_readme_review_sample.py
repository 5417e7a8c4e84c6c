"""The README's sample `plan --base` comment is what a real run against the sandbox prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.cli import numspec
from support.gitrepo import commit, git, init

from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHORTENED = "(shortened: "

# The pull request the README describes, as edits of the repository's inventory.yaml.
EDITS = [
    ("    DEU: [LEGAL, SERVICE]     # read GET /restrictions?countryCodeA3=DEU before accepting\n",
     "    DEU: [LEGAL, SERVICE]     # read GET /restrictions?countryCodeA3=DEU before accepting\n"
     "    ITA: [LEGAL, SERVICE]\n"),
    ("  surplus: keep\n  max_disconnects: 0", "  surplus: disconnect\n  max_disconnects: 2"),
    ("raleigh:   {quantity: 5,", "raleigh:   {quantity: 3,"),
    ("      triangle:  {quantity: 2", "      triangle-919:  {quantity: 2"),
    ('area_code: "161"}', 'area_code: "113"}'),
    ('      london:\n        quantity: 3\n        country: GBR\n        type: GEOGRAPHIC\n'
     '        area_code: "20"\n',
     '      london: {quantity: 3, country: GBR, type: GEOGRAPHIC, area_code: "20"}\n'),
    ('        area_code: "30"\n',
     '        area_code: "30"\n      milan: {quantity: 1, country: ITA, type: GEOGRAPHIC, '
     'area_code: "02"}\n'),
]  # fmt: skip


def _sample() -> list[str]:
    found = re.search(r"```markdown\n(<!-- numspec-plan -->.*?)```", README, re.S)
    assert found, "the README lost its sample comment"
    lines = found.group(1).splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith(SHORTENED))
    end = next(i for i in range(cut, len(lines)) if lines[i].endswith(")"))
    return lines[:cut] + lines[end + 1 :]


def test_the_sample_comment_comes_from_a_real_run(
    connected: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    repo = init(tmp_path / "repo")
    base = (ROOT / "inventory.yaml").read_text(encoding="utf-8")
    commit(repo, {"inventory.yaml": base}, "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    monkeypatch.chdir(repo)
    code, _, err = numspec(capsys, "apply", "--auto-approve")
    assert code == 0, err
    head = base
    for old, new in EDITS:
        assert old in head, old
        head = head.replace(old, new, 1)
    (repo / "inventory.yaml").write_text(head, encoding="utf-8")
    code, out, err = numspec(capsys, "plan", "--base", "origin/main", "--format", "markdown")
    assert code == 0, err
    real = re.sub(r"\(([0-9a-f]{12})\)", "(COMMIT)", out).splitlines()
    for line in _sample():
        assert re.sub(r"\(([0-9a-f]{12})\)", "(COMMIT)", line) in real, line
