"""The typed error for each way a request can fail, named by its full URL.

Every message names the URL as it was asked (query secrets redacted) and, where the fault may
be a wrong setting, the environment variable that points there. Server text is redacted before
it is kept: it may echo a token or the credential back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

import requests

from numspec.bandwidth import replies
from numspec.bandwidth.error_codes import classify
from numspec.bandwidth.error_replies import error_of_body, redact
from numspec.bandwidth.retrying import was_refused
from numspec.errors import (
    ApiError,
    AuthError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)

if TYPE_CHECKING:
    from numspec.bandwidth.transport import Call

AUTH_HINT = "check BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET"


class _Where(TypedDict):
    method: str
    path: str
    url: str


def _where(call: Call) -> _Where:
    return _Where(method=call.method, path=call.path, url=redact(call.shown))


def reply_error(
    call: Call, response: requests.Response, kind: type[ApiError], message: str
) -> ApiError:
    """Return an error of `kind` carrying the reply's status, Bandwidth code and text."""
    code, description = error_of_body(response.content)
    return kind(
        message,
        **_where(call),
        status=response.status_code,
        code=code,
        description=redact(description) if description is not None else None,
        body=redact(response.text[:2000]),
    )


def status_error(call: Call, response: requests.Response) -> ApiError:
    """Return the error a 4xx or 5xx reply stands for."""
    status = response.status_code
    if status in (401, 403):
        what = "refused the credentials" if status == 401 else "denied access"
        return reply_error(call, response, AuthError, f"Bandwidth {what}; {AUTH_HINT}")
    if status == 404:
        error = reply_error(call, response, NotFoundError, "not found")
        if error.code is None:  # Bandwidth's own 404s say what is missing; a wrong base does not
            error.args = (f"not found; check {call.setting} and the account id",)
        return error
    if status == 429:
        return reply_error(call, response, RateLimitError, "rate limited by the API")
    if status >= 500:
        return reply_error(call, response, ServerError, "the API failed")
    return classify(reply_error(call, response, ApiError, "the API refused the request"))


def redirect_error(call: Call, response: requests.Response) -> ApiError:
    """Return the error for a 3xx (or 1xx) reply: numspec never follows one, nor reads it."""
    target = replies.where_to(response.headers.get("Location"), call.url)
    message = (
        f"the server answered {response.status_code}, a redirect to {redact(target)}, "
        f"instead of a reply; check {call.setting}"
    )
    return ApiError(message, **_where(call), status=response.status_code)


def check_media_type(call: Call, response: requests.Response) -> None:
    """Raise when a 2xx reply's content type is not the kind the endpoint returns."""
    kind = replies.wrong_media_type(response, call.expects)
    if kind is None:
        return
    wanted = "JSON" if call.expects == "json" else "XML"
    message = (
        f"the server answered with {redact(kind)}, not {wanted} (a proxy or captive-portal "
        f"page?); check {call.setting}"
    )
    raise ApiError(message, **_where(call), status=response.status_code)


def foreign_root(call: Call, response: requests.Response, name: str) -> ApiError:
    """Return the error for an XML reply whose root is not one of Bandwidth's shapes."""
    shown = redact(name[:60])
    message = f"the server answered with a <{shown}> document, not a Bandwidth reply; "
    return ApiError(message + f"check {call.setting}", **_where(call), status=response.status_code)


def empty_reply(call: Call, response: requests.Response) -> ApiError:
    """Return the error for an empty 200 to a GET that does not even claim to be XML."""
    message = (
        f"the server answered 200 with an empty body, not a Bandwidth reply; check {call.setting}"
    )
    return ApiError(message, **_where(call), status=response.status_code)


def too_large(call: Call, response: requests.Response, detail: str) -> ApiError:
    """Return the error for a reply body past its cap."""
    message = f"the reply is too large ({detail}); numspec stopped reading it"
    return ApiError(message, **_where(call), status=response.status_code)


def transport_error(call: Call, e: Exception, deadline: float | None) -> TransportError:
    """Return the error for a request that got no complete reply."""
    if deadline is not None:
        reason = f"no complete reply within {deadline:g} s"
    elif isinstance(e, requests.Timeout):
        reason = "timed out"
    elif was_refused(e):
        reason = "connection refused (is anything listening there?)"
    else:
        reason = "connection failed"
    return TransportError(
        f"could not reach {call.host}: {reason}; check {call.setting}", **_where(call)
    )


def run_timed_out(call: Call) -> TransportError:
    """Return the error for a request asked for after the run's --timeout ran out."""
    return TransportError("the run's --timeout ran out before this request", **_where(call))


def unsafe_header(call: Call, name: str) -> ApiError:
    """Return the error for a header value with a line break or control character."""
    message = f"refusing to send a {name} header holding a line break or control character"
    if name.lower() == "authorization":
        kind: type[ApiError] = AuthError
        message += " (the access token the token endpoint issued is malformed)"
    else:
        kind = ApiError
    return kind(message, **_where(call))
