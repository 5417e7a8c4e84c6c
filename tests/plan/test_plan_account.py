"""An account id the credentials cannot use: the message blames the file's account_id first."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fakes import FakeApi

from numspec.bandwidth.models import SiteInfo
from numspec.errors import ApiError, AuthError, NotFoundError, PlanError
from numspec.inventory import parse_inventory
from numspec.plan.planner import make_plan

TEXT = b"""version: 1
account_id: "9900000"
sites:
  us:
    site_id: "1001"
    groups:
      a: {quantity: 1, country: USA, area_code: "919"}
"""
SITES = "/api/v2/accounts/9900000/sites"


@dataclass
class Refusing(FakeApi):
    """An account whose sites listing answers with an error."""

    error: ApiError | None = None

    def list_sites(self) -> list[SiteInfo]:
        assert self.error is not None
        raise self.error


@dataclass
class WithClaims(Refusing):
    """A client that can read its token's `accounts` claim."""

    claimed: frozenset[str] | None = None

    def token_accounts(self) -> frozenset[str] | None:
        return self.claimed


def plan_error(api: FakeApi) -> str:
    with pytest.raises(PlanError) as e:
        make_plan(parse_inventory(TEXT, "inv.yaml"), api)
    return str(e.value)


def test_a_403_on_the_account_names_account_id_and_its_line() -> None:
    api = Refusing(error=AuthError("denied", method="GET", path=SITES, status=403))
    assert plan_error(api) == (
        'inv.yaml:2: account_id "9900000" is likely wrong: the API refused access to it '
        "(GET /api/v2/accounts/9900000/sites -> 403). Set account_id to the account these "
        "credentials belong to, or use the credentials (BANDWIDTH_CLIENT_ID, "
        "BANDWIDTH_CLIENT_SECRET) of an API client of account 9900000."
    )


def test_a_404_on_the_account_says_it_was_not_found_and_names_the_tokens_accounts() -> None:
    error = NotFoundError("not found", method="GET", path=SITES, status=404)
    message = plan_error(WithClaims(error=error, claimed=frozenset({"7700000", "7700001"})))
    assert message.startswith('inv.yaml:2: account_id "9900000" is likely wrong: the API was not')
    assert "; the credentials are for account 7700000, 7700001." in message


def test_a_401_whose_token_lacks_the_account_blames_the_account_id() -> None:
    error = AuthError("refused", method="GET", path=SITES, status=401)
    message = plan_error(WithClaims(error=error, claimed=frozenset({"7700000"})))
    assert 'account_id "9900000" is likely wrong' in message


@pytest.mark.parametrize("claimed", [frozenset({"9900000"}), None])
def test_a_401_is_the_credentials_when_the_token_does_not_say_otherwise(
    claimed: frozenset[str] | None,
) -> None:
    error = AuthError("refused", method="GET", path=SITES, status=401)
    with pytest.raises(AuthError):
        make_plan(parse_inventory(TEXT, "inv.yaml"), WithClaims(error=error, claimed=claimed))


def test_refused_credentials_at_the_token_endpoint_stay_a_credentials_error() -> None:
    error = AuthError("refused", method="POST", path="/api/v1/oauth2/token", status=401)
    with pytest.raises(AuthError):
        make_plan(parse_inventory(TEXT, "inv.yaml"), WithClaims(error=error, claimed=None))


def test_a_403_for_an_account_the_token_names_is_not_blamed_on_the_account_id() -> None:
    error = AuthError("denied", method="GET", path=SITES, status=403)
    with pytest.raises(AuthError):
        make_plan(
            parse_inventory(TEXT, "inv.yaml"),
            WithClaims(error=error, claimed=frozenset({"9900000"})),
        )
