"""Connection settings from the environment (README.md, "Connecting to a real account")."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TypedDict
from urllib.parse import urlsplit

from numspec.bandwidth.ratelimit import BUCKETS
from numspec.errors import AuthError, ConfigError

DEFAULT_API_URL = "https://api.bandwidth.com/api/v2"
DEFAULT_TOKEN_URL = "https://api.bandwidth.com/api/v1/oauth2/token"
DEFAULT_RATE_LIMIT = 10.0
URL_VARIABLES = {"BANDWIDTH_API_URL": DEFAULT_API_URL, "BANDWIDTH_TOKEN_URL": DEFAULT_TOKEN_URL}

logger = logging.getLogger(__name__)


class Settings(TypedDict):
    """Keyword arguments of BandwidthClient that come from the environment."""

    api_url: str
    token_url: str
    client_id: str
    client_secret: str
    rate_limit: float
    rate_limits: dict[str, float]


def settings_from_env(env: Mapping[str, str]) -> Settings:
    """Read BANDWIDTH_* and NUMSPEC_RATE_LIMIT; name missing variables, never show values."""
    missing = [
        name for name in ("BANDWIDTH_CLIENT_ID", "BANDWIDTH_CLIENT_SECRET") if not env.get(name)
    ]
    if missing:
        raise AuthError(
            f"set {' and '.join(missing)} to your Bandwidth OAuth2 client credentials "
            "(or use --sandbox)"
        )
    _warn_if_one_url_overridden(env)
    return Settings(
        api_url=_url(env, "BANDWIDTH_API_URL", DEFAULT_API_URL),
        token_url=_url(env, "BANDWIDTH_TOKEN_URL", DEFAULT_TOKEN_URL),
        client_id=env["BANDWIDTH_CLIENT_ID"],
        client_secret=env["BANDWIDTH_CLIENT_SECRET"],
        rate_limit=rate_limit(env),
        rate_limits=bucket_rates(env),
    )


def _warn_if_one_url_overridden(env: Mapping[str, str]) -> None:
    """Warn when one URL points elsewhere but the other still goes to Bandwidth."""
    given = [name for name in URL_VARIABLES if env.get(name)]
    if len(given) != 1:
        return
    (other,) = (name for name in URL_VARIABLES if name not in given)
    logger.warning(
        "%s is set but %s is not, so requests still go to %s; set %s too",
        given[0],
        other,
        URL_VARIABLES[other],
        other,
    )


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name) or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} must be an http(s) URL, e.g. {default}")
    if parts.username or parts.password:
        raise ConfigError(f"{name} must not carry credentials; use BANDWIDTH_CLIENT_ID/SECRET")
    return value.rstrip("/")


def rate_limit(env: Mapping[str, str], default: float = DEFAULT_RATE_LIMIT) -> float:
    """Return NUMSPEC_RATE_LIMIT (requests per second per bucket), or `default` when unset."""
    return _rate(env, "NUMSPEC_RATE_LIMIT") or default


def bucket_rates(env: Mapping[str, str]) -> dict[str, float]:
    """Return the NUMSPEC_RATE_LIMIT_<BUCKET> overrides (docs/rate-limits.md) that are set."""
    rates = {b: _rate(env, f"NUMSPEC_RATE_LIMIT_{b.upper()}") for b in BUCKETS}
    return {b: rate for b, rate in rates.items() if rate is not None}


def _rate(env: Mapping[str, str], name: str) -> float | None:
    raw = env.get(name)
    if not raw:
        return None
    try:
        rate = float(raw)
    except ValueError:
        rate = 0.0
    if not rate > 0:
        raise ConfigError(f"{name} must be a positive number of requests per second, not {raw!r}")
    return rate
