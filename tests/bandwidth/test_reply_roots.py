"""The client accepts every reply root the sandbox answers with (the two are written apart)."""

from __future__ import annotations

import ast
from pathlib import Path

import numspec.sandbox
from numspec.bandwidth.replies import BANDWIDTH_ROOTS

SANDBOX = Path(numspec.sandbox.__file__).parent
# Roots the sandbox writes only in replies the client never reads as a success: the 404 of an
# empty disconnects listing (`<Links>`) and inserviceNumbers/totals, which numspec does not call.
NOT_A_SUCCESS = {"Links", "Quantity"}


def _sandbox_roots() -> set[str]:
    roots = set()
    for path in SANDBOX.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "root"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                roots.add(str(node.args[0].value))
    return roots


def test_every_root_the_sandbox_answers_with_is_one_the_client_accepts() -> None:
    roots = _sandbox_roots()
    assert "OrderResponse" in roots  # the scan finds the sandbox's builders
    assert roots - NOT_A_SUCCESS <= BANDWIDTH_ROOTS, roots - NOT_A_SUCCESS - BANDWIDTH_ROOTS
