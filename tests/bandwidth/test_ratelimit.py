"""Rate limits per Bandwidth bucket: searching, ordering and reading history have budgets apart."""

from __future__ import annotations

import threading
import time

import pytest
import responses
from bw_support import ACCT, API, FakeTime, add_token, fixture, make_client

from numspec.bandwidth.ratelimit import (
    DEFAULT_RATE,
    BucketLimits,
    TokenBucket,
    bucket_of,
    priority,
)
from numspec.bandwidth.search_query import SearchQuery
from numspec.bandwidth.settings import bucket_rates
from numspec.errors import ConfigError

XML = "application/xml"


@pytest.mark.parametrize(
    ("method", "path", "bucket"),
    [
        ("GET", "/api/v2/accounts/9900000/availableNumbers", "search"),
        ("POST", "/api/v2/accounts/9900000/orders", "order"),
        ("GET", "/api/v2/accounts/9900000/orders", "history"),
        ("GET", "/api/v2/accounts/9900000/orders/abc", "history"),
        ("POST", "/api/v2/accounts/9900000/disconnects", "disconnect"),
        ("GET", "/api/v2/accounts/9900000/disconnects/abc", "history"),
        ("POST", "/api/v2/accounts/9900000/moveTns", "move"),
        ("GET", "/api/v2/accounts/9900000/sites/1001/inserviceNumbers", "inservice"),
        ("GET", "/api/v2/accounts/9900000/inserviceNumbers/totals", "inservice"),
        ("GET", "/api/v2/tns", "history"),
        ("GET", "/api/v2/tns/+19195550100", "history"),
        ("GET", "/api/v2/accounts/9900000/sites/1001/sippeers", "other"),
        ("POST", "/api/v2/accounts/9900000/tnreservation", "other"),
        ("POST", "/api/v1/oauth2/token", "other"),
    ],
)
def test_each_request_counts_against_its_bandwidth_bucket(
    method: str, path: str, bucket: str
) -> None:
    assert bucket_of(method, path) == bucket


def test_a_spent_search_budget_does_not_hold_up_history_reads(fake_time: FakeTime) -> None:
    limits = BucketLimits({"search": 1.0}, clock=fake_time.clock, sleep=fake_time.sleep)
    search = limits.bucket("GET", "/api/v2/accounts/1/availableNumbers")
    history = limits.bucket("GET", "/api/v2/accounts/1/orders/x")
    assert [search.acquire() for _ in range(3)] == [0.0, pytest.approx(1.0), pytest.approx(1.0)]
    assert history.acquire() == 0.0
    assert limits.rates["order"] == DEFAULT_RATE


def test_a_pause_after_a_429_holds_only_its_own_bucket(fake_time: FakeTime) -> None:
    limits = BucketLimits({}, clock=fake_time.clock, sleep=fake_time.sleep)
    limits.bucket("POST", "/api/v2/accounts/1/orders").pause_until(fake_time.clock() + 30)
    assert limits.bucket("GET", "/api/v2/accounts/1/availableNumbers").acquire() == 0.0
    assert limits.bucket("GET", "/api/v2/accounts/1/orders/x").acquire() == 0.0
    assert limits.bucket("POST", "/api/v2/accounts/1/orders").acquire() == pytest.approx(30.0)


def test_a_429_on_a_search_makes_the_client_wait_for_the_reset(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_token(rsps)
    reset = int(fake_time.now()) + 30
    rsps.get(f"{ACCT}/availableNumbers", status=429, headers={"X-RateLimit-Reset": str(reset)})
    rsps.get(f"{ACCT}/availableNumbers", body=fixture("search_empty.xml"), content_type=XML)
    with make_client(fake_time) as client:
        assert client.search(SearchQuery.of({"areaCode": "919"}, 1)) == []
    assert 30 <= sum(fake_time.sleeps) <= 30.3


def test_per_bucket_rates_come_from_the_environment_and_bad_ones_are_named() -> None:
    env = {"NUMSPEC_RATE_LIMIT_SEARCH": "2", "NUMSPEC_RATE_LIMIT_HISTORY": "25.5"}
    assert bucket_rates(env) == {"search": 2.0, "history": 25.5}
    with pytest.raises(ConfigError, match="NUMSPEC_RATE_LIMIT_ORDER must be a positive number"):
        bucket_rates({"NUMSPEC_RATE_LIMIT_ORDER": "fast"})


def test_the_client_spaces_searches_at_their_own_rate(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_token(rsps)
    rsps.get(f"{ACCT}/availableNumbers", body=fixture("search_empty.xml"), content_type=XML)
    rsps.get(f"{API}/tns", body=fixture("tns_real_page2.xml"), content_type=XML)
    with make_client(fake_time, rate_limit=1000.0, rate_limits={"search": 2.0}) as client:
        for _ in range(4):
            client.search(SearchQuery.of({"areaCode": "919"}, 1))
        searching = sum(fake_time.sleeps)
        for _ in range(4):
            list(client.iter_number_details())
    assert searching == pytest.approx(1.0, abs=0.01)  # a burst of 2, then one every 0.5 s
    assert sum(fake_time.sleeps) == searching


def test_a_waiting_request_of_higher_priority_takes_the_next_token_first() -> None:
    def sleep(seconds: float) -> None:  # the low one looks every ms: first to see a token
        time.sleep(min(seconds, 0.001) if threading.current_thread().name == "low" else seconds)

    bucket = TokenBucket(20.0, burst=1, clock=time.monotonic, sleep=sleep)
    bucket.acquire()  # spent: the next token comes in 50 ms
    served: list[str] = []

    def take(name: str, rank: float) -> None:
        with priority(rank):
            bucket.acquire()
        served.append(name)

    low = threading.Thread(target=take, args=("low", 1.0), name="low")
    high = threading.Thread(target=take, args=("high", 20.0), name="high")
    low.start()
    time.sleep(0.01)  # low waits first; high arrives while it waits
    high.start()
    for thread in (low, high):
        thread.join(5)
    assert served == ["high", "low"]
