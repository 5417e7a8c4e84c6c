"""Secrets of this run, and the one function that blots them out of any text.

The client secret, the base64 `id:secret` credential and every access token issued during the
run are remembered here as they come into being; `redact` replaces each of them, and anything
shaped like a token or credential, with `***`. The output sanitiser, the log formatter and the
API errors all pass text through it, so a server that echoes a secret back cannot get it onto a
terminal, into a log, a plan file or a report.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import quote, quote_plus

# A shorter value would blot out ordinary words (the embedded sandbox's public secret is
# "sandbox"); Bandwidth's client secrets and tokens are far longer.
MIN_SECRET = 8

_SECRET_JSON = re.compile(r'("(?:access_token|refresh_token|id_token|client_secret)"\s*:\s*")[^"]*')
_SECRET_FORM = re.compile(r"((?:client_secret|access_token|password)=)[^&\s]*", re.IGNORECASE)
_BEARER = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+")

_lock = threading.Lock()
_secrets: set[str] = set()
_ordered: tuple[str, ...] = ()


def remember(*values: str) -> None:
    """Remember secret values (and their URL-encoded forms) for every later `redact`."""
    global _ordered
    with _lock:
        for value in values:
            for form in {value, quote(value, safe=""), quote_plus(value)}:
                if len(form) >= MIN_SECRET:
                    _secrets.add(form)
        _ordered = tuple(sorted(_secrets, key=len, reverse=True))  # longest first


def forget_all() -> None:
    """Forget every remembered secret (tests start each run clean)."""
    global _ordered
    with _lock:
        _secrets.clear()
        _ordered = ()


def redact(text: str, *secrets: str) -> str:
    """Return `text` with remembered secrets, `secrets` and token-shaped values as `***`."""
    extra = tuple(s for s in secrets if len(s) >= MIN_SECRET)
    for secret in (*extra, *_ordered):
        if secret in text:
            text = text.replace(secret, "***")
    text = _SECRET_JSON.sub(r"\1***", text)
    text = _SECRET_FORM.sub(r"\1***", text)
    return _BEARER.sub(r"\1 ***", text)
