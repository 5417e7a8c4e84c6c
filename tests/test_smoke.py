"""The package imports without the CLI, and the CLI answers --help and --version."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_click_loaded() -> None:
    modules = "numspec, numspec.errors, numspec.inventory.model, numspec.plan, numspec.apply"
    code = f"import sys, {modules}; print('click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_python_dash_m_numspec_prints_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "numspec", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("numspec, version ")
