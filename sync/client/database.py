"""The replica's SQLite file: how it is opened, stored JSON, and its numbered migrations.

`MIGRATIONS` is an ordered list of functions, each taking the sqlite-utils `Database`; the
`schema_migrations` table records which have run, so `migrate(db)` runs only the new ones,
each in its own transaction together with the row that records it. Drafts and the outbox
must survive every app upgrade: a migration keeps every row, and one that has shipped is
never edited — a change of the tables is a new migration at the end.

A file made before migrations were numbered has no `schema_migrations`: the first migration
leaves its tables as they are (`IF NOT EXISTS`) and the later ones bring them up to date.

The tables and the module that owns each (all SQL on a table is in its module):
`records` (`sync.client.records`), `outbox` (`sync.client.outbox`), `blobs`
(`sync.client.blobs`), `notices` (`sync.client.notices`), `meta` (`sync.client.meta`).
Writes go through `sync.transaction.transaction(db)` (BEGIN IMMEDIATE, then savepoints)
with plain SQL inside: sqlite-utils table methods commit on their own.

    >>> db = connect(":memory:")
    >>> migrate(db)
    [1, 2, 3]
    >>> migrate(db)
    []
"""

import sqlite3
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

import orjson
import sqlite_utils

from sync.transaction import transaction

PAGE_SIZE = 16384


def connect(path):
    """A sqlite-utils `Database` on the replica file: WAL, explicit transactions, busy timeout.

    A new file gets `PAGE_SIZE` pages: records are ~2 KB of JSON, which on SQLite's default
    4 KB pages spill and split so much that storing a pulled page costs about twice as long.

    Every commit is synced to storage (`synchronous = full`): a saved check must survive the
    tablet losing power, not only the app being killed. Only pulled pages, which the server
    can always send again, are committed without a sync (`relaxed_durability`).
    """
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only takes effect on a new file
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = full")
    return sqlite_utils.Database(conn)


@contextmanager
def relaxed_durability(db):
    """Commit the block's transactions without syncing the WAL (power loss may undo them).

    Only for data that can be fetched again together with its cursor, such as a pulled page:
    the next synced commit makes them durable too.
    """
    db.execute("PRAGMA synchronous = normal")
    try:
        yield db
    finally:
        db.execute("PRAGMA synchronous = full")


def dumps(obj):
    """Compact JSON text (UTF-8, keys sorted) for a stored column."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS).decode("utf-8")


# The tables as the first release of the app made them. Never edit: append a migration.
FIRST_TABLES_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS records (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    server_data TEXT,
    server_deleted INTEGER NOT NULL DEFAULT 0,
    purge_pending INTEGER NOT NULL DEFAULT 0,
    stale INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, id)
);
CREATE TABLE IF NOT EXISTS outbox (
    mutation_id INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    base_version INTEGER,
    fields TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'rejected', 'acked', 'superseded')),
    error TEXT,
    acked_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_record ON outbox (collection, record_id, state);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, mutation_id);
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('rejected', 'conflict', 'blob')),
    collection TEXT,
    record_id TEXT,
    mutation_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'uploaded', 'failed')),
    error TEXT
)
"""


def _m001_first_tables(db):
    """The first release's tables, this device's id and its first mutation id."""
    for statement in FIRST_TABLES_SQL.split(";"):
        db.execute(statement)
    db.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)", [str(uuid.uuid4())]
    )
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('next_mutation_id', '1')")


def _m002_server_copy_stored_once(db):
    """`records.server_same`: the visible copy is also the server's (its text kept once).

    Existing rows keep their `server_data` and get 0 (the server copy is in `server_data`).
    A file made before numbered migrations may have the column already.
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(records)")}
    if "server_same" not in columns:
        db.execute("ALTER TABLE records ADD COLUMN server_same INTEGER NOT NULL DEFAULT 0")


BLOBS_WITH_MISSING_SQL = """
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'uploaded', 'missing', 'failed')),
    error TEXT
)
"""


def _m003_blob_state_missing(db):
    """Blobs may be `missing` (the server lost one: send it again); every row is kept.

    SQLite cannot change a CHECK in place: the table is rebuilt (also in a file made before
    numbered migrations that allowed the state already: the rebuild changes nothing there).
    """
    db.execute("ALTER TABLE blobs RENAME TO blobs_before_missing")
    db.execute(BLOBS_WITH_MISSING_SQL)
    db.execute(
        "INSERT INTO blobs (sha256, path, size, state, error) "
        "SELECT sha256, path, size, state, error FROM blobs_before_missing"
    )
    db.execute("DROP TABLE blobs_before_missing")


MIGRATIONS = [
    _m001_first_tables,
    _m002_server_copy_stored_once,
    _m003_blob_state_missing,
]

MIGRATIONS_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def applied(db):
    """The numbers of the migrations that have already run on this file."""
    return {row[0] for row in db.execute("SELECT number FROM schema_migrations")}


def migrate(db):
    """Run every migration that has not run yet, each in its own transaction with its record;
    return the numbers that ran (a second replica opening the file meanwhile skips them)."""
    db.execute(MIGRATIONS_TABLE_SQL)
    ran = []
    for number, migration in enumerate(MIGRATIONS, start=1):
        with transaction(db):
            if number in applied(db):
                continue
            migration(db)
            db.execute(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)",
                [number, migration.__name__, datetime.now(UTC).isoformat(timespec="seconds")],
            )
        ran.append(number)
    return ran
