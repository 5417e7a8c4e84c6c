"""The one `request`: rate limit, auth header, timeouts, retries, logging, typed errors.

Retry rules (issue 4): 429 waits for `Retry-After`, else `X-RateLimit-Reset` (epoch seconds),
else backoff, and pauses the shared rate limiter so other threads wait too; it does not use up
the error-retry count. 500/502/503/504 and connection failures retry with exponential backoff
and jitter, at most `max_retries` times. Every wait counts against `max_retry_seconds`. A request
that is not idempotent (a POST) and may have reached the server is never repeated here: the
caller gets `MaybeSent` and decides (orders are looked up by CustomerOrderId first).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter

from numspec.bandwidth.codes import classify
from numspec.bandwidth.faults import error_of_body, redact
from numspec.bandwidth.ratelimit import BucketLimits
from numspec.bandwidth.retrying import (
    RetryPolicy,
    may_have_been_sent,
    reset_wait,
    retry_after,
    was_refused,
)
from numspec.errors import (
    ApiError,
    AuthError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_RATE_LIMIT_WAITS = 60  # hard stop for a server that answers 429 forever
_SECRET_PARAMS = ("secret", "token", "password", "key")

AUTH_HINT = "check BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET"


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

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    @property
    def shown(self) -> str:
        """The path and query as logs may show them: secret-looking parameters redacted."""
        if not self.params:
            return self.path
        safe = [
            (k, "***" if any(s in k.lower() for s in _SECRET_PARAMS) else v) for k, v in self.params
        ]
        return f"{self.path}?{urlencode(safe)}"


class TokenSource(Protocol):
    """What the transport needs from the token cache."""

    def get(self) -> str: ...

    def invalidate(self, stale: str) -> None: ...


@dataclass
class _Attempts:
    errors: int = 0  # 5xx and connection retries
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
    ) -> None:
        self.session = session
        self.limiter = limiter
        self.timeouts = timeouts
        self.policy = policy
        self.sleep = sleep
        self.clock = clock
        self.now = now
        self.tokens: TokenSource | None = None
        self.secrets = secrets  # kept out of errors and logs, should a server echo them
        self._rng = rng or random.Random()

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
                error = self._error(call, response, ServerError, "the API failed")
                if not call.idempotent:
                    raise MaybeSent(error)
                self._retry_or_raise(state, error)
                continue
            if status >= 400:
                raise self._status_error(call, response)
            return response

    def _send(self, call: Call, token: str | None, state: _Attempts) -> requests.Response | None:
        headers = {"Accept": "application/xml", **call.headers}
        if call.body is not None:
            headers["Content-Type"] = call.content_type
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        started = self.clock()
        try:
            response = self.session.request(
                call.method,
                call.url,
                params=list(call.params) or None,
                data=call.body,
                headers=headers,
                timeout=self.timeouts,
                allow_redirects=False,
            )
        except (requests.ConnectionError, requests.Timeout) as e:
            self._log(call, "failed", started, state, reason=type(e).__name__)
            error = self._transport_error(call, e)
            if not call.idempotent and may_have_been_sent(e):
                raise MaybeSent(error) from e
            self._retry_or_raise(state, error)
            return None
        self._log(call, str(response.status_code), started, state)
        self._debug_bodies(call, response)
        return response

    def _retry_or_raise(self, state: _Attempts, error: ApiError) -> None:
        state.errors += 1
        delay = self.backoff(state.errors)
        elapsed = self.clock() - state.started
        if (
            state.errors > self.policy.max_retries
            or elapsed + delay > self.policy.max_retry_seconds
        ):
            raise error
        logger.debug("retrying in %.1f s after: %s", delay, error)
        self.sleep(delay)

    def _wait_rate_limit(self, call: Call, response: requests.Response, state: _Attempts) -> bool:
        state.limited += 1
        delay = self._rate_limit_delay(response, state.limited)
        elapsed = self.clock() - state.started
        if state.limited > MAX_RATE_LIMIT_WAITS or elapsed + delay > self.policy.max_retry_seconds:
            raise self._error(call, response, RateLimitError, "rate limited by the API")
        logger.debug("rate limited on %s %s; waiting %.1f s", call.method, call.path, delay)
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

    def _status_error(self, call: Call, response: requests.Response) -> ApiError:
        status = response.status_code
        if status in (401, 403):
            what = "refused the credentials" if status == 401 else "denied access"
            return self._error(call, response, AuthError, f"Bandwidth {what}; {AUTH_HINT}")
        if status == 404:
            return self._error(call, response, NotFoundError, "not found")
        if status == 429:
            return self._error(call, response, RateLimitError, "rate limited by the API")
        if status >= 500:
            return self._error(call, response, ServerError, "the API failed")
        return classify(self._error(call, response, ApiError, "the API refused the request"))

    def _error(
        self, call: Call, response: requests.Response, kind: type[ApiError], message: str
    ) -> ApiError:
        code, description = error_of_body(response.content)
        if description is not None:
            description = redact(description, *self.secrets)
        return kind(
            message,
            method=call.method,
            path=call.path,
            status=response.status_code,
            code=code,
            description=description,
            body=redact(response.text, *self.secrets),
        )

    def _transport_error(self, call: Call, e: Exception) -> TransportError:
        host = urlsplit(call.url).hostname or "?"
        port = urlsplit(call.url).port
        where = f"{host}:{port}" if port else host
        if isinstance(e, requests.Timeout):
            reason = "timed out"
        elif was_refused(e):
            reason = "connection refused"
        else:
            reason = "connection failed"
        return TransportError(
            f"could not reach {where}: {reason}", method=call.method, path=call.path
        )

    def _log(
        self, call: Call, status: str, started: float, state: _Attempts, reason: str = ""
    ) -> None:
        ms = (self.clock() - started) * 1000
        extra = f" ({reason})" if reason else ""
        logger.info(
            "%s %s -> %s%s in %.0f ms (retry %d)",
            call.method,
            call.shown,
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
            logger.debug("request body: %s", redact(body, *self.secrets))
        logger.debug("response body: %s", redact(response.text[:4000], *self.secrets))


def new_session(pool_size: int, user_agent: str) -> requests.Session:
    """Return a Session whose connection pool fits `pool_size` concurrent requests."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent
    return session
