"""The sandbox's state in SQLite: schema, per-thread connections, the seeded template database.

Building 200,000+ pool rows takes seconds, so a template database is built once per
(seed, pool version, schema version) in a cache directory and copied for every new sandbox.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from numspec.errors import SandboxError

if TYPE_CHECKING:  # the pool is imported only when a template is built
    from numspec.sandbox.records import AvailableNumber

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
ACCOUNT_ID = "9900000"
SITES = tuple(str(1001 + i) for i in range(5))  # each with one default location 2001..2005

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE peers (id TEXT PRIMARY KEY, site_id TEXT NOT NULL, name TEXT NOT NULL,
                    description TEXT NOT NULL, is_default INTEGER NOT NULL);
-- status: Available | Held (on an in-flight order) | Reserved | Inservice | Aging | Taken
CREATE TABLE numbers (
  number TEXT PRIMARY KEY, country TEXT NOT NULL, type TEXT NOT NULL, area_code TEXT,
  city TEXT COLLATE NOCASE, state TEXT, rate_center TEXT COLLATE NOCASE, lata TEXT, zip TEXT,
  tier TEXT NOT NULL, vendor_id TEXT NOT NULL, vendor_name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'Available', hold TEXT, until REAL,
  site_id TEXT, peer_id TEXT, order_id TEXT, in_service REAL, modified REAL
) WITHOUT ROWID;
CREATE TABLE orders (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, kind TEXT NOT NULL,
  customer_order_id TEXT, status TEXT NOT NULL, created REAL NOT NULL,
  processing_at REAL NOT NULL, due REAL NOT NULL, modified REAL NOT NULL, completed REAL,
  site_id TEXT, peer_id TEXT, race_rate REAL NOT NULL DEFAULT 0,
  request TEXT NOT NULL, result TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE reservations (id TEXT PRIMARY KEY, number TEXT NOT NULL, expires REAL NOT NULL);
"""

INDEXES = """
CREATE INDEX n_area ON numbers (status, area_code, number);
CREATE INDEX n_ctype ON numbers (status, country, type, number);
CREATE INDEX n_state_city ON numbers (status, state, city, number);
CREATE INDEX n_state_rc ON numbers (status, state, rate_center, number);
CREATE INDEX n_zip ON numbers (status, zip, number);
CREATE INDEX n_lata ON numbers (status, lata, number);
CREATE INDEX n_site ON numbers (status, site_id, peer_id, number);
CREATE INDEX n_until ON numbers (status, until);
CREATE INDEX o_kind ON orders (kind, seq);
CREATE INDEX o_status ON orders (status, processing_at);
CREATE INDEX o_coid ON orders (customer_order_id);
"""


def cache_dir() -> Path:
    """Return the directory that holds template databases."""
    env = os.environ.get("NUMSPEC_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "numspec"


class CountingConnection(sqlite3.Connection):
    """A connection that remembers listing counts until the database changes.

    A listing page reports the count of everything its filters match; counting 1,000,000 rows
    on every page would make a page cost more as the account grows (docs/sandbox.md).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts: dict[tuple[str, tuple[Any, ...]], tuple[tuple[int, int], int]] = {}

    def version(self) -> tuple[int, int]:
        """Return a value that changes whenever this or any other connection commits."""
        data_version = int(self.execute("PRAGMA data_version").fetchone()[0])
        return self.total_changes, data_version


def connect(path: Path) -> sqlite3.Connection:
    """Open a connection in autocommit mode with WAL and a busy timeout."""
    conn = sqlite3.connect(
        str(path),
        timeout=30.0,
        isolation_level=None,
        check_same_thread=False,
        factory=CountingConnection,
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def _seed_rows(conn: sqlite3.Connection, seed: int, pool_version: int) -> None:
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "seed": str(seed),
        "pool_version": str(pool_version),
        "account_id": ACCOUNT_ID,
        "order_seq": "0",
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    for i, site in enumerate(SITES):
        peer = str(2001 + i)
        conn.execute(
            "INSERT INTO sites VALUES (?, ?, ?)", (site, f"Site {site}", f"Sandbox site {site}")
        )
        conn.execute(
            "INSERT INTO peers VALUES (?, ?, ?, ?, 1)",
            (peer, site, f"Location {peer}", f"Default location of site {site}"),
        )


def _number_row(n: AvailableNumber) -> tuple[Any, ...]:
    return (
        n.number,
        n.country,
        n.type,
        n.area_code,
        n.city,
        n.state,
        n.rate_center,
        n.lata,
        n.zip,
        n.tier,
        n.vendor_id,
        n.vendor_name,
    )


def build_database(
    path: Path, numbers: Iterable[AvailableNumber], *, seed: int, pool_version: int
) -> None:
    """Create a seeded database at `path` (which must not exist) holding `numbers`."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("BEGIN")
        for stmt in SCHEMA.split(";"):
            if stmt.strip():
                conn.execute(stmt)
        _seed_rows(conn, seed, pool_version)
        conn.executemany(
            "INSERT OR IGNORE INTO numbers (number, country, type, area_code, city, state,"
            " rate_center, lata, zip, tier, vendor_id, vendor_name)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (_number_row(n) for n in numbers),
        )
        for stmt in INDEXES.split(";"):
            if stmt.strip():
                conn.execute(stmt)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


# Relative to numspec/sandbox/; the pool spells vanity words with numspec/phone.py's keypad.
POOL_SOURCES = ("pool.py", "geo_*.py", "../phone.py")


def pool_fingerprint() -> str:
    """Return a short hash of the pool's source files and phonenumbers' version.

    POOL_VERSION names deliberate changes; the fingerprint also catches a pool edited without
    bumping it, so a stale template is never reused.
    """
    import phonenumbers

    digest = hashlib.sha256(str(getattr(phonenumbers, "__version__", "")).encode())
    here = Path(__file__).parent
    for pattern in POOL_SOURCES:
        for source in sorted(here.glob(pattern)):
            digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()[:12]


def template_path(seed: int, pool_version: int, scale: int = 1) -> Path:
    """Return where the template for a seed (and pool scale) lives (built or not)."""
    scaled = f"-x{scale}" if scale != 1 else ""  # the default pool keeps its template's name
    name = (
        f"sandbox-template-s{seed}{scaled}-p{pool_version}-{pool_fingerprint()}"
        f"-v{SCHEMA_VERSION}.sqlite3"
    )
    return cache_dir() / name


def ensure_template(seed: int, scale: int = 1) -> Path:
    """Return the template database for `seed` and pool `scale`, building it if needed."""
    try:
        from numspec.sandbox import pool
    except ImportError as e:  # pragma: no cover - the pool module ships with the package
        raise SandboxError(f"the sandbox number pool is unavailable: {e}") from e
    target = template_path(seed, pool.POOL_VERSION, scale)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("building the sandbox template database %s (once per seed)", target)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        build_database(
            Path(tmp), pool.generate_pool(seed, scale), seed=seed, pool_version=pool.POOL_VERSION
        )
        os.replace(tmp, target)  # atomic: concurrent builders each publish a whole file
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
    return target


def prepare_database(db_path: Path, seed: int, scale: int = 1) -> None:
    """Create `db_path` from the template of the seed and pool scale unless it exists."""
    if db_path.exists():
        return
    template = ensure_template(seed, scale)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + ".copying")
    shutil.copyfile(template, tmp)
    os.replace(tmp, db_path)


FRESH_START = "delete it and numspec creates a fresh sandbox there"


def open_error(path: Path, error: sqlite3.Error) -> SandboxError:
    """Return the error for a database that cannot be opened, naming the fix when there is one.

    A file that is not SQLite, is damaged, or lacks the sandbox's tables (another program's
    database) is replaced by deleting it; a locked or unreadable one is not.
    """
    reason = str(error)
    foreign = not isinstance(error, sqlite3.OperationalError) or "no such table" in reason
    if foreign:
        return SandboxError(
            f"the sandbox database {path} is damaged or not numspec's ({reason}); {FRESH_START}"
        )
    return SandboxError(f"cannot open the sandbox database {path}: {reason}")


class Store:
    """Thread-safe access to one sandbox database: one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._free: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            version = self.meta("schema_version")
        except (sqlite3.Error, SandboxError) as e:
            self.close()
            if isinstance(e, SandboxError):
                raise
            raise open_error(path, e) from e
        if version != str(SCHEMA_VERSION):
            self.close()
            raise SandboxError(
                f"the sandbox database {path} belongs to another numspec version (schema "
                f"{version}, this one uses {SCHEMA_VERSION}); {FRESH_START}"
            )

    @property
    def conn(self) -> sqlite3.Connection:
        """Return this thread's connection."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                conn = self._free.pop() if self._free else None
            if conn is None:
                try:
                    conn = connect(self.path)
                except sqlite3.Error as e:
                    raise open_error(self.path, e) from e
                with self._lock:
                    self._all.append(conn)
            self._local.conn = conn
        return conn

    def release(self) -> None:
        """Give this thread's connection back for reuse (the server's threads are short-lived)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            return
        self._local.conn = None
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        with self._lock:
            self._free.append(conn)

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run a write transaction that takes the database's write lock up front."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        """Return a meta value."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def ensure_meta(self, key: str, value: str) -> None:
        """Set a meta value unless it is set already."""
        with self.write() as conn:
            conn.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
            self._free.clear()
        self._local = threading.local()
