"""The voice configuration package endpoints: JSON on the API host's root (`/v2/...`).

They share the numbers client's transport (token, rate limit, timeouts, retries, typed errors)
but not its base URL: see `voice_root`. Facts and the choices made where no source settles them
are in docs/voice-packages.md.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote, urlsplit, urlunsplit

from numspec.bandwidth.transport import Call, MaybeSent, Transport
from numspec.errors import ApiError, AuthError, ConfigError, NotFoundError

log = logging.getLogger(__name__)

VOICE_URL_VARIABLE = "BANDWIDTH_VOICE_API_URL"
NUMBERS_PAGE = 1000  # the largest `limit` any source uses on phoneNumbers/voice
# The most numbers one bulk request carries. No source states the API's maximum; 1000 matches
# the listing's page and is what the sandbox accepts (docs/voice-packages.md).
BULK_CHUNK = 1000
MAX_PAGES = 100_000  # a listing that never ends is a server fault, not a long account
JSON = "application/json"


@dataclass(frozen=True)
class VoicePackage:
    """One voice configuration package."""

    id: str
    name: str
    description: str | None = None
    app_id: str | None = None  # httpVoiceV2ApplicationId


@dataclass(frozen=True)
class BulkResult:
    """What a bulk assignment sent, and the numbers whose chunk the API refused or lost."""

    package_id: str
    sent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # one line per failed chunk

    @property
    def ok(self) -> bool:
        return not self.failed


@runtime_checkable
class VoicePackages(Protocol):
    """What plan, apply and export need of voice configuration packages."""

    def list_packages(self) -> list[VoicePackage]:
        """Return every package of the account."""
        ...

    def get_package(self, package_id: str) -> VoicePackage | None:
        """Return a package, or None when the account has no such package."""
        ...

    def iter_package_numbers(self, package_id: str) -> Iterator[str]:
        """Yield the numbers in a package, following every page; NotFoundError if unknown."""
        ...

    def assign(self, package_id: str, numbers: Iterable[str]) -> BulkResult:
        """Put numbers in a package, in chunks; a refused chunk does not stop the others."""
        ...


@runtime_checkable
class HasVoicePackages(Protocol):
    """An API client that also reaches the voice package endpoints."""

    @property
    def voice_packages(self) -> VoicePackages: ...


def voice_root(api_url: str, override: str | None = None) -> str:
    """Return the host root of the JSON endpoints: `override`, else `api_url` without its path."""
    if override:
        parts = urlsplit(override)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"{VOICE_URL_VARIABLE} must be an http(s) URL, e.g. https://api.bandwidth.com"
            )
        if parts.username or parts.password:
            raise ConfigError(f"{VOICE_URL_VARIABLE} must not carry credentials")
        return override.rstrip("/")
    parts = urlsplit(api_url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", "")).rstrip("/")


def voice_override(env: Mapping[str, str]) -> str | None:
    """Return BANDWIDTH_VOICE_API_URL when set (checked by `voice_root`)."""
    return env.get(VOICE_URL_VARIABLE) or None


def _package(data: Mapping[str, Any]) -> VoicePackage:
    pid = data.get("voiceConfigurationPackageId") or data.get("id")
    if not isinstance(pid, str) or not pid:
        raise ApiError("a voice package in the reply has no voiceConfigurationPackageId")
    return VoicePackage(
        id=pid,
        name=str(data.get("name") or ""),
        description=data.get("description") if isinstance(data.get("description"), str) else None,
        app_id=data.get("httpVoiceV2ApplicationId")
        if isinstance(data.get("httpVoiceV2ApplicationId"), str)
        else None,
    )


def _described(e: ApiError) -> ApiError:
    """Return `e` with the type and description of the envelope's first error filled in."""
    if e.code is not None:
        return e
    try:
        body = json.loads(e.body)
        first = body["errors"][0]
        kind, desc = str(first.get("type") or first.get("code") or "error"), first["description"]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return e
    return type(e)(
        e.args[0] if e.args else "the API refused the request",
        method=e.method,
        path=e.path,
        status=e.status,
        code=kind,
        description=str(desc),
        body=e.body,
    )


class VoicePackageClient:
    """The voice package endpoints of one account, over a shared transport; thread-safe."""

    def __init__(self, transport: Transport, root_url: str, account_id: str) -> None:
        self._transport = transport
        self._root = root_url.rstrip("/")
        self._account_id = account_id

    def _url(self, *segments: str) -> str:
        quoted = (quote(s, safe="") for s in ("v2", "accounts", self._account_id, *segments))
        return "/".join([self._root, *quoted])

    def _send(self, call: Call) -> Any:
        try:
            response = self._transport.request(call)
        except MaybeSent as e:  # only a create: the caller lists packages before creating again
            raise _described(e.cause) from e
        except ApiError as e:
            raise _described(e) from e
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError as e:
            raise ApiError(
                "the API answered something that is not JSON",
                method=call.method,
                path=call.path,
                status=response.status_code,
            ) from e

    def _call(self, method: str, *segments: str, body: Any = None, **kw: Any) -> Call:
        data = None if body is None else json.dumps(body).encode()
        return Call(
            method,
            self._url(*segments),
            body=data,
            content_type=JSON,
            headers={"Accept": JSON},
            setting=VOICE_URL_VARIABLE,
            expects="json",
            **kw,
        )

    @staticmethod
    def _data(reply: Any) -> Any:
        return reply.get("data") if isinstance(reply, dict) else reply

    def list_packages(self) -> list[VoicePackage]:
        data = self._data(self._send(self._call("GET", "voiceConfigurationPackages")))
        return [_package(d) for d in data or () if isinstance(d, dict)]

    def get_package(self, package_id: str) -> VoicePackage | None:
        try:
            reply = self._send(self._call("GET", "voiceConfigurationPackages", package_id))
        except NotFoundError:
            return None
        data = self._data(reply)
        return _package(data) if isinstance(data, dict) else None

    def create_package(
        self, name: str, *, description: str | None = None, app_id: str | None = None
    ) -> VoicePackage:
        """Create a package (not retried: a second create would make a second package)."""
        body: dict[str, str] = {"name": name}
        if description is not None:
            body["description"] = description
        if app_id is not None:
            body["httpVoiceV2ApplicationId"] = app_id
        call = self._call("POST", "voiceConfigurationPackages", body=body, idempotent=False)
        return _package(self._data(self._send(call)))

    def update_package(self, package_id: str, **fields: str) -> VoicePackage:
        """Change `name`, `description` or `app_id`; the fields not given stay."""
        names = {"name": "name", "description": "description", "app_id": "httpVoiceV2ApplicationId"}
        body = {names[k]: v for k, v in fields.items()}
        call = self._call("PATCH", "voiceConfigurationPackages", package_id, body=body)
        return _package(self._data(self._send(call)))

    def delete_package(self, package_id: str) -> None:
        self._send(self._call("DELETE", "voiceConfigurationPackages", package_id))

    def iter_package_numbers(self, package_id: str) -> Iterator[str]:
        params = [("voiceConfigurationPackageId", package_id), ("limit", str(NUMBERS_PAGE))]
        yield from self._numbers(params)

    def iter_voice_numbers(self) -> Iterator[tuple[str, str | None]]:
        """Yield (number, package id or None) for every number the account holds."""
        for item in self._items([("limit", str(NUMBERS_PAGE))]):
            package = item.get("voiceConfigurationPackageId")
            yield str(item["phoneNumber"]), package if isinstance(package, str) else None

    def _numbers(self, params: list[tuple[str, str]]) -> Iterator[str]:
        for item in self._items(params):
            yield str(item["phoneNumber"])

    def _items(self, params: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            query = params + ([("afterCursor", cursor)] if cursor else [])
            call = self._call("GET", "phoneNumbers", "voice", params=tuple(query))
            reply = self._send(call)
            data = self._data(reply) or []
            yield from (d for d in data if isinstance(d, dict) and d.get("phoneNumber"))
            page = reply.get("page") if isinstance(reply, dict) else None
            cursor = page.get("afterCursor") if isinstance(page, dict) else None
            if not cursor or not data:
                return
            if cursor in seen:
                raise ApiError(
                    "the voice numbers listing repeated a page cursor", method="GET", path=call.path
                )
            seen.add(cursor)
        raise ApiError(f"the voice numbers listing went on for over {MAX_PAGES} pages")

    def assign(self, package_id: str, numbers: Iterable[str]) -> BulkResult:
        wanted = list(dict.fromkeys(numbers))
        sent: list[str] = []
        failed: list[str] = []
        errors: list[str] = []
        for start in range(0, len(wanted), BULK_CHUNK):
            chunk = wanted[start : start + BULK_CHUNK]
            body = {"action": "ADD", "phoneNumbers": chunk}
            segments = ("voiceConfigurationPackages", package_id, "phoneNumbers", "bulk")
            # ADD is a set operation: repeating it is harmless, so the transport may retry it.
            call = self._call("POST", *segments, body=body, idempotent=True)
            try:
                self._send(call)
            except AuthError:
                raise
            except ApiError as e:
                log.warning("bulk assignment of %d numbers failed: %s", len(chunk), e)
                failed += chunk
                errors.append(str(e))
                continue
            sent += chunk
        return BulkResult(package_id, tuple(sent), tuple(failed), tuple(errors))
