"""Bandwidth's error codes -> the exception the core reacts to (docs/wire.md, "Error codes").

The one place that reads code strings. A code means different things on different endpoints
(4014 is "Access denied for this search" among search errors, "The SiteId submitted is
invalid." among account errors), so the description decides where the code alone cannot.
"""

from __future__ import annotations

from numspec.errors import (
    AccessDeniedError,
    ApiError,
    CountryNotAllowedError,
    InvalidSiteError,
    NumberTakenError,
    UnknownNumberError,
)

# 5005 unavailable for ordering, 5218 already on another order, 5041 reservation refused
# because the number is not available.
TAKEN = frozenset({"5005", "5218", "5041"})
# 5016 SiteId invalid (orders), 5022 SiteId missing. 4014 is decided by its description.
INVALID_SITE = frozenset({"5016", "5022"})
# 5257: ordering numbers outside +1 is not allowed for the account.
COUNTRY_NOT_ALLOWED = frozenset({"5257"})
# 15610 "Telephone Numbers cannot be found on account(s)", 12512 not a valid number. 12510 is
# an e-mail validation error and counts only with the "cannot be found" text.
UNKNOWN_NUMBER = frozenset({"15610", "12512"})
ACCESS_DENIED = "4014"
# A lone 5019 on an order is "order is pending", not a failure.
PENDING = frozenset({"5019"})


def kind_of(code: str | None, description: str | None) -> type[ApiError]:
    """Return the exception class a refusal with this code and description stands for."""
    text = (description or "").lower()
    if code in TAKEN:
        return NumberTakenError
    if code in INVALID_SITE or (code == ACCESS_DENIED and "site" in text):
        return InvalidSiteError
    if code == ACCESS_DENIED:
        return AccessDeniedError
    if code in COUNTRY_NOT_ALLOWED:
        return CountryNotAllowedError
    if code in UNKNOWN_NUMBER or "cannot be found" in text:
        return UnknownNumberError
    return ApiError


def classify(error: ApiError) -> ApiError:
    """Return `error` as the subclass its code names (itself when it names none)."""
    if type(error) is not ApiError:
        return error
    kind = kind_of(error.code, error.description)
    if kind is ApiError:
        return error
    typed = kind(
        error.args[0] if error.args else "the API refused the request",
        method=error.method,
        path=error.path,
        status=error.status,
        code=error.code,
        description=error.description,
        body=error.body,
        url=error.url,
    )
    typed.__cause__ = error.__cause__
    return typed


def is_pending(code: str | None) -> bool:
    """Return whether an order's error entry only says the order is still pending."""
    return code in PENDING
