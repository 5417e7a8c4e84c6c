"""The project's one YAML loader: safe, located, strict.

`read_yaml(path)` returns a `Document`: the plain data (dicts, lists, str, int, float, bool,
None) and the line and column of every value and every mapping key, addressed by the path of
keys and list indices that leads to it. Everything a YAML parser would accept silently but a
user would not mean is an error: a duplicate key at any depth, tabs in the indentation, a
non-UTF-8 file, more than one document, tags beyond the plain types, and a document that
expands (through aliases) beyond `MAX_NODES` values or `MAX_DEPTH` levels. Every problem is a
located `Problem`; all of them are raised together as one `SpecError`.

Limits hold while the file is composed, not after, so a hostile file (a pull request against
CI or the pre-commit hook) costs seconds and bounded memory: at most `MAX_BYTES` are read, and
composing stops at `MAX_NODES` nodes, `MAX_DEPTH` levels or `MAX_SCALAR_CHARS` characters of
scalars in all. docs/inventory.md states them.

Mapping keys are always the text as written (`NO:` is the key "NO", not false). Merge keys
(`<<: *anchor`) work as in YAML 1.1: keys written in the mapping win over merged ones.
"""

from __future__ import annotations

import bisect
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from numspec.errors import Problem, SpecError, UsageError
from numspec.inventory.yamldoc import Document, Mark, Path_, describe_path

MAX_NODES = 100_000  # values after alias expansion; a real inventory has a few thousand
MAX_DEPTH = 64
# 8 MiB: an inventory at the 100,000-value limit (100,000 pinned numbers, ~17 bytes each, with
# comments) is under 5 MB; a real one is a few hundred KB at most.
MAX_BYTES = 8 * 1024 * 1024
MAX_SCALAR_CHARS = 4 * 1024 * 1024  # all scalars' text together, as composed
STDIN = "<stdin>"  # what problems call an inventory read from stdin

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null")}
_MERGE_TAG = f"{_TAG}merge"
# Line breaks as editors count them. PyYAML also breaks lines at U+0085, U+2028 and U+2029, so
# its own line numbers drift after such a character; positions come from character offsets.
_BREAK = re.compile(r"\r\n|\r|\n")


class _Lines:
    """Turn a character offset of the text into the 1-based line and column an editor shows."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def at(self, index: int) -> Mark:
        line = bisect.bisect_right(self._starts, index)
        return Mark(line, index - self._starts[line - 1] + 1)

    def of(self, node: Node) -> Mark:
        return self.at(node.start_mark.index)


def read_yaml(path: Path | str, *, keep_going: bool = False) -> Document:
    """Read and parse a YAML file; raise UsageError if it cannot be read, SpecError if bad.

    With keep_going, problems that leave the data usable (a duplicate key: the first one is
    kept; an unsupported tag or key: the value is dropped) are returned in
    `Document.problems` instead of raised, so a caller can report them with its own.
    """
    name = str(path)
    if name == "-":  # `-f -`: the inventory comes from stdin
        return parse_yaml(sys.stdin.buffer.read(MAX_BYTES + 1), STDIN, keep_going=keep_going)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError as e:
        raise UsageError(f"{name}: no such file") from e
    except IsADirectoryError as e:
        raise UsageError(f"{name}: is a directory, not a file") from e
    except OSError as e:
        raise UsageError(f"{name}: cannot read: {e.strerror or e}") from e
    return parse_yaml(raw, name, keep_going=keep_going)


def parse_yaml(raw: bytes, name: str, *, keep_going: bool = False) -> Document:
    """Parse YAML bytes; `name` is the file name used in every Problem (see read_yaml)."""
    if len(raw) > MAX_BYTES:
        _fail(name, 1, 1, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    text = _decode(raw, name)
    lines = _Lines(text)
    tabs = _tab_problems(text, name)
    if tabs:
        raise SpecError(tabs)
    node = _compose(text, name, lines)
    if node is None:
        _fail(name, 1, 1, "the file is empty; it needs at least version, account_id and sites")
    if not isinstance(node, MappingNode):
        mark = lines.of(node)
        kind = "a list" if isinstance(node, SequenceNode) else "a single value"
        _fail(name, mark.line, mark.column, f"the top level must be a mapping of keys, not {kind}")
    builder = _Builder(name, lines)
    data = builder.build(node)
    if builder.fatal or (builder.problems and not keep_going):
        raise SpecError(builder.problems)
    marks, keys, texts = builder.marks, builder.key_marks, builder.texts
    return Document(name, raw, data, marks, keys, texts, tuple(builder.problems))


def _fail(name: str, line: int, column: int, message: str) -> NoReturn:
    raise SpecError([Problem(name, line, column, message)])


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        column = e.start - (before.rfind(b"\n") + 1) + 1
        bad = raw[e.start : e.start + 1].hex()
        _fail(name, line, column, f"the file is not UTF-8 (byte 0x{bad}); save it as UTF-8")
    return text.removeprefix("\ufeff")


def _tab_problems(text: str, name: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(_BREAK.split(text), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            column = indent.index("\t") + 1
            message = "a tab in the indentation; YAML indents with spaces only"
            problems.append(Problem(name, number, column, message))
    return problems


class _Limit(Exception):
    """Composing stopped at a limit; `index` is where in the text."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that counts nodes, depth and scalar text as it composes, and stops early."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._nodes = 0
        self._depth = -1
        self._chars = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self._nodes += 1
        self._depth += 1
        try:
            if self._nodes > MAX_NODES:
                raise self._limit(f"the document has more than {MAX_NODES} values")
            if self._depth > MAX_DEPTH:
                raise self._limit(f"the document nests deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_scalar_node(self, anchor: dict[Any, Node]) -> ScalarNode:
        node = super().compose_scalar_node(anchor)
        self._chars += len(node.value)
        if self._chars > MAX_SCALAR_CHARS:
            raise _Limit(
                node.start_mark.index, f"the values hold more than {MAX_SCALAR_CHARS} characters"
            )
        return node

    def _limit(self, message: str) -> _Limit:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        return _Limit(event.start_mark.index, message)


def _compose(text: str, name: str, lines: _Lines) -> Node | None:
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)
        return loader.get_single_node()
    except _Limit as e:
        at = lines.at(e.index)
        _fail(name, at.line, at.column, e.message)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        at = lines.at(mark.index) if mark else Mark(1, 1)
        _fail(name, at.line, at.column, f"YAML syntax error: {_syntax_message(e)}")
    except yaml.reader.ReaderError as e:
        at = lines.at(e.position)
        message = f"the file contains a control character (#x{e.character:04x})"
        _fail(name, at.line, at.column, message)
    except RecursionError:
        _fail(name, 1, 1, f"the document nests deeper than {MAX_DEPTH} levels")
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_message(e: yaml.MarkedYAMLError) -> str:
    parts = [e.problem or "", e.context or ""]
    if e.problem == "but found another document":
        return "the file holds more than one YAML document; keep one (remove the '---' line)"
    return "; ".join(p for p in parts if p) or "unreadable YAML"


class _Abort(Exception):
    """Stop building at once: the document is too big or loops."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


class _Builder:
    """Turn composed nodes into plain data, recording positions and collecting problems."""

    def __init__(self, name: str, lines: _Lines) -> None:
        self.name = name
        self._lines = lines
        self.marks: dict[Path_, Mark] = {}
        self.key_marks: dict[Path_, Mark] = {}
        self.texts: dict[Path_, str] = {}
        self.problems: list[Problem] = []
        self.fatal = False
        self._count = 0
        self._active: set[int] = set()
        self._constructor = yaml.SafeLoader("")

    def build(self, node: Node) -> object:
        try:
            return self._value(node, (), 0)
        except _Abort as e:
            self.problems = [self._problem(e.node, e.message)]
            self.fatal = True
            return None
        finally:
            self._constructor.dispose()

    def _problem(self, node: Node, message: str, path: Path_ | None = None) -> Problem:
        mark = self._lines.of(node)
        prefix = f"{describe_path(path)}: " if path else ""
        return Problem(self.name, mark.line, mark.column, prefix + message)

    def _value(self, node: Node, path: Path_, depth: int) -> object:
        self._count += 1
        if self._count > MAX_NODES:
            raise _Abort(node, f"the document expands to more than {MAX_NODES} values (aliases?)")
        if depth > MAX_DEPTH:
            raise _Abort(node, f"the document nests deeper than {MAX_DEPTH} levels")
        self.marks[path] = self._lines.of(node)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self._active:
            raise _Abort(node, "an alias refers to the value that contains it")
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode) and node.tag == f"{_TAG}seq":
                return [self._value(n, (*path, i), depth + 1) for i, n in enumerate(node.value)]
            if isinstance(node, MappingNode) and node.tag == f"{_TAG}map":
                return self._mapping(node, path, depth)
            self.problems.append(self._problem(node, f"unsupported tag {node.tag}", path))
            return None
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: ScalarNode, path: Path_) -> object:
        if node.tag not in _PLAIN_TAGS:
            if node.tag == f"{_TAG}timestamp":
                return node.value  # inventories hold no dates; keep the text as written
            self.problems.append(self._problem(node, f"unsupported tag {node.tag}", path))
            return None
        value = self._constructor.construct_object(node)
        if not isinstance(value, str) and node.style is None:
            self.texts[path] = node.value
        return value

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, object]:
        out: dict[str, object] = {}
        for value_node in [v for k, v in node.value if k.tag == _MERGE_TAG]:
            for key, value in self._merged(value_node, path, depth).items():
                out.setdefault(key, value)
        seen: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(self._problem(key_node, "a key must be plain text", path))
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                message = (
                    f'duplicate key "{key}" (first on line {first.line}); YAML keeps only the'
                    " last one, so remove or rename one"
                )
                self.problems.append(self._problem(key_node, message, path))
                continue
            seen[key] = self._lines.of(key_node)
            self.key_marks[(*path, key)] = seen[key]
            out[key] = self._value(value_node, (*path, key), depth + 1)
        return out

    def _merged(self, node: Node, path: Path_, depth: int) -> dict[str, object]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, object] = {}
        own = self.marks[path]
        for source in sources:
            if not isinstance(source, MappingNode):
                message = "<< merges only a mapping or a list of mappings"
                self.problems.append(self._problem(source, message, path))
                continue
            value = self._value(source, path, depth)
            self.marks[path] = own
            for key, item in value.items() if isinstance(value, dict) else ():
                merged.setdefault(key, item)
        return merged
