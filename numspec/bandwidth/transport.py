"""The one `request`: rate limit, auth header, timeouts, retries, logging, typed errors.

Retry rules: 429 waits for `Retry-After`, else `X-RateLimit-Reset` (epoch seconds),
else backoff, and pauses the shared rate limiter so other threads wait too; it does not use up
the error-retry count. 500/502/503/504 and connection failures retry with exponential backoff
and jitter, at most `max_retries` times. Every wait counts against `max_retry_seconds`. A request
that is not idempotent (a POST) and may have reached the server is never repeated here: the
caller gets `MaybeSent` and decides (orders are looked up by CustomerOrderId first).
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlencode, urlsplit

import requests

from numspec import redaction
from numspec.bandwidth import failures, replies
from numspec.bandwidth.error_replies import redact
from numspec.bandwidth.failures import AUTH_HINT
from numspec.bandwidth.ratelimit import BucketLimits
from numspec.bandwidth.retrying import (
    RetryPolicy,
    may_have_been_sent,
    reset_wait,
    retry_after,
    was_refused,
)
from numspec.bandwidth.watchdog import Watchdog, new_session
from numspec.errors import ApiError

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_RATE_LIMIT_WAITS = 60  # hard stop for a server that answers 429 forever
MAX_REFUSED_RETRIES = 1  # nothing listening is rarely fixed by waiting: fail fast
REQUEST_DEADLINE = 120.0  # seconds for one request: connect, headers and the whole body
API_URL_VARIABLE = "BANDWIDTH_API_URL"
_UNSAFE_HEADER = re.compile(r"[\x00-\x1f\x7f]")
_SECRET_PARAMS = ("secret", "token", "password", "key")


class MaybeSent(Exception):
    """A non-idempotent request failed after it may have reached the server."""

    def __init__(self, cause: ApiError) -> None:
        self.cause = cause
        super().__init__(str(cause))


@dataclass(frozen=True)
class Call:
    """One HTTP request as the endpoint methods describe it."""

    method: str
    url: str
    params: Sequence[tuple[str, str]] = ()
    body: bytes | None = None
    content_type: str = "application/xml"
    headers: Mapping[str, str] = field(default_factory=dict)
    auth: bool = True
    idempotent: bool = True
    setting: str = API_URL_VARIABLE  # the variable a user checks when this URL misbehaves
    expects: str = "xml"  # the reply's kind: "xml" or "json"
    max_bytes: int = replies.MAX_XML_REPLY

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    @property
    def shown(self) -> str:
        """The full URL as logs and errors may show it: secret-looking parameters redacted."""
        if not self.params:
            return self.url
        safe = [
            (k, "***" if any(s in k.lower() for s in _SECRET_PARAMS) else v) for k, v in self.params
        ]
        return f"{self.url}?{urlencode(safe)}"

    @property
    def host(self) -> str:
        """The host (and port, when given) the call goes to."""
        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


class TokenSource(Protocol):
    """What the transport needs from the token cache."""

    def get(self) -> str: ...

    def invalidate(self, stale: str) -> None: ...


@dataclass
class _Attempts:
    errors: int = 0  # 5xx and connection retries
    refused: int = 0  # connections refused
    limited: int = 0  # 429 waits
    refreshed: bool = False  # 401 answered by one token refresh
    started: float = 0.0

    @property
    def total(self) -> int:
        return self.errors + self.limited + int(self.refreshed)


class Transport:
    """Send calls over one pooled requests Session; thread-safe."""

    def __init__(
        self,
        session: requests.Session,
        *,
        limiter: BucketLimits,
        timeouts: tuple[float, float],
        policy: RetryPolicy,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
        now: Callable[[], float],
        rng: random.Random | None = None,
        secrets: tuple[str, ...] = (),
        request_deadline: float = REQUEST_DEADLINE,
    ) -> None:
        self.session = session
        self.limiter = limiter
        self.timeouts = timeouts
        self.policy = policy
        self.sleep = sleep
        self.clock = clock
        self.now = now
        self.tokens: TokenSource | None = None
        self.request_deadline = request_deadline
        self.run_deadline: float | None = None  # on `clock`: when the whole run must stop
        redaction.remember(*secrets)  # kept out of errors and logs, should a server echo them
        self._rng = rng or random.Random()

    def limit_run(self, seconds: float) -> None:
        """Make every request from now on end within `seconds` from now (a run's --timeout)."""
        self.run_deadline = self.clock() + seconds

    def backoff(self, attempt: int) -> float:
        """Return the wait before retry `attempt` (1-based): exponential, half of it jitter."""
        ceiling = min(self.policy.backoff_cap, self.policy.backoff_base * 2 ** (attempt - 1))
        return float(ceiling / 2 + self._rng.uniform(0, ceiling / 2))

    def request(self, call: Call) -> requests.Response:
        """Send a call, retrying what is safe to retry; return a 2xx response or raise."""
        state = _Attempts(started=self.clock())
        while True:
            self.limiter.bucket(call.method, call.path).acquire()
            token = self.tokens.get() if call.auth and self.tokens is not None else None
            response = self._send(call, token, state)
            if response is None:
                continue
            status = response.status_code
            if status == 401 and token is not None and not state.refreshed:
                assert self.tokens is not None
                self.tokens.invalidate(token)
                state.refreshed = True
                continue
            if status == 429 and self._wait_rate_limit(call, response, state):
                continue
            if status in RETRY_STATUSES:
                error = failures.status_error(call, response)
                if not call.idempotent:
                    raise MaybeSent(error)
                self._retry_or_raise(call, state, error, f"{call.host} answered {status}")
                continue
            if status >= 400:
                raise failures.status_error(call, response)
            if status >= 300 or status < 200:
                raise failures.redirect_error(call, response)
            failures.check_media_type(call, response)
            return response

    def _send(self, call: Call, token: str | None, state: _Attempts) -> requests.Response | None:
        headers = self._headers(call, token)
        started = self.clock()
        seconds = self._deadline_seconds(call)
        try:
            with Watchdog(seconds) as watchdog:
                response = self._exchange(call, headers, watchdog)
        except (requests.ConnectionError, requests.Timeout) as e:
            timed_out = watchdog.fired
            self._log(call, "failed", started, state, reason=type(e).__name__)
            error = failures.transport_error(call, e, seconds if timed_out else None)
            if not call.idempotent and (timed_out or may_have_been_sent(e)):
                raise MaybeSent(error) from e
            if timed_out and self._run_over():
                raise error from e
            if was_refused(e):
                state.refused += 1
                if state.refused > MAX_REFUSED_RETRIES:
                    raise error from e
            self._retry_or_raise(call, state, error, f"cannot reach {call.host}")
            return None
        self._log(call, str(response.status_code), started, state)
        self._debug_bodies(call, response)
        return response

    def _exchange(
        self, call: Call, headers: dict[str, str], watchdog: Watchdog
    ) -> requests.Response:
        response = self.session.request(
            call.method,
            call.url,
            params=list(call.params) or None,
            data=call.body,
            headers=headers,
            timeout=self.timeouts,
            allow_redirects=False,
            stream=True,
        )
        try:
            limit = call.max_bytes if response.status_code < 400 else replies.MAX_TOKEN_REPLY
            response._content = replies.read_capped(response, limit)
        except replies.ReplyTooLarge as e:
            raise failures.too_large(call, response, str(e)) from None
        except requests.exceptions.ChunkedEncodingError as e:
            if watchdog.fired:
                raise requests.Timeout("the request deadline passed") from e
            raise
        finally:
            response.close()
        return response

    def _headers(self, call: Call, token: str | None) -> dict[str, str]:
        headers = {"Accept": "application/xml", **call.headers}
        if call.body is not None:
            headers["Content-Type"] = call.content_type
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        for name, value in headers.items():
            if _UNSAFE_HEADER.search(value):
                # requests would raise with the value in its message: never show any of it
                raise failures.unsafe_header(call, name)
        return headers

    def _deadline_seconds(self, call: Call) -> float:
        seconds = self.request_deadline
        if self.run_deadline is not None:
            left = self.run_deadline - self.clock()
            if left <= 0:
                raise failures.run_timed_out(call)
            seconds = min(seconds, left)
        return seconds

    def _run_over(self) -> bool:
        return self.run_deadline is not None and self.clock() >= self.run_deadline

    def _retry_or_raise(self, call: Call, state: _Attempts, error: ApiError, why: str) -> None:
        state.errors += 1
        delay = self.backoff(state.errors)
        elapsed = self.clock() - state.started
        if (
            state.errors > self.policy.max_retries
            or elapsed + delay > self.policy.max_retry_seconds
            or (self.run_deadline is not None and self.clock() + delay >= self.run_deadline)
        ):
            raise error
        logger.warning("%s, retrying %d/%d", why, state.errors, self.policy.max_retries)
        logger.debug("retrying in %.1f s after: %s", delay, error)
        self.sleep(delay)

    def _wait_rate_limit(self, call: Call, response: requests.Response, state: _Attempts) -> bool:
        state.limited += 1
        delay = self._rate_limit_delay(response, state.limited)
        elapsed = self.clock() - state.started
        if state.limited > MAX_RATE_LIMIT_WAITS or elapsed + delay > self.policy.max_retry_seconds:
            raise failures.status_error(call, response)
        logger.debug("rate limited on %s %s; waiting %.1f s", call.method, call.shown, delay)
        self.limiter.bucket(call.method, call.path).pause_until(self.clock() + delay)
        return True

    def _rate_limit_delay(self, response: requests.Response, attempt: int) -> float:
        jitter = self._rng.uniform(0, 0.25)  # spread threads that share one reset time
        wait = retry_after(response.headers.get("Retry-After"), self.now())
        if wait is None:
            wait = reset_wait(response.headers.get("X-RateLimit-Reset"), self.now())
        if wait is None:
            return self.backoff(attempt)
        return min(self.policy.rate_limit_cap, max(0.0, wait)) + jitter

    def _log(
        self, call: Call, status: str, started: float, state: _Attempts, reason: str = ""
    ) -> None:
        ms = (self.clock() - started) * 1000
        extra = f" ({reason})" if reason else ""
        logger.info(
            "%s %s -> %s%s in %.0f ms (retry %d)",
            call.method,
            redact(call.shown),
            status,
            extra,
            ms,
            state.total,
        )

    def _debug_bodies(self, call: Call, response: requests.Response) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        if call.body is not None:
            body = call.body.decode("utf-8", "replace")
            logger.debug("request body: %s", redact(body))
        logger.debug("response body: %s", redact(response.text[:4000]))


__all__ = [
    "AUTH_HINT",
    "REQUEST_DEADLINE",
    "Call",
    "MaybeSent",
    "TokenSource",
    "Transport",
    "new_session",
]
