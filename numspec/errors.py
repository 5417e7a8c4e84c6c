"""The numspec exception tree; every error a user can meet has an exit code.

    NumspecError                 exit 1 unless stated
    ├── UsageError               bad flags or arguments
    ├── SpecError                the inventory file is invalid (carries every Problem)
    ├── ConfigError              missing or unusable connection settings
    ├── ApiError                 the Bandwidth API answered with an error
    │   ├── AuthError            credentials missing or refused (401/403)
    │   ├── RateLimitError       429 after the retry budget was spent
    │   ├── NotFoundError        404
    │   ├── ServerError          5xx after the retry budget was spent
    │   ├── TransportError       connection refused, DNS, timeout
    │   ├── NumberTakenError     a number is no longer available (taken, on another order)
    │   ├── AccessDeniedError    the account may not search or order this (country, type)
    │   ├── CountryNotAllowedError  the account may not order numbers of this country
    │   ├── InvalidSiteError     the SiteId sent is not a site of the account
    │   └── UnknownNumberError   the number is not on the credentials' accounts, or not valid
    ├── PlanError                the account cannot be planned against (unknown site, ...)
    ├── StalePlanError           a saved plan no longer matches the inventory or the account
    ├── PlanFileError            a saved plan file is not one, or was modified after it was written
    ├── UnsafePlanError          a plan that would disconnect numbers without permission
    ├── RefusedError             apply refused (no terminal to confirm, user said no)
    ├── ApplyError               apply ran but did not converge
    └── SandboxError             the embedded sandbox could not start or answer

Anything else that escapes is a bug: the CLI maps it to exit 3.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class NumspecError(Exception):
    """Base of every error numspec reports to a user."""

    exit_code: int = EXIT_ERROR

    def lines(self) -> list[str]:
        """Return the message as the lines the CLI prints on stderr."""
        return [str(self)]


class UsageError(NumspecError):
    """Bad command-line usage."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an inventory file."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SpecError(NumspecError):
    """The inventory file is invalid; carries every problem found, sorted by position."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ConfigError(NumspecError):
    """Connection settings are missing or unusable."""


class ApiError(NumspecError):
    """The Bandwidth API answered with an error.

    Carries the request method, path and full URL (never the query's secrets, headers or
    tokens), the HTTP status, Bandwidth's error code and description, and a trimmed body.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        path: str = "",
        status: int | None = None,
        code: str | None = None,
        description: str | None = None,
        body: str = "",
        url: str = "",
    ) -> None:
        self.method = method
        self.path = path
        self.url = url  # the full URL (query redacted) when known; shown instead of the path
        self.status = status
        self.code = code
        self.description = description
        self.body = body[:500]
        super().__init__(message)

    def __str__(self) -> str:
        where = f"{self.method} {self.url or self.path}".strip()
        status = f" -> {self.status}" if self.status is not None else ""
        parts = [self.args[0] if self.args else "API error"]
        if where:
            parts.append(f"({where}{status})")
        if self.code:
            detail = f": {self.description}" if self.description else ""
            parts.append(f"[Bandwidth {self.code}{detail}]")
        return " ".join(parts)


class AuthError(ApiError):
    """Credentials are missing or were refused."""


class RateLimitError(ApiError):
    """The API kept answering 429 beyond the retry budget."""


class NotFoundError(ApiError):
    """The API answered 404."""


class ServerError(ApiError):
    """The API kept answering 5xx beyond the retry budget."""


class TransportError(ApiError):
    """The API could not be reached (connection refused, DNS, timeout)."""


# Refusals the core reacts to. numspec.bandwidth.error_codes maps Bandwidth's error codes onto them,
# so nothing above the client compares code strings.


class NumberTakenError(ApiError):
    """A number asked for is no longer available: another customer or order has it."""


class AccessDeniedError(ApiError):
    """The account may not search or order this kind of number (country or type)."""


class CountryNotAllowedError(ApiError):
    """The account may not order numbers of this country."""


class InvalidSiteError(ApiError):
    """The SiteId sent is not a site (sub-account) of the account."""


class UnknownNumberError(ApiError):
    """The number is not on the credentials' accounts, or is not a valid number."""


class PlanError(NumspecError):
    """The inventory cannot be planned against this account."""


class StalePlanError(NumspecError):
    """A saved plan no longer matches the inventory or the account's holdings."""


class PlanFileError(NumspecError):
    """A saved plan file cannot be read as one, or its content does not match its digest."""


class UnsafePlanError(NumspecError):
    """The plan would disconnect numbers without the user's explicit permission."""


class RefusedError(NumspecError):
    """apply was not approved."""


class ApplyError(NumspecError):
    """apply ran but the account did not converge to the inventory."""


class SandboxError(NumspecError):
    """The embedded sandbox could not start or answer."""
