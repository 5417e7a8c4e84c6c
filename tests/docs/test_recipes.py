"""The CI recipes and the pre-commit snippets can be installed as written.

Each recipe names where numspec comes from in one `NUMSPEC_PACKAGE` line marked `CHANGE THIS`;
the wheel its comment describes is built here and installed by the recipe's own install
command. The pre-commit snippets name no tag the repository lacks.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "examples" / "ci" / "github" / "numspec.yml"
GITLAB = ROOT / "examples" / "ci" / "gitlab" / "numspec-gitlab-ci.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _install_commands() -> dict[str, str]:
    github = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    step = next(s for s in github["jobs"]["plan"]["steps"] if s.get("name") == "Install numspec")
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    (before,) = gitlab[".numspec"]["before_script"]
    return {"github": step["run"], "gitlab": before}


@pytest.mark.parametrize("recipe", [GITHUB, GITLAB], ids=lambda p: p.parent.name)
def test_the_install_line_is_marked_and_names_a_git_url_or_a_wheel(recipe: Path) -> None:
    text = recipe.read_text(encoding="utf-8")
    assert "numspec==" not in text
    lines = text.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.strip().startswith("NUMSPEC_PACKAGE:")]
    comment = "\n".join(lines[at - 7 : at])
    assert "# CHANGE THIS: where pip installs numspec from" in comment
    assert "python -m pip wheel --no-deps -w vendor/ ." in comment
    assert "./vendor/numspec-0.1.0-py3-none-any.whl" in comment
    value = lines[at].split(":", 1)[1].strip()
    assert re.fullmatch(r"git\+https://git(hub|lab)\.com/YOUR-(ORG|GROUP)/numspec@\w+", value)


def _can_build_wheels() -> bool:
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:  # noqa: BLE001 - no setuptools, or an odd version string
        return False


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel the recipes' comment describes, built from a copy of this checkout."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "numspec"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "numspec", source / "numspec", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "schemas", source / "schemas")
    env = {**os.environ, "PIP_NO_INDEX": "1", "HOME": str(tmp / "home")}
    # As the comment says, but without build isolation: a test may not fetch setuptools.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", "vendor/", "."],
        cwd=source,
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    (built,) = (source / "vendor").glob("numspec-*.whl")
    assert built.name == "numspec-0.1.0-py3-none-any.whl"
    return built


@pytest.mark.slow
@pytest.mark.skipif(not _can_build_wheels(), reason="needs setuptools>=77 to build offline")
@pytest.mark.parametrize("recipe", ["github", "gitlab"])
def test_the_recipes_install_command_installs_the_wheel(
    recipe: str, wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    env = {
        **os.environ,
        "NUMSPEC_PACKAGE": str(wheel),
        # Offline: the dependencies are this environment's; the wheel goes to `target`.
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
        "PIP_TARGET": str(target),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    script = _install_commands()[recipe].replace("python ", f"{shlex.quote(sys.executable)} ", 1)
    done = subprocess.run(
        ["bash", "-ec", script], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    # -S: no .pth files, so this checkout's editable install cannot answer the import.
    path = os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]])
    check = subprocess.run(
        [sys.executable, "-S", "-c", "import numspec.cli; print(numspec.cli.__file__)"],
        env={**os.environ, "PYTHONPATH": path},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.startswith(str(target))


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", README, re.S)


def test_the_pre_commit_snippets_name_no_missing_tag_and_match_the_hook() -> None:
    assert "v0.1.0" not in README + (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    assert "rev: v" not in README
    configs = [yaml.safe_load(b) for b in _yaml_blocks() if b.startswith("repos:")]
    remote, local = (c["repos"][0] for c in configs)
    assert remote["rev"] == "COMMIT" and remote["hooks"] == [{"id": "numspec-validate"}]
    (published,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (hook,) = local["hooks"]
    assert local["repo"] == "local" and hook["language"] == "system"
    for key in ("id", "entry", "files", "types"):
        assert hook[key] == published[key], key


def test_the_local_pre_commit_hook_runs_as_written(tmp_path: Path) -> None:
    local = next(yaml.safe_load(b) for b in _yaml_blocks() if "repo: local" in b)
    (hook,) = local["repos"][0]["hooks"]
    shutil.copy(ROOT / "inventory.yaml", tmp_path / "inventory.yaml")
    argv = shlex.split(hook["entry"])
    assert argv[0] == "numspec"
    done = subprocess.run(
        [sys.executable, "-m", "numspec", *argv[1:], "inventory.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (
        0,
        "inventory.yaml: valid (5 sites, 8 groups, 20 numbers wanted)\n",
    )
