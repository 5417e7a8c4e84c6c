"""A parsed YAML document: plain data plus the position of every value and key."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from numspec.errors import Problem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in the source file."""

    line: int
    column: int


def describe_path(path: Path_) -> str:
    """Return a path as users write it: `sites.us-sales.groups.raleigh.numbers[0]`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True, eq=False)
class Document:
    """Plain data read from YAML, with positions addressed by path."""

    name: str
    raw: bytes
    data: object
    marks: Mapping[Path_, Mark]
    key_marks: Mapping[Path_, Mark]
    texts: Mapping[Path_, str]  # source text of plain scalars that did not load as strings
    problems: tuple[Problem, ...] = ()  # what parse_yaml(keep_going=True) let through

    @property
    def digest(self) -> str:
        """Return the sha256 hex digest of the file's bytes."""
        return hashlib.sha256(self.raw).hexdigest()

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """Return where the value (or, with key=True, the key) at `path` is written.

        Falls back to the nearest enclosing value that has a position.
        """
        if key and path in self.key_marks:
            return self.key_marks[path]
        for end in range(len(path), -1, -1):
            found = self.marks.get(path[:end])
            if found is not None:
                return found
        return Mark(1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        """Return a Problem located at `path`, its message prefixed with the dotted path."""
        mark = self.mark(path, key=key)
        prefix = f"{describe_path(path)}: " if path else ""
        return Problem(self.name, mark.line, mark.column, prefix + message)
