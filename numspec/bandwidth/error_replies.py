"""Reading Bandwidth's error shapes out of a reply, and keeping secrets out of logs.

Error shapes the API uses (docs/bandwidth-api.md §2-§5): `ErrorList/Error/{Code,Description}`,
`SearchResult/Error/{Code,Description}`, `ResponseStatus/{ErrorCode,Description}`, and from the
token endpoint JSON `{"error", "error_description"}`.
"""

from __future__ import annotations

import json

from numspec import redaction
from numspec.bandwidth.error_codes import classify
from numspec.bandwidth.xmlio import Element, XmlError, child, local, parse_xml, text
from numspec.errors import ApiError


def redact(body: str, *secrets: str) -> str:
    """Return a body with tokens, credentials and any of `secrets` replaced by `***`."""
    return redaction.redact(body, *secrets)


def error_of_xml(root: Element | None) -> tuple[str | None, str | None]:
    """Return the first (code, description) in any documented XML error shape."""
    if root is None:
        return None, None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = local(el.tag)
        if name in ("Error", "Errors") and child(el, "Code") is not None:  # Errors: moveTns
            return text(el, "Code"), text(el, "Description")
        if name == "ResponseStatus":
            code = text(el, "ErrorCode")
            if code is not None or text(el, "Description") is not None:
                return code, text(el, "Description")
    return None, None


def error_of_body(body: bytes) -> tuple[str | None, str | None]:
    """Return (code, description) from an XML or JSON error body; (None, None) if none."""
    stripped = body.strip()
    if not stripped:
        return None, None
    if stripped.startswith(b"{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            return None, None
        if isinstance(data, dict):
            code = data.get("error") or data.get("code")
            desc = data.get("error_description") or data.get("description")
            return (str(code) if code else None), (str(desc) if desc else None)
        return None, None
    try:
        return error_of_xml(parse_xml(stripped))
    except XmlError:
        return None, None


def reply_error(method: str, path: str, status: int, root: Element | None) -> ApiError:
    """Return the error an error shape inside a 2xx reply stands for."""
    code, description = error_of_xml(root)
    return classify(
        ApiError(
            "the API refused the request",
            method=method,
            path=path,
            status=status,
            code=code,
            description=redact(description) if description is not None else None,
        )
    )
