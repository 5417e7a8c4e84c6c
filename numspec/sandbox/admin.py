"""The token endpoint and the JSON admin routes under /_sandbox (docs/sandbox.md)."""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Request, Response

from numspec.sandbox import account_numbers, repository
from numspec.sandbox.backend import Backend

Args = dict[str, str]
MAX_POPULATE = 1_000_000


def json_response(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")


def _refused(description: str) -> Response:
    return json_response({"error": "invalid_client", "error_description": description}, 401)


def token(backend: Backend, request: Request, args: Args) -> Response:
    """OAuth2 client credentials: Basic auth (or form fields) and grant_type."""
    if request.form.get("grant_type") != "client_credentials":
        return json_response(
            {
                "error": "unsupported_grant_type",
                "error_description": "grant_type must be client_credentials",
            },
            400,
        )
    auth = request.authorization
    if auth is not None and auth.type == "basic":
        client_id, secret = auth.username or "", auth.password or ""
    else:
        client_id = request.form.get("client_id", "")
        secret = request.form.get("client_secret", "")
    issued = backend.issue_token(client_id, secret)
    if issued is None:
        return _refused("Client authentication failed")
    return json_response(
        {
            "access_token": issued,
            "token_type": "Bearer",
            "expires_in": backend.switches.token_lifetime,
        }
    )


def _json_body(request: Request) -> Any:
    try:
        return json.loads(request.get_data(cache=False) or b"{}")
    except ValueError as e:
        raise ValueError(f"the body is not JSON: {e}") from e


def get_config(backend: Backend, request: Request, args: Args) -> Response:
    return json_response(backend.switches.to_dict())


def set_config(backend: Backend, request: Request, args: Args) -> Response:
    try:
        changes = _json_body(request)
        if not isinstance(changes, dict):
            raise ValueError("the body must be a JSON object")
        backend.switches.update(changes)
    except ValueError as e:
        return json_response({"error": str(e)}, 400)
    return json_response(backend.switches.to_dict())


def stats(backend: Backend, request: Request, args: Args) -> Response:
    return json_response(backend.stats.snapshot())


def reset_stats(backend: Backend, request: Request, args: Args) -> Response:
    backend.stats.reset()
    return json_response(backend.stats.snapshot())


def _filters(body: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in repository.POPULATE_FILTERS:
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{key} must be a non-empty string")
        out[key] = value.strip().upper() if key in ("type", "state") else value.strip()
    return out


def _location(backend: Backend, site_id: str, location_id: str | None) -> str:
    """The location to populate: the one named (in the site) or the site's default."""
    if backend.site(site_id) is None:
        raise LookupError(f"unknown site {site_id}")
    if location_id is None:
        default = backend.peer_of(site_id)
        if default is None:
            raise LookupError(f"site {site_id} has no default location; name a location_id")
        return default
    if backend.peer(site_id, location_id) is None:
        raise LookupError(f"location {location_id} is not in site {site_id}")
    return location_id


def populate(backend: Backend, request: Request, args: Args) -> Response:
    """`{"site_id": "1001", "count": N, "country": "USA"}`: N pool numbers in service at once.

    Optional: `location_id` (default: the site's default location) and the filters `type`,
    `area_code`, `state`, `rate_center`.
    """
    try:
        body = _json_body(request)
        if not isinstance(body, dict):
            raise TypeError("the body must be a JSON object")
        site_id = str(body["site_id"])
        count = body["count"]
        country = str(body.get("country", "USA")).upper()
        location = body.get("location_id")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_POPULATE:
            raise ValueError(f"count must be an integer from 0 to {MAX_POPULATE}")
        filters = _filters(body)
    except (ValueError, KeyError, TypeError) as e:
        return json_response({"error": f"bad populate request: {e}"}, 400)
    try:
        peer_id = _location(backend, site_id, None if location is None else str(location))
    except LookupError as e:
        return json_response({"error": str(e.args[0])}, 404)
    numbers = account_numbers.populate(backend.store, site_id, peer_id, count, country, filters)
    return json_response(
        {
            "site_id": site_id,
            "location_id": peer_id,
            "country": country,
            **filters,
            "count": len(numbers),
            "first": numbers[0] if numbers else None,
            "last": numbers[-1] if numbers else None,
        }
    )
