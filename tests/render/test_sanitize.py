"""Text from files or the API is shown as text: never obeyed by a terminal or by Markdown."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import numspec

from numspec import redaction
from numspec.bandwidth.models import Restriction
from numspec.plan.plan_model import GroupPlan, Plan
from numspec.render.plan_markdown import MARKER, render_markdown
from numspec.render.sanitize import SafeStream, markdown, terminal

TITLE = "\x1b]0;owned\x07"  # sets the window title
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # writes the clipboard
HOSTILE = (
    '<img src="https://evil.example/x.png"> [click](https://evil.example) </details> '
    f"{MARKER} @org/admins ![i](x) {TITLE}"
)


@pytest.fixture(autouse=True)
def _clean_secrets() -> Iterator[None]:
    redaction.forget_all()
    yield
    redaction.forget_all()


def test_terminal_escapes_every_control_character_but_newline_and_tab() -> None:
    shown = terminal(f"a{TITLE}{CLIPBOARD}\x9b2J\u202eevil\r\n\tz")
    assert shown == (
        "a\\u001b]0;owned\\u0007\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u009b2J\\u202eevil\\u000d\n\tz"
    )


def test_the_escape_is_read_back_as_the_character_inside_json() -> None:
    text = json.dumps({"city": f"Raleigh{TITLE}\x7f"}, ensure_ascii=False)
    assert json.loads(terminal(text)) == {"city": f"Raleigh{TITLE}\x7f"}


def test_a_safe_stream_keeps_colour_only_on_a_terminal_and_redacts() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    redaction.remember("tok-very-secret")
    tty, pipe = Tty(), io.StringIO()
    for out in (tty, pipe):
        SafeStream(out).write(f"\x1b[31mred\x1b[0m {TITLE} tok-very-secret\n")
    assert tty.getvalue() == "\x1b[31mred\x1b[0m \\u001b]0;owned\\u0007 ***\n"
    assert "\x1b" not in pipe.getvalue() and "***" in pipe.getvalue()


def test_markdown_from_the_api_renders_as_text() -> None:
    shown = markdown(HOSTILE)
    for raw in ("<img", "</details>", "<!--", "](", "@org", "\x1b", "\x07", "!["):
        assert raw not in shown
    assert "&lt;img" in shown and "\\[click\\]" in shown and "&#64;org" in shown


def test_the_plan_comment_has_one_marker_and_no_live_html_from_the_api() -> None:
    group = GroupPlan(
        "it/milan",
        "1003",
        2,
        0,
        0,
        2,
        blocked=f"ITA has restrictions: {HOSTILE}",
        restrictions=(Restriction("ITA", "SERVICE", HOSTILE, f"No emergency.\n{HOSTILE}"),),
        notes=(HOSTILE,),
    )
    text = render_markdown(Plan("9900000", (group,)))
    assert text.count(MARKER) == 1 and text.startswith(MARKER)
    assert text.count("</details>") == text.count("<details>") == 1
    assert "<img" not in text and "](https://evil" not in text and "@org" not in text
    assert "\x1b" not in text and "\x07" not in text


def test_validate_shows_control_characters_in_a_file_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_text(
        'version: 1\naccount_id: "9900000"\nsites:\n  us:\n    site_id: "1001"\n'
        '    groups:\n      raleigh: {quantity: 1, country: USA, city: "Raleigh\\e]0;owned\\a",'
        ' state: "NC\\e]52;c;eA==\\a"}\n',
        encoding="utf-8",
    )
    code, out, err = numspec(capsys, "validate", "-f", str(path))
    shown = out + err
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\u001b" in shown, shown
    assert code == 1
