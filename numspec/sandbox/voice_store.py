"""Voice configuration packages in the sandbox's database: packages, and which numbers use them.

The tables are created on first use (`ensure`), so databases made before packages existed keep
working. A number belongs to at most one package; only numbers in service count as members.
Nothing here speaks HTTP: `handlers_voice` turns these values into the API's JSON.
"""

from __future__ import annotations

import base64
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from numspec.sandbox.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS voice_packages (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, app_id TEXT,
  created REAL NOT NULL, modified REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS voice_members (
  number TEXT PRIMARY KEY, package_id TEXT NOT NULL, assigned REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vm_package ON voice_members (package_id, number);
"""

# The demo account's packages; the first is the id the examples use.
SEEDED = (
    ("d21315af-9b5b-4b45-a6f4-9106cbfe87d1", "Main voice", "Calls to the main voice application"),
    ("5c0e2b7a-3f41-4d8e-9a62-1b7f0c9d2e45", "Europe voice", "Calls to the European offices"),
)
PAGE_LIMIT = 1000  # the largest `limit` of a numbers listing (docs/voice-packages.md)
BULK_LIMIT = 1000  # the most numbers one bulk assignment takes (docs/voice-packages.md)


@dataclass(frozen=True)
class Package:
    """One voice configuration package."""

    id: str
    name: str
    description: str | None
    app_id: str | None
    created: float
    modified: float


@dataclass(frozen=True)
class Member:
    """A number in service on the account, and its package (None: in none)."""

    number: str
    package_id: str | None


class VoiceError(ValueError):
    """A request the API refuses: its HTTP status, error type and description."""

    def __init__(self, status: int, kind: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.kind = kind
        self.description = description


def ensure(store: Store, now: float) -> None:
    """Create the tables and, once per database, seed the demo account's packages."""
    with store.write() as conn:
        for stmt in SCHEMA.split(";"):
            if stmt.strip():
                conn.execute(stmt)
        seeded = conn.execute("SELECT 1 FROM meta WHERE key = 'voice_seeded'").fetchone()
        if seeded is None:
            conn.executemany(
                "INSERT OR IGNORE INTO voice_packages VALUES (?, ?, ?, NULL, ?, ?)",
                [(pid, name, desc, now + i, now + i) for i, (pid, name, desc) in enumerate(SEEDED)],
            )
            conn.execute("INSERT INTO meta VALUES ('voice_seeded', '1')")


def _package(row: sqlite3.Row) -> Package:
    return Package(
        row["id"], row["name"], row["description"], row["app_id"], row["created"], row["modified"]
    )


def packages(conn: sqlite3.Connection) -> list[Package]:
    """Return every package, oldest first."""
    rows = conn.execute("SELECT * FROM voice_packages ORDER BY created, id").fetchall()
    return [_package(r) for r in rows]


def package(conn: sqlite3.Connection, package_id: str) -> Package:
    """Return one package, or raise VoiceError 404."""
    row = conn.execute("SELECT * FROM voice_packages WHERE id = ?", (package_id,)).fetchone()
    if row is None:
        raise VoiceError(
            404, "NOT_FOUND", f"Voice configuration package {package_id} was not found"
        )
    return _package(row)


def _text(body: Mapping[str, object], key: str, *, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 255:
        raise VoiceError(400, "VALIDATION", f"'{key}' must be a string of 1 to 255 characters")
    return value


def create(conn: sqlite3.Connection, body: Mapping[str, object], now: float) -> Package:
    """Create a package from a create body; `name` is required."""
    name = _text(body, "name", required=True)
    pid = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO voice_packages VALUES (?, ?, ?, ?, ?, ?)",
        (
            pid,
            name,
            _text(body, "description"),
            _text(body, "httpVoiceV2ApplicationId"),
            now,
            now,
        ),
    )
    return package(conn, pid)


UPDATABLE = {"name": "name", "description": "description", "httpVoiceV2ApplicationId": "app_id"}


def update(
    conn: sqlite3.Connection, package_id: str, body: Mapping[str, object], now: float
) -> Package:
    """Change the fields a PATCH body names; the others stay as they are."""
    package(conn, package_id)
    fields = {UPDATABLE[k]: _text(body, k, required=k == "name") for k in body if k in UPDATABLE}
    if not fields:
        raise VoiceError(
            400, "VALIDATION", f"the body names none of {', '.join(sorted(UPDATABLE))}"
        )
    sets = ", ".join(f"{column} = ?" for column in fields)
    conn.execute(
        f"UPDATE voice_packages SET {sets}, modified = ? WHERE id = ?",  # noqa: S608 - fixed names
        (*fields.values(), now, package_id),
    )
    return package(conn, package_id)


def delete(conn: sqlite3.Connection, package_id: str) -> None:
    """Delete a package that no number in service uses."""
    package(conn, package_id)
    used = conn.execute(
        "SELECT COUNT(*) FROM voice_members m JOIN numbers n ON n.number = m.number"
        " WHERE m.package_id = ? AND n.status = 'Inservice'",
        (package_id,),
    ).fetchone()[0]
    if used:
        raise VoiceError(
            409,
            "CONFLICT",
            f"Voice configuration package {package_id} has {used} phone numbers assigned",
        )
    conn.execute("DELETE FROM voice_members WHERE package_id = ?", (package_id,))
    conn.execute("DELETE FROM voice_packages WHERE id = ?", (package_id,))


def assign(
    conn: sqlite3.Connection, package_id: str, body: Mapping[str, object], now: float
) -> None:
    """Apply a bulk body `{"action": "ADD", "phoneNumbers": [...]}`: all of it or none of it.

    Adding a number already in the package changes nothing, so a repeated request is harmless;
    adding a number in another package moves it.
    """
    package(conn, package_id)
    if body.get("action") != "ADD":
        raise VoiceError(400, "VALIDATION", "'action' must be ADD")
    numbers = body.get("phoneNumbers")
    if not isinstance(numbers, list) or not numbers:
        raise VoiceError(400, "VALIDATION", "'phoneNumbers' must be a non-empty list")
    if len(numbers) > BULK_LIMIT:
        raise VoiceError(
            400, "VALIDATION", f"'phoneNumbers' holds {len(numbers)} numbers; at most {BULK_LIMIT}"
        )
    bad = [n for n in numbers if not (isinstance(n, str) and _e164(n))]
    if bad:
        raise VoiceError(400, "VALIDATION", f"not E.164 phone numbers: {_few(map(str, bad))}")
    missing = [n for n in dict.fromkeys(numbers) if not _in_service(conn, n)]
    if missing:
        raise VoiceError(
            400, "VALIDATION", f"phone numbers not in service on the account: {_few(missing)}"
        )
    place(conn, numbers, package_id, now)


def _e164(n: str) -> bool:
    return n.startswith("+") and n[1:].isdigit() and 8 <= len(n) <= 16


def _few(items: Iterable[str], most: int = 10) -> str:
    items = list(items)
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return ", ".join(items[:most]) + more


def _in_service(conn: sqlite3.Connection, number: str) -> bool:
    row = conn.execute("SELECT status FROM numbers WHERE number = ?", (number,)).fetchone()
    return row is not None and row["status"] == "Inservice"


def place(
    conn: sqlite3.Connection, numbers: Sequence[str], package_id: str | None, now: float
) -> None:
    """Put numbers in a package (None: in none). Orders call it as they finish."""
    if (
        package_id is None
        or conn.execute("SELECT 1 FROM voice_packages WHERE id = ?", (package_id,)).fetchone()
        is None
    ):
        conn.executemany("DELETE FROM voice_members WHERE number = ?", [(n,) for n in numbers])
        return
    conn.executemany(
        "INSERT INTO voice_members VALUES (?, ?, ?) ON CONFLICT (number) DO UPDATE SET"
        " package_id = excluded.package_id, assigned = excluded.assigned",
        [(n, package_id, now) for n in numbers],
    )


def release(conn: sqlite3.Connection, numbers: Sequence[str]) -> None:
    """Take disconnected numbers out of their packages."""
    conn.executemany("DELETE FROM voice_members WHERE number = ?", [(n,) for n in numbers])


def cursor_of(number: str) -> str:
    """Return the opaque `afterCursor` that resumes a listing after `number`."""
    return base64.urlsafe_b64encode(number.encode()).decode().rstrip("=")


def number_of(cursor: str) -> str:
    """Read an `afterCursor` back; raise VoiceError 400 when it is not one of ours."""
    try:
        number = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        number = ""
    if not _e164(number):
        raise VoiceError(400, "VALIDATION", "'afterCursor' is not a cursor this API issued")
    return number


def members(
    conn: sqlite3.Connection, package_id: str | None, after: str | None, limit: int
) -> list[Member]:
    """Return up to `limit` numbers in service after `after`, in a package or in any."""
    if package_id is not None:
        package(conn, package_id)
        rows = conn.execute(
            "SELECT m.number, m.package_id FROM voice_members m"
            " JOIN numbers n ON n.number = m.number AND n.status = 'Inservice'"
            " WHERE m.package_id = ? AND m.number > ? ORDER BY m.number LIMIT ?",
            (package_id, after or "", limit),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT n.number, m.package_id FROM numbers n"
            " LEFT JOIN voice_members m ON m.number = n.number"
            " WHERE n.status = 'Inservice' AND n.number > ? ORDER BY n.number LIMIT ?",
            (after or "", limit),
        ).fetchall()
    return [Member(r[0], r[1]) for r in rows]
