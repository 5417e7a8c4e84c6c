"""One number's status (GET /tns/{tn}): what is sent, and how each reply maps."""

from __future__ import annotations

import base64
import json

import pytest
import responses
from bw_support import API, add_token, api_calls, fixture, make_client, path_of, query_of

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import NumberStatus
from numspec.errors import AuthError, ServerError

XML = "application/xml"
TN_URL = f"{API}/tns/%2B19195550100"


def test_number_status_gets_the_number_under_tns_and_reads_holder_and_status(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(TN_URL, body=fixture("tn_inservice.xml"), content_type=XML)
    found = client.number_status("+19195550100")
    assert found == NumberStatus("+19195550100", "Inservice", "9900000", "1002")
    [call] = api_calls(rsps)
    assert call.request.method == "GET"
    assert path_of(call) == "/api/v2/tns/%2B19195550100"
    assert query_of(call) == {}
    assert call.request.headers["Authorization"] == "Bearer tok-1"


def test_an_available_number_has_no_holder_and_a_ten_digit_reply_reads_as_e164(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{API}/tns/%2B19195550101", body=fixture("tn_available.xml"), content_type=XML)
    assert client.number_status("+19195550101") == NumberStatus("+19195550101", "Available")


@pytest.mark.parametrize(
    ("status", "body"),
    [(404, fixture("tn_not_found.xml")), (404, b""), (400, fixture("tn_not_found.xml"))],
)
def test_a_number_outside_the_accounts_is_none(
    client: BandwidthClient, rsps: responses.RequestsMock, status: int, body: bytes
) -> None:
    rsps.get(TN_URL, body=body, status=status, content_type=XML)
    assert client.number_status("+19195550100") is None


def test_an_error_shape_inside_a_200_reply_is_none(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(TN_URL, body=fixture("tn_not_found.xml"), content_type=XML)
    assert client.number_status("+19195550100") is None


def test_the_tndetails_shape_is_read_too(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (
        b"<TelephoneNumberResponse><TelephoneNumberDetails><FullNumber>+19195550100</FullNumber>"
        b"<Status>Aging</Status><AccountId>9900000</AccountId><Site><Id>1003</Id>"
        b"<Name>x</Name></Site></TelephoneNumberDetails></TelephoneNumberResponse>"
    )
    rsps.get(TN_URL, body=body, content_type=XML)
    assert client.number_status("+19195550100") == NumberStatus(
        "+19195550100", "Aging", "9900000", "1003"
    )


def test_a_refusal_or_a_failure_is_still_an_error(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(TN_URL, status=403)
    with pytest.raises(AuthError):
        client.number_status("+19195550100")
    rsps.replace(responses.GET, TN_URL, status=500)
    with pytest.raises(ServerError):
        client.number_status("+19195550100")


def _jwt(payload: object) -> str:
    raw = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJIUzI1NiJ9.{raw}.c2ln"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (_jwt({"accounts": ["9900000", "9900001"]}), frozenset({"9900000", "9900001"})),
        (_jwt({"roles": []}), None),
        ("opaque-token", None),
        ("a.%%%.b", None),
    ],
)
def test_token_accounts_reads_the_jwt_accounts_claim(
    rsps: responses.RequestsMock, fake_time: object, token: str, expected: object
) -> None:
    add_token(rsps, token)
    with make_client(fake_time) as client:  # type: ignore[arg-type]
        assert client.token_accounts() == expected
