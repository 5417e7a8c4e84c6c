"""The one output sanitiser: text from files or from the API is shown as text, never obeyed.

- `terminal(text)`: control characters (C0 but newline and tab, DEL, C1, and the bidirectional
  overrides that reorder what a reader sees) become visible `\\uXXXX` escapes, so an ESC or BEL
  in a group name, a city or an API error cannot set a window title, write the clipboard or
  move the cursor. The escape is also valid inside JSON and YAML double-quoted strings, which
  read it back as the original character. Every remembered secret is redacted first.
- `markdown(text)`: one line of API or file text for a pull-request comment: sanitised as
  above, then HTML and Markdown punctuation escaped so it renders as the text it is (no image,
  link, mention, `</details>` or second `<!-- numspec-plan -->` marker).
- `SafeStream`: a text stream that passes everything written through `terminal`, keeping only
  the codes numspec's renderers emit (colour, erase line, cursor up, carriage return), and
  those only on a terminal; in a pipe or CI log every control character is escaped. The CLI
  puts stdout and stderr behind it for the whole run, so every line any command or log prints
  is sanitised in one place. (On a terminal an API text could still carry a colour or
  line-erase code; it can never set a title, write the clipboard or ring the bell.)
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from numspec import redaction

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]")
# What numspec's own renderers (rich) write on a terminal: colour (SGR), erase line, cursor up,
# show/hide cursor, carriage return. Only these pass, and only on a terminal.
_RENDERER_CODES = re.compile(r"(\x1b\[[0-9;]*m|\x1b\[2K|\x1b\[[0-9]*A|\x1b\[\?25[hl]|\r)")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~-])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "@": "&#64;"}


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def terminal(text: str, *, keep_renderer_codes: bool = False) -> str:
    """Return `text` with secrets redacted and control characters as visible escapes."""
    text = redaction.redact(text)
    if not keep_renderer_codes:
        return _CONTROL.sub(_escape, text)
    parts = _RENDERER_CODES.split(text)  # odd indices are the renderers' own codes
    return "".join(p if i % 2 else _CONTROL.sub(_escape, p) for i, p in enumerate(parts))


def line(text: str) -> str:
    """Return `text` as one visible line: `terminal`, with line breaks escaped too."""
    return terminal(_LINE_BREAKS.sub(_escape, text))


def html(text: object) -> str:
    """Return text as one inert line of HTML (for inside `<code>` or `<summary>`)."""
    return "".join(_HTML.get(c, c) for c in line(str(text)))


def markdown(text: object) -> str:
    """Return API or file text as inert Markdown: one line, HTML and Markdown escaped."""
    escaped = _MARKDOWN.sub(r"\\\1", line(str(text)))
    return "".join(_HTML.get(c, c) for c in escaped)  # after: entities hold # and ;


class SafeStream:
    """A text stream writing through `terminal`; everything else goes to the wrapped stream."""

    buffer = None  # no way around the sanitiser: click then writes text, never raw bytes

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("SafeStream writes text only")
        self._stream.write(terminal(text, keep_renderer_codes=self.isatty()))
        return len(text)

    def isatty(self) -> bool:
        isatty = getattr(self._stream, "isatty", None)
        return bool(isatty()) if callable(isatty) else False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """Put sys.stdout and sys.stderr behind a SafeStream for the duration."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(saved[0])
    sys.stderr = SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
