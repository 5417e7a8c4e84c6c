"""Turn search Criteria into SQL over the numbers table and run it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from numspec.phone import keypad_digits
from numspec.sandbox.records import AvailableNumber, available_from_row
from numspec.sandbox.search import Criteria

COLUMNS = (
    "number, country, type, area_code, city, state, rate_center, lata, zip, tier, vendor_id,"
    " vendor_name"
)

Where = tuple[list[str], list[Any]]


def _prefix(clauses: list[str], args: list[Any], prefix: str) -> None:
    clauses.append("number >= ? AND number < ?")
    args += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]


def _tollfree_npa(pattern: str) -> str | None:
    """`83*` means 833 (the third digit repeats the second); `8**` means every 8xx."""
    second = pattern[1]
    return None if second == "*" else "8" + second + second


def _where_location(c: Criteria, clauses: list[str], args: list[Any]) -> None:
    for column, value in (
        ("area_code", c.area_code),
        ("state", c.state),
        ("city", c.city),
        ("rate_center", c.rate_center),
        ("zip", c.zip),
        ("lata", c.lata),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            args.append(value)
    if c.npa_nxx:
        _prefix(clauses, args, "+1" + c.npa_nxx)
    if c.npa_nxxx:
        _prefix(clauses, args, "+1" + c.npa_nxxx)


def _where_vanity(c: Criteria, clauses: list[str], args: list[Any]) -> None:
    if c.local_vanity:
        glob = keypad_digits(c.local_vanity).replace("_", "?")
        clauses.append("substr(number, 6) GLOB ?")
        args.append(("*" + glob) if c.ends_in else ("*" + glob + "*"))
    if c.tf_vanity:
        digits = keypad_digits(c.tf_vanity)
        clauses.append("type = 'TOLL_FREE'")
        clauses.append("substr(number, 6) GLOB ?" if len(digits) <= 7 else "number GLOB ?")
        args.append(("*" + digits + "*") if len(digits) <= 7 else ("*" + digits))
    if c.tf_wildcard:
        clauses.append("type = 'TOLL_FREE'")
        npa = _tollfree_npa(c.tf_wildcard)
        if npa:
            _prefix(clauses, args, "+1" + npa)


def where(c: Criteria, denied: Iterable[tuple[str, str]] = ()) -> Where:
    """Return SQL conditions (joined with AND) and their arguments for available numbers."""
    clauses = ["status = 'Available'"]
    args: list[Any] = []
    if len(c.countries) == 1:
        clauses.append("country = ?")
    else:
        clauses.append(f"country IN ({','.join('?' * len(c.countries))})")
    args += list(c.countries)
    if c.type:
        clauses.append("type = ?")
        args.append(c.type)
    _where_location(c, clauses, args)
    _where_vanity(c, clauses, args)
    for country, kind in denied:
        clauses.append("NOT (country = ? AND type = ?)")
        args += [country, kind]
    return clauses, args


def find(
    conn: sqlite3.Connection,
    c: Criteria,
    denied: Iterable[tuple[str, str]] = (),
    limit: int | None = None,
) -> list[AvailableNumber]:
    """Return available numbers matching `c`, exact matches first, then the LCA's."""
    if c.protected == "ONLY":  # the sandbox's pool holds no protected numbers
        return []
    denied = list(denied)
    limit = c.quantity if limit is None else limit
    clauses, args = where(c, denied)
    sql = f"SELECT {COLUMNS} FROM numbers WHERE {' AND '.join(clauses)} ORDER BY number LIMIT ?"
    rows = conn.execute(sql, [*args, limit]).fetchall()
    if c.lca and len(rows) < limit:
        rows += _local_calling_area(conn, c, denied, limit - len(rows), clauses, args)
    return [available_from_row(r) for r in rows]


def _local_calling_area(
    conn: sqlite3.Connection,
    c: Criteria,
    denied: list[tuple[str, str]],
    limit: int,
    exact: list[str],
    exact_args: list[Any],
) -> list[sqlite3.Row]:
    """The sandbox's LCA: other rate centres of the same state and LATA (docs/sandbox.md)."""
    probe_clauses, probe_args = where(c, denied)
    probe_clauses[0] = "1 = 1"  # any status: the area exists even when nothing is left in it
    row = conn.execute(
        f"SELECT state, lata FROM numbers WHERE {' AND '.join(probe_clauses)} LIMIT 1", probe_args
    ).fetchone()
    if row is None or row["lata"] is None:
        return []
    base = Criteria(countries=c.countries, type=c.type, state=row["state"], lata=row["lata"])
    clauses, args = where(base, denied)
    clauses.append(f"NOT ({' AND '.join(exact[1:])})")
    sql = f"SELECT {COLUMNS} FROM numbers WHERE {' AND '.join(clauses)} ORDER BY number LIMIT ?"
    return conn.execute(sql, [*args, *exact_args, limit]).fetchall()
