"""The inventory JSON Schema: load it from the package, and turn its errors into located Problems.

The schema's one source is `schemas/inventory.schema.json`; `numspec/data/inventory.schema.json`
is a symlink to it that setuptools copies into wheels as a file, so `importlib.resources` finds
it in an installed package and in a checkout alike.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from numspec.errors import Problem
from numspec.inventory.geo_codes import country_hint
from numspec.inventory.yamldoc import Document, Path_

SCHEMA_RESOURCE = "inventory.schema.json"


def schema_text() -> str:
    """Return the inventory JSON Schema as shipped in the package."""
    return (resources.files("numspec") / "data" / SCHEMA_RESOURCE).read_text("utf-8")


@functools.cache
def inventory_schema() -> Mapping[str, Any]:
    """Return the parsed inventory JSON Schema."""
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


def anchored(pattern: str) -> str:
    """Return a schema pattern with a final `$` meaning the end of the string, as in ECMA-262.

    Python's `$` also matches before a trailing newline, so `^[0-9]{1,20}$` would accept
    "9900000\\n" (which later becomes `%0A` in a URL); `\\Z` does not.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(anchored(pattern))


def _match_anchored(
    validator: Any, pattern: str, instance: object, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _match_anchored}
)


@functools.cache
def _validator() -> Any:
    return _Validator(inventory_schema())


def schema_problems(doc: Document) -> list[Problem]:
    """Return every problem the JSON Schema finds in `doc`, located."""
    problems: set[Problem] = set()
    for error in _validator().iter_errors(doc.data):
        problems.update(_problems(doc, tuple(error.absolute_path), error))
    return sorted(problems)


def _problems(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    if "propertyNames" in error.schema_path:
        yield _bad_name(doc, path, error)
        return
    handler = _HANDLERS.get(str(error.validator))
    if handler is not None:
        yield from handler(doc, path, error)
        return
    yield doc.problem(path, error.message)


def _bad_name(doc: Document, path: Path_, error: ValidationError) -> Problem:
    name = str(error.instance)
    at = (*path, name)
    if path and path[-1] == "accept_restrictions":
        hint = country_hint(name)
        message = f'"{name}" is not a country code; use an ISO 3166-1 alpha-3 code{hint}'
        return doc.problem(at, message, key=True)
    what = "site" if path == ("sites",) else "group"
    rule = _rule_of(error)
    return doc.problem(at, f'{what} name "{name}" is not allowed; {rule}', key=True)


def _wanted(error: ValidationError) -> Any:
    return error.validator_value


def _rule_of(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "maxLength":
        return f"use at most {_wanted(error)} characters"
    return str(schema.get("patternErrorMessage", f"it must match {_wanted(error)}"))


def _required(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    for key in _wanted(error):
        if key not in instance:
            yield doc.problem(path, f'missing required key "{key}"', key=True)


def _additional(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, Mapping) else []
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    for key in instance:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f'did you mean "{close[0]}"?' if close else "allowed: " + ", ".join(allowed)
        yield doc.problem((*path, key), f'unknown key "{key}"; {hint}', key=True)


def _type(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    expected = _wanted(error)
    names = [expected] if isinstance(expected, str) else list(expected)
    source = doc.texts.get(path)
    if "string" in names and source is not None:
        got = _describe(error.instance)
        yield doc.problem(path, f'{source} is read as {got}; write it in quotes: "{source}"')
        return
    wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    yield doc.problem(path, f"expected {wanted}, got {_describe(error.instance)}")


def _enum(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    options = [str(o) for o in _wanted(error)]
    upper = {o.upper(): o for o in options}
    value = error.instance
    hint = ""
    if isinstance(value, str) and value.upper() in upper:
        hint = f' (did you mean "{upper[value.upper()]}"? case matters)'
    yield doc.problem(path, f"{_show(value)} is not one of {', '.join(options)}{hint}")


def _const(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    value, wanted = _show(error.instance), _wanted(error)
    yield doc.problem(path, f"{value} is not supported; use {wanted}")


def _minimum(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    yield doc.problem(path, f"{_show(error.instance)} is below the minimum {_wanted(error)}")


def _maximum(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    yield doc.problem(path, f"{_show(error.instance)} is above the maximum {_wanted(error)}")


def _min_length(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    yield doc.problem(path, "must not be empty")


def _max_length(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    limit = _wanted(error)
    yield doc.problem(path, f"{_show(error.instance)} is longer than {limit} characters")


def _pattern(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    hint = country_hint(str(error.instance)) if path and path[-1] == "country" else ""
    yield doc.problem(path, f"{_show(error.instance)} is not valid; {_rule_of(error)}{hint}")


def _min_items(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    yield doc.problem(path, f"list at least {_wanted(error)} value")


def _min_properties(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    what = "site" if path == ("sites",) else "entry"
    yield doc.problem(path, f"define at least one {what}")


def _unique(doc: Document, path: Path_, error: ValidationError) -> Iterator[Problem]:
    items = error.instance if isinstance(error.instance, list) else []
    seen: list[object] = []
    for index, item in enumerate(items):
        if item in seen:
            message = f"{_show(item)} is listed twice; list it once"
            yield doc.problem((*path, index), message)
        seen.append(item)


_HANDLERS = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minimum": _minimum,
    "maximum": _maximum,
    "minLength": _min_length,
    "maxLength": _max_length,
    "pattern": _pattern,
    "minItems": _min_items,
    "minProperties": _min_properties,
    "uniqueItems": _unique,
}

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "number": "a number",
}


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"'
    return "a list" if isinstance(value, list) else "a mapping"


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "null"
    return str(value) if isinstance(value, int | float) else _describe(value)
