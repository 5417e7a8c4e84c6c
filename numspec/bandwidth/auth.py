"""OAuth2 client credentials: one token, fetched lazily, cached, refreshed before it expires.

`POST {token_url}` with `Authorization: Basic base64(id:secret)` and the form body
`grant_type=client_credentials`; the JSON reply carries `access_token` and `expires_in`
(docs/bandwidth-api.md §1). The token is refreshed 60 s before `expires_in` runs out (as Bandwidth's
CLI and SDKs do) and once when the API answers 401.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from numspec import redaction
from numspec.bandwidth.replies import MAX_TOKEN_REPLY
from numspec.bandwidth.transport import AUTH_HINT, Call, Transport
from numspec.errors import ApiError, AuthError

REFRESH_MARGIN = 60.0
DEFAULT_LIFETIME = 3600.0  # when expires_in is missing, as the CLI assumes
TOKEN_URL_VARIABLE = "BANDWIDTH_TOKEN_URL"
# Visible ASCII only: a line break or control character would split or corrupt the header.
_TOKEN_SHAPE = re.compile(r"[\x21-\x7e]+")


@dataclass(frozen=True)
class Token:
    """An access token and when (on the client's clock) to stop using it."""

    value: str
    refresh_at: float


class TokenCache:
    """Hold the current token; thread-safe; fetches at most once per expiry or 401."""

    def __init__(self, fetch: Callable[[], tuple[str, float]], clock: Callable[[], float]) -> None:
        self._fetch = fetch
        self._clock = clock
        self._token: Token | None = None
        self._lock = threading.Lock()

    def get(self) -> str:
        """Return a token that is not about to expire, fetching one if needed."""
        with self._lock:
            if self._token is None or self._clock() >= self._token.refresh_at:
                value, lifetime = self._fetch()
                margin = min(REFRESH_MARGIN, lifetime / 2)
                self._token = Token(value, self._clock() + lifetime - margin)
            return self._token.value

    def invalidate(self, stale: str) -> None:
        """Forget `stale` (the token a 401 refused); a newer token fetched meanwhile stays."""
        with self._lock:
            if self._token is not None and self._token.value == stale:
                self._token = None


def token_fetcher(
    transport: Transport, token_url: str, client_id: str, client_secret: str
) -> Callable[[], tuple[str, float]]:
    """Return a function that asks the token endpoint for a new (token, lifetime)."""
    basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
    redaction.remember(client_secret, basic)
    call = Call(
        "POST",
        token_url,
        body=b"grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": f"Basic {basic}", "Accept": "application/json"},
        auth=False,
        idempotent=True,  # asking for a token twice is harmless
        setting=TOKEN_URL_VARIABLE,
        expects="json",
        max_bytes=MAX_TOKEN_REPLY,
    )

    def fetch() -> tuple[str, float]:
        try:
            response = transport.request(call)
        except ApiError as e:
            if e.status in (400, 401, 403):
                raise AuthError(
                    f"Bandwidth refused the credentials; {AUTH_HINT}",
                    method=e.method,
                    path=e.path,
                    status=e.status,
                    code=e.code,
                    description=e.description,  # the transport redacted the secret
                    url=e.url,
                ) from None  # the cause's body is the server's text: keep it out of tracebacks
            raise
        return _read_token(response.content, call)

    return fetch


def _read_token(body: bytes, call: Call) -> tuple[str, float]:
    try:
        data = json.loads(body)
        token = str(data["access_token"])
    except (ValueError, KeyError, TypeError):
        raise AuthError(
            f"the token endpoint answered without an access_token; check {TOKEN_URL_VARIABLE}",
            method=call.method,
            path=call.path,
            url=call.shown,
            status=200,
        ) from None  # the cause would quote the body
    redaction.remember(token)  # every token of the run stays out of every output
    if not _TOKEN_SHAPE.fullmatch(token):
        raise AuthError(
            "the token endpoint issued an access token with characters a header cannot carry",
            method=call.method,
            path=call.path,
            url=call.shown,
            status=200,
        )
    try:
        lifetime = float(data.get("expires_in", DEFAULT_LIFETIME))
    except (TypeError, ValueError):
        lifetime = DEFAULT_LIFETIME
    return token, lifetime if lifetime > 0 else DEFAULT_LIFETIME
