"""Retry facts: the policy, what a 429's headers ask for, whether a failed request was sent."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry."""

    max_retries: int = 6
    max_retry_seconds: float = 120.0
    backoff_base: float = 0.5
    backoff_cap: float = 20.0
    rate_limit_cap: float = 60.0


def _cause_chain(e: BaseException) -> list[object]:
    seen: list[object] = []
    stack: list[object] = [e]
    while stack:
        current = stack.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        if isinstance(current, BaseException):
            stack.extend([current.__cause__, current.__context__, *current.args])
        stack.append(getattr(current, "reason", None))
    return seen


def was_refused(e: BaseException) -> bool:
    return any(isinstance(c, NewConnectionError) for c in _cause_chain(e))


def may_have_been_sent(e: BaseException) -> bool:
    """False only when the connection was never made (refused, DNS, connect timeout)."""
    if isinstance(e, requests.ConnectTimeout):
        return False
    return not any(isinstance(c, NewConnectionError | ConnectTimeoutError) for c in _cause_chain(e))


def retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).timestamp() - now
    except (TypeError, ValueError):
        return None


def reset_wait(value: str | None, now: float) -> float | None:
    if not value:
        return None
    try:
        reset = float(value)
    except ValueError:
        return None
    if reset > 1e11:  # milliseconds since the epoch
        reset /= 1000
    return reset - now
