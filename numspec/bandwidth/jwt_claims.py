"""Read the `accounts` claim of an access token (a JWT), to name the accounts it may use.

Bandwidth's access tokens are JWTs whose payload carries `accounts`, an array of account-id
strings (docs/bandwidth-api.md §1, the official CLI's `jwtClaims`). numspec only reads the claim to
explain a refusal; it never trusts it for anything else, so the signature is not checked.
"""

from __future__ import annotations

import base64
import binascii
import json


def accounts(token: str) -> frozenset[str] | None:
    """Return the token's `accounts` claim; None when the token is not a JWT that has one."""
    parts = token.split(".")
    if len(parts) < 2:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        return None
    found = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(found, list):
        return None
    return frozenset(str(a) for a in found)
