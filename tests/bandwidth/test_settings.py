"""Building a client from the environment (README.md, "Connecting to a real account")."""

from __future__ import annotations

import logging

import pytest

from numspec.bandwidth.client import BandwidthClient
from numspec.errors import AuthError, ConfigError

CREDS = {"BANDWIDTH_CLIENT_ID": "id-1", "BANDWIDTH_CLIENT_SECRET": "hush-hush"}


def test_missing_credentials_name_the_variables_not_values() -> None:
    with pytest.raises(AuthError) as e:
        BandwidthClient.from_env("9900000", {"BANDWIDTH_CLIENT_ID": "id-1"})
    assert "BANDWIDTH_CLIENT_SECRET" in str(e.value)
    assert "id-1" not in str(e.value)


def test_both_missing_are_both_named() -> None:
    with pytest.raises(AuthError, match="BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET"):
        BandwidthClient.from_env("9900000", {})


def test_defaults_point_at_bandwidth() -> None:
    with BandwidthClient.from_env("9900000", CREDS) as client:
        assert client.account_id == "9900000"
        assert "https://api.bandwidth.com/api/v2" in repr(client)
        assert "hush-hush" not in repr(client)


def test_urls_and_rate_limit_come_from_the_environment() -> None:
    env = {**CREDS, "BANDWIDTH_API_URL": "http://127.0.0.1:9/api/v2/", "NUMSPEC_RATE_LIMIT": "2.5"}
    with BandwidthClient.from_env("1", env) as client:
        assert "http://127.0.0.1:9/api/v2'" in repr(client)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BANDWIDTH_API_URL", "ftp://x"),
        ("BANDWIDTH_TOKEN_URL", "not a url"),
        ("BANDWIDTH_API_URL", "https://user:pw@api.bandwidth.com/api/v2"),
        ("NUMSPEC_RATE_LIMIT", "0"),
        ("NUMSPEC_RATE_LIMIT", "fast"),
    ],
)
def test_unusable_settings_are_config_errors(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        BandwidthClient.from_env("1", {**CREDS, name: value})


@pytest.mark.parametrize(
    ("given", "other", "default"),
    [
        (
            "BANDWIDTH_API_URL",
            "BANDWIDTH_TOKEN_URL",
            "https://api.bandwidth.com/api/v1/oauth2/token",
        ),
        ("BANDWIDTH_TOKEN_URL", "BANDWIDTH_API_URL", "https://api.bandwidth.com/api/v2"),
    ],
)
def test_overriding_only_one_url_warns_where_the_other_still_goes(
    caplog: pytest.LogCaptureFixture, given: str, other: str, default: str
) -> None:
    env = {**CREDS, given: "http://127.0.0.1:9/x"}
    with caplog.at_level(logging.WARNING), BandwidthClient.from_env("1", env):
        pass
    assert f"{given} is set but {other} is not, so requests still go to {default}" in caplog.text


def test_overriding_both_urls_or_neither_is_quiet(caplog: pytest.LogCaptureFixture) -> None:
    both = {
        **CREDS,
        "BANDWIDTH_API_URL": "http://127.0.0.1:9/a",
        "BANDWIDTH_TOKEN_URL": "http://127.0.0.1:9/t",
    }
    with caplog.at_level(logging.WARNING):
        BandwidthClient.from_env("1", both).close()
        BandwidthClient.from_env("1", CREDS).close()
    assert caplog.text == ""
