"""The client boundary speaks types: order states in named sets, one exception per refusal."""

from __future__ import annotations

import pytest
import responses
from bw_support import ACCT, API

from numspec.bandwidth import states
from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import NumbersOrder
from numspec.bandwidth.search_query import SearchQuery
from numspec.bandwidth.states import OrderState, order_state
from numspec.errors import (
    AccessDeniedError,
    ApiError,
    CountryNotAllowedError,
    InvalidSiteError,
    NumberTakenError,
    UnknownNumberError,
)
from numspec.sandbox import order_states as sandbox_states

XML = "application/xml"
ORDER = NumbersOrder(site_id="1001", customer_order_id="ns-1", name="n", numbers=("+19195551234",))


def test_the_sandbox_copy_of_the_order_states_agrees_with_the_clients() -> None:
    assert set(sandbox_states.ALL) == {s.value for s in OrderState}
    for name in ("WAITING", "FINAL", "STILL_BRINGING", "BROUGHT_NUMBERS", "DISCONNECT_FINAL"):
        ours = {s.value for s in getattr(states, name)}
        assert ours == set(getattr(sandbox_states, name)), name


def test_backordered_is_final_for_waiting_but_still_brings_numbers() -> None:
    assert OrderState.BACKORDERED in states.FINAL
    assert OrderState.BACKORDERED in states.STILL_BRINGING
    assert OrderState.BACKORDERED not in states.DISCONNECT_FINAL
    assert not states.WAITING & states.FINAL


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        ("COMPLETE", OrderState.COMPLETE),
        ("COMPLETED", OrderState.COMPLETE),
        (" complete ", OrderState.COMPLETE),
        ("BACKORDERED", OrderState.BACKORDERED),
        (None, OrderState.RECEIVED),  # a 201 without OrderStatus
        ("", OrderState.RECEIVED),
    ],
)
def test_order_states_are_read_in_every_captured_spelling(
    raw: str | None, state: OrderState
) -> None:
    assert order_state(raw) is state


def test_an_undocumented_order_state_is_an_error_not_a_wait() -> None:
    with pytest.raises(ValueError, match="EXPLODED"):
        order_state("EXPLODED")


def _refusal(root: str, code: str, description: str) -> str:
    return (
        f"<{root}><ErrorList><Error><Code>{code}</Code>"
        f"<Description>{description}</Description></Error></ErrorList></{root}>"
    )


@pytest.mark.parametrize(
    ("code", "description", "kind"),
    [
        ("5005", "The telephone number is unavailable for ordering", NumberTakenError),
        ("5218", "The telephone number is already processing on another order", NumberTakenError),
        ("4014", "The SiteId submitted is invalid.", InvalidSiteError),
        ("5016", "SiteId 77 is invalid", InvalidSiteError),
        ("4014", "Access denied for this search", AccessDeniedError),
        ("5257", "Ordering non +1 numbers is not allowed", CountryNotAllowedError),
        ("5019", "Order is pending", ApiError),
        ("12510", "Email address is not valid", ApiError),
    ],
)
def test_order_refusals_raise_the_class_their_code_means(
    client: BandwidthClient,
    rsps: responses.RequestsMock,
    code: str,
    description: str,
    kind: type[ApiError],
) -> None:
    rsps.post(
        f"{ACCT}/orders",
        body=_refusal("OrderResponse", code, description),
        status=400,
        content_type=XML,
    )
    with pytest.raises(ApiError) as caught:
        client.create_order(ORDER)
    assert type(caught.value) is kind
    assert caught.value.code == code and caught.value.status == 400
    assert caught.value.description == description


def test_a_search_refused_with_4014_is_access_denied(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (
        "<SearchResult><Error><Code>4014</Code><Description>Access denied for this search"
        "</Description></Error><ResultCount>0</ResultCount></SearchResult>"
    )
    rsps.get(f"{ACCT}/availableNumbers", body=body, status=400, content_type=XML)
    with pytest.raises(AccessDeniedError):
        client.search(SearchQuery.of({"areaCode": "919"}, 1))


def test_a_search_error_inside_a_200_is_typed_too(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (
        "<SearchResult><Error><Code>4014</Code><Description>Access denied for this search"
        "</Description></Error></SearchResult>"
    )
    rsps.get(f"{ACCT}/availableNumbers", body=body, status=200, content_type=XML)
    with pytest.raises(AccessDeniedError):
        client.search(SearchQuery.of({"areaCode": "919"}, 1))


@pytest.mark.parametrize(
    ("code", "description"),
    [
        ("15610", "Telephone Numbers cannot be found on account(s)"),
        ("12512", "+1999 is not a valid telephone number"),
        ("12510", "Telephone Numbers cannot be found on accounts"),  # older sandbox text
    ],
)
def test_a_number_the_api_does_not_know_is_none(
    client: BandwidthClient, rsps: responses.RequestsMock, code: str, description: str
) -> None:
    body = (
        "<TelephoneNumberResponse><ResponseStatus><ErrorCode>"
        f"{code}</ErrorCode><Description>{description}</Description>"
        "</ResponseStatus></TelephoneNumberResponse>"
    )
    rsps.get(f"{API}/tns/%2B19195551234", body=body, status=400, content_type=XML)
    assert client.number_status("+19195551234") is None


def test_12510_is_not_read_as_unknown_number_when_it_is_an_email_error(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (
        "<TelephoneNumberResponse><ResponseStatus><ErrorCode>12510</ErrorCode>"
        "<Description>Email is invalid</Description></ResponseStatus></TelephoneNumberResponse>"
    )
    rsps.get(f"{API}/tns/%2B19195551234", body=body, status=400, content_type=XML)
    with pytest.raises(ApiError) as caught:
        client.number_status("+19195551234")
    assert not isinstance(caught.value, UnknownNumberError)
