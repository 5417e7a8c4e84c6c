"""Fixtures for the client tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses
from bw_support import FakeTime, add_token, make_client

from numspec.bandwidth.client import BandwidthClient


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def client(rsps: responses.RequestsMock, fake_time: FakeTime) -> Iterator[BandwidthClient]:
    add_token(rsps)
    with make_client(fake_time) as c:
        yield c
