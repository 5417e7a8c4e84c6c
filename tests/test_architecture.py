"""The layering holds: each package imports only the layers beneath it (docs/architecture.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import numspec

ROOT = Path(numspec.__file__).parent

# Which numspec packages each layer may import, besides itself. The shared leaves (the
# top-level modules: errors, phone, version, ...) are open to every layer.
LEAVES = {p.stem for p in ROOT.glob("*.py")} - {"__init__", "__main__", "cli"}
ALLOWED: dict[str, set[str]] = {
    "inventory": set(),
    "bandwidth": set(),
    "sandbox": set(),
    "plan": {"inventory", "bandwidth"},
    "apply": {"plan", "inventory", "bandwidth"},
    "review": {"inventory", "plan"},
    "export": {"inventory", "bandwidth", "plan"},
    "render": {"inventory", "bandwidth", "plan", "apply", "review", "export"},
    "commands": {
        "inventory",
        "bandwidth",
        "sandbox",
        "plan",
        "apply",
        "review",
        "export",
        "render",
        "cli",
    },
}
# Modules of `render` read values: they may see the client's models, never the client itself.
RENDER_MAY_NOT = ("numspec.bandwidth.client", "numspec.bandwidth.transport")
CLICK_HOMES = ("numspec.cli", "numspec.commands")


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        yield ".".join(parts), path


def _imports(path: Path) -> Iterator[str]:
    """Every module an import statement names, at any depth (function-level imports included)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "numspec" else None


MODULES = list(_modules())


def test_imports_follow_the_layering() -> None:
    crossings = []
    for module, path in MODULES:
        own = _layer(module)
        if own not in ALLOWED:
            continue  # cli, the leaves and the package root sit outside the layers
        allowed = ALLOWED[own] | LEAVES | {own}
        crossings += [
            f"{module} -> {imported}"
            for imported in sorted(set(_imports(path)))
            if (layer := _layer(imported)) is not None and layer not in allowed
        ]
    assert not crossings, "imports across the layering:\n" + "\n".join(crossings)


def test_click_stays_in_the_cli() -> None:
    users = [
        module
        for module, path in MODULES
        if not module.startswith(CLICK_HOMES)
        and "click" in {name.split(".")[0] for name in _imports(path)}
    ]
    assert not users, f"click imported outside the CLI: {users}"


def test_renderers_never_reach_the_wire() -> None:
    reaching = [
        f"{module} -> {imported}"
        for module, path in MODULES
        if _layer(module) == "render"
        for imported in _imports(path)
        if imported.startswith(RENDER_MAY_NOT)
    ]
    assert not reaching, reaching


def test_no_two_modules_share_a_name_outside_commands() -> None:
    seen: dict[str, list[str]] = {}
    for module, path in MODULES:
        if path.name == "__init__.py" or _layer(module) == "commands":
            continue
        seen.setdefault(path.stem, []).append(module)
    shared = {name: mods for name, mods in seen.items() if len(mods) > 1}
    assert not shared, f"modules sharing a name: {shared}"


def test_the_layering_test_sees_every_package() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages <= set(ALLOWED), (
        f"packages the layering does not place: {packages - set(ALLOWED)}"
    )
