"""The few git commands a review needs, run as `git` subprocesses; nothing is checked out.

Every failure becomes a `UsageError` whose one line says what to do.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from numspec.errors import UsageError

# Refs to try, in order, for the default branch's upstream when origin/HEAD is not set (a clone
# made by `git init` + `git fetch`, as CI systems do, has no origin/HEAD).
DEFAULT_UPSTREAMS = (
    "refs/remotes/origin/HEAD",
    "refs/remotes/origin/main",
    "refs/remotes/origin/master",
)


class GitRepo:
    """A git working tree, found from a directory inside it."""

    def __init__(self, top: Path) -> None:
        self.top = top

    @classmethod
    def find(cls, directory: Path, why: str) -> GitRepo:
        """Return the repository holding `directory`; `why` says what needed git, for errors."""
        done = _git(directory, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise UsageError(
                f"{directory}: not a git repository ({why}); give two files to compare instead"
            )
        return cls(Path(done.stdout.strip()))

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _git(self.top, *args)

    @property
    def shallow(self) -> bool:
        done = self.run("rev-parse", "--is-shallow-repository")
        return done.stdout.strip() == "true"

    def commit(self, rev: str) -> str | None:
        """Return the commit a revision names, or None when there is no such revision."""
        if rev.startswith("-"):
            return None  # never let a revision be read as an option
        done = self.run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        return done.stdout.strip() if done.returncode == 0 else None

    def require(self, rev: str, role: str) -> str:
        """Return the commit of `rev`, or fail saying how to get it."""
        commit = self.commit(rev)
        if commit is not None:
            return commit
        if self.shallow:
            raise UsageError(
                f"{role} {rev!r}: no such revision in this shallow clone; fetch it first, e.g. "
                f"`git fetch --unshallow origin` (in GitHub Actions: actions/checkout with "
                f"fetch-depth: 0)"
            )
        raise UsageError(f"{role} {rev!r}: no such revision in the repository at {self.top}")

    def upstream(self) -> str | None:
        """Return the default branch's upstream (e.g. origin/main), or None when there is none."""
        for ref in DEFAULT_UPSTREAMS:
            done = self.run("rev-parse", "--verify", "--quiet", "--symbolic-full-name", ref)
            if done.returncode == 0 and done.stdout.strip():
                name = done.stdout.strip()
                return name.removeprefix("refs/remotes/")
        return None

    def merge_base(self, upstream: str) -> str:
        """Return the merge base of HEAD and `upstream`, or fail saying how to get it."""
        self.require(upstream, "BASE")
        done = self.run("merge-base", "HEAD", upstream)
        if done.returncode == 0:
            return done.stdout.strip()
        if self.shallow:
            raise UsageError(
                f"BASE: no merge base of HEAD and {upstream} in this shallow clone; fetch more "
                f"history, e.g. `git fetch --unshallow origin` (in GitHub Actions: "
                f"actions/checkout with fetch-depth: 0), or name the base: numspec diff REV"
            )
        raise UsageError(
            f"BASE: HEAD and {upstream} have no common history; name the base: numspec diff REV"
        )

    def relative(self, path: Path) -> str:
        """Return `path` as git names it in a tree: relative to the top, with slashes."""
        try:
            return path.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError as e:
            raise UsageError(f"{path}: not inside the git repository at {self.top}") from e

    def show(self, commit: str, path: str) -> bytes | None:
        """Return the bytes of `path` at `commit` (`git show`), or None when it is not there."""
        kind = self.run("cat-file", "-t", f"{commit}:{path}")
        if kind.returncode != 0 or kind.stdout.strip() != "blob":  # absent, or a directory
            return None
        done = subprocess.run(
            ["git", "show", f"{commit}:{path}"],
            cwd=self.top,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"git show {commit}:{path} failed: {message[0] if message else ''}")
        return done.stdout


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as e:
        raise UsageError(
            "git is not installed (or not on PATH); give two files to compare instead"
        ) from e
    except NotADirectoryError as e:
        raise UsageError(f"{cwd}: not a directory") from e
