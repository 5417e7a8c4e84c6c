"""The review core and its renderers import without click (only commands/ may use it)."""

from __future__ import annotations

import subprocess
import sys


def test_review_imports_without_click() -> None:
    code = (
        "import sys, numspec.review, numspec.render.review_text, numspec.render.review_markdown, "
        "numspec.render.review_json; print('click' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
