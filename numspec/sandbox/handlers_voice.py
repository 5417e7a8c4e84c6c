"""Handlers of the voice configuration package routes (JSON, on the host root `/v2/...`).

Replies use the platform's envelope `{"links": [], "data": ..., "errors": [], "page": ...}`;
a refusal carries `errors: [{"type", "description"}]` and `data: null`. The bulk assignment
answers `null` on success (docs/voice-packages.md).
"""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Request, Response

from numspec.sandbox import voice_store
from numspec.sandbox.backend import Backend
from numspec.sandbox.voice_store import PAGE_LIMIT, Package, VoiceError
from numspec.sandbox.wire import iso, now

Args = dict[str, str]


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")


def _envelope(data: Any, page: dict[str, Any] | None = None, status: int = 200) -> Response:
    body: dict[str, Any] = {"links": [], "data": data, "errors": []}
    if page is not None:
        body["page"] = page
    return _json(body, status)


def _refusal(e: VoiceError) -> Response:
    body = {"links": [], "data": None, "errors": [{"type": e.kind, "description": e.description}]}
    return _json(body, e.status)


def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except ValueError as e:
        raise VoiceError(400, "VALIDATION", f"the request body is not JSON: {e}") from e
    if not isinstance(body, dict):
        raise VoiceError(400, "VALIDATION", "the request body must be a JSON object")
    return body


def _package(p: Package) -> dict[str, Any]:
    return {
        "voiceConfigurationPackageId": p.id,
        "name": p.name,
        "description": p.description,
        "httpVoiceV2ApplicationId": p.app_id,
        "createdDate": iso(p.created),
        "lastModifiedDate": iso(p.modified),
    }


def list_packages(backend: Backend, request: Request, args: Args) -> Response:
    return _envelope([_package(p) for p in voice_store.packages(backend.store.conn)])


def get_package(backend: Backend, request: Request, args: Args) -> Response:
    try:
        return _envelope(_package(voice_store.package(backend.store.conn, args["vcpId"])))
    except VoiceError as e:
        return _refusal(e)


def create_package(backend: Backend, request: Request, args: Args) -> Response:
    try:
        body = _body(request)
        with backend.store.write() as conn:
            created = voice_store.create(conn, body, now())
    except VoiceError as e:
        return _refusal(e)
    return _envelope(_package(created), status=201)


def update_package(backend: Backend, request: Request, args: Args) -> Response:
    try:
        body = _body(request)
        with backend.store.write() as conn:
            updated = voice_store.update(conn, args["vcpId"], body, now())
    except VoiceError as e:
        return _refusal(e)
    return _envelope(_package(updated))


def delete_package(backend: Backend, request: Request, args: Args) -> Response:
    try:
        with backend.store.write() as conn:
            voice_store.delete(conn, args["vcpId"])
    except VoiceError as e:
        return _refusal(e)
    return Response(b"", status=204)


def bulk_assign(backend: Backend, request: Request, args: Args) -> Response:
    try:
        body = _body(request)
        with backend.store.write() as conn:
            voice_store.assign(conn, args["vcpId"], body, now())
    except VoiceError as e:
        return _refusal(e)
    return _json(None)


def _limit(raw: str | None) -> int:
    if raw is None:
        return PAGE_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= PAGE_LIMIT:
        raise VoiceError(400, "VALIDATION", f"'limit' must be an integer from 1 to {PAGE_LIMIT}")
    return int(raw)


def voice_numbers(backend: Backend, request: Request, args: Args) -> Response:
    """`GET /v2/accounts/{id}/phoneNumbers/voice[?voiceConfigurationPackageId=][&limit=]`."""
    try:
        limit = _limit(request.args.get("limit"))
        cursor = request.args.get("afterCursor")
        after = voice_store.number_of(cursor) if cursor else None
        found = voice_store.members(
            backend.store.conn, request.args.get("voiceConfigurationPackageId"), after, limit + 1
        )
    except VoiceError as e:
        return _refusal(e)
    page: dict[str, Any] = {"pageSize": limit}
    if len(found) > limit:  # a cursor only when there is more
        found = found[:limit]
        page["afterCursor"] = voice_store.cursor_of(found[-1].number)
    data = [{"phoneNumber": m.number, "voiceConfigurationPackageId": m.package_id} for m in found]
    return _envelope(data, page)
