"""The two sides of a review: an inventory file, or a version of it in git (read with `git show`).

An argument that names an existing file is that file. Anything else is a git revision of the
inventory (`origin/main`, `HEAD~1`, a commit) or `REV:path` with the path from the top of the
repository, as `git show` takes it. Left out, HEAD is the working file and BASE the merge base
of HEAD with the default branch's upstream (origin/HEAD, else origin/main or origin/master), or
HEAD itself when there is no upstream. Each side is validated; its problems name the revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from numspec.errors import UsageError
from numspec.inventory import load_inventory, parse_inventory
from numspec.inventory.model import Inventory
from numspec.review.gitrepo import GitRepo

Role = Literal["BASE", "HEAD"]
DELETED = "an inventory added or deleted by the change has nothing to compare with"


@dataclass(frozen=True)
class Side:
    """One validated side of a review, and how to name it."""

    label: str  # the file, or REV:path (with the commit when the revision was not one)
    inventory: Inventory


def read_side(arg: str | None, file: Path, role: Role) -> Side:
    """Return the side an argument names (see the module docstring); fail with one line."""
    if arg is None and role == "HEAD":
        return _read_file(file, role)
    if arg is None:
        return default_base(file)
    if Path(arg).is_file():
        return _read_file(Path(arg), role)
    directory = _directory(file)
    repo = GitRepo.find(directory, f"{role} {arg!r} is no file, so it must be a git revision")
    rev, sep, path = arg.partition(":")
    if not sep:
        path = repo.relative(file)
    if not rev or not path:
        raise UsageError(f"{role} {arg!r}: give REV:path, e.g. origin/main:{repo.relative(file)}")
    if not sep and not repo.shallow and repo.commit(rev) is None:
        raise UsageError(
            f"{role} {arg!r}: no such file, and no such revision in the repository at {repo.top}"
        )
    commit = repo.require(rev, role)  # a shallow clone's message says how to fetch it
    return _read_revision(repo, rev, commit, path, role)


def default_base(file: Path) -> Side:
    """Return the merge base with the default branch's upstream, or HEAD without one."""
    why = "BASE defaults to the merge base with the default branch's upstream"
    repo = GitRepo.find(_directory(file), why)
    upstream = repo.upstream()
    if upstream is None:
        return _read_revision(
            repo, "HEAD", repo.require("HEAD", "BASE"), repo.relative(file), "BASE"
        )
    commit = repo.merge_base(upstream)
    return _read_revision(repo, upstream, commit, repo.relative(file), "BASE", merge_base=True)


def _directory(file: Path) -> Path:
    directory = file.resolve().parent
    if not directory.is_dir():
        raise UsageError(f"{file}: its directory {directory} does not exist")
    return directory


def _read_file(path: Path, role: Role) -> Side:
    if not path.exists():
        raise UsageError(f"{role} {path}: no such file ({DELETED})")
    return Side(str(path), load_inventory(path))


def _read_revision(
    repo: GitRepo, rev: str, commit: str, path: str, role: Role, *, merge_base: bool = False
) -> Side:
    raw = repo.show(commit, path)
    if raw is None:
        raise UsageError(f"{role} {rev}: {path} does not exist at {commit[:12]} ({DELETED})")
    name = f"{rev}:{path}"
    label = f"{name} (merge base {commit[:12]})" if merge_base else f"{name} ({commit[:12]})"
    if merge_base:
        name = f"{commit[:12]}:{path}"
    return Side(label, parse_inventory(raw, name))
