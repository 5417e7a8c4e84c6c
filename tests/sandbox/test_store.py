"""The seeded database: built once per seed into the cache, copied for every new sandbox."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from numspec.errors import SandboxError
from numspec.sandbox.store import Store, ensure_template, prepare_database, template_path


def test_the_template_is_built_once_and_new_databases_are_quick_copies(tmp_path: Path) -> None:
    template = ensure_template(0)
    stamp = template.stat().st_mtime_ns
    start = time.perf_counter()
    prepare_database(tmp_path / "a.sqlite3", 0)
    assert time.perf_counter() - start < 1.0
    assert ensure_template(0).stat().st_mtime_ns == stamp
    conn = sqlite3.connect(tmp_path / "a.sqlite3")
    available = conn.execute("SELECT COUNT(*) FROM numbers WHERE status = 'Available'")
    assert available.fetchone()[0] >= 150_000
    assert conn.execute("SELECT COUNT(*) FROM sites").fetchone()[0] == 5
    conn.close()


def test_an_existing_database_is_kept_as_it_is(tmp_path: Path) -> None:
    db = tmp_path / "kept.sqlite3"
    prepare_database(db, 0)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '41' WHERE key = 'order_seq'")
    conn.commit()
    conn.close()
    prepare_database(db, 0)
    assert Store(db).meta("order_seq") == "41"


def test_a_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    prepare_database(db, 0)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(SandboxError, match="schema"):
        Store(db)


def test_a_scaled_pool_has_its_own_template_and_the_default_keeps_its_name() -> None:
    default = template_path(0, 2)
    assert template_path(0, 2, 1) == default
    assert "-x" not in default.name
    assert template_path(0, 2, 7) != default
    assert "-x7-" in template_path(0, 2, 7).name
