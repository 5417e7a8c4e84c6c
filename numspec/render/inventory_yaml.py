"""Write an inventory document as YAML: a comment header, stable key order, safe quoting.

Strings that a YAML reader could take for something else are double-quoted: ids and codes
such as "919", "0800" (YAML 1.2 reads an int) and "+19195550100", words such as "ON" or "NO"
(YAML 1.1 reads a bool), and anything starting with a non-letter such as "88*".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import yaml

from numspec.version import __version__

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _.-]*\Z")
_YAML11_WORDS = frozenset(
    "y n yes no on off true false null".split()  # resolved as bool/null by YAML 1.1 readers
)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = _PLAIN.match(value) and value.lower() not in _YAML11_WORDS and value == value.strip()
    style = None if plain else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(value: Any, *, indent: int = 0) -> str:
    """Return `value` as block YAML in its own key order, indented by `indent` spaces."""
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
    )
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def header(account_id: str, exported_at: datetime, *, source: str = "Bandwidth") -> str:
    """Return the comment lines that open an exported file: when, and from which account."""
    stamp = exported_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"# Exported by numspec {__version__} (numspec export) from {source} account "
        f"{account_id}\n"
        f"# at {stamp}. It describes what the account held then: `numspec plan` against the\n"
        "# same account shows no changes. Edit quantities and criteria to declare what it should\n"
        "# hold from now on.\n"
    )


def render_inventory(
    document: Mapping[str, Any],
    *,
    exported_at: datetime,
    source: str = "Bandwidth",
    site_comments: Mapping[str, str] | None = None,
) -> str:
    """Return the exported inventory file: header, top-level keys, then one block per site."""
    comments = site_comments or {}
    top = {k: v for k, v in document.items() if k != "sites"}
    parts = [header(str(document["account_id"]), exported_at, source=source), dump(top)]
    sites: Mapping[str, Any] = document.get("sites") or {}
    if not sites:
        parts.append("sites: {}\n")
        return "".join(parts)
    parts.append("sites:\n")
    for name, site in sites.items():
        if name in comments:
            parts.append(f"  # {comments[name]}\n")
        parts.append(dump({name: site}, indent=2))
    return "".join(parts)
