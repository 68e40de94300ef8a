"""The tables of the tablet's replica, its connection set-up and its transactions.

- `records`: one row per synced record: `server_data` is the last copy the server
  acknowledged (with its `version`), `data` is what the app shows — `server_data` with the
  edits the server has not acknowledged yet laid on top.
- `outbox`: every local edit as a mutation, `mutation_id` gapless per device, with its `state`:
  `pending` (to push), `rejected` (refused; visible with its `error` until fixed),
  `acked` (acknowledged; kept for the retention window so a server restored from an older
  backup can be given them again), `superseded` (folded into a later save or purged).
- `meta`: `device_id`, `user_id` (the one user the replica belongs to, set on first login),
  `next_mutation_id`, `cursor`, `epoch`, `last_success_at`,
  `full_resync` (a re-pull from scratch is under way), `position_unknown` (the server may
  have lost acknowledged mutations: ask it where it stands before trusting the outbox).
- `notices`: rejected and conflicting mutations, refused blobs — for people to review.
- `blobs`: attachments stored on the device and whether the server has them (`pending`,
  `uploaded`, `missing` — the server lost it: send it again, see `lost_blobs` — or
  `failed`, refused for good).

Writes go through `transaction(db)` (BEGIN IMMEDIATE, then savepoints) with plain SQL inside:
sqlite-utils table methods commit on their own and would break the transaction open around them.
"""

import sqlite3
import uuid
from contextlib import contextmanager

import sqlite_utils

from sync.transaction import transaction

PAGE_SIZE = 16384
SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS records (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    server_data TEXT,
    server_same INTEGER NOT NULL DEFAULT 0,
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
"""
BLOBS_SQL = """
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'uploaded', 'missing', 'failed')),
    error TEXT
)
"""


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


def ensure_schema(db):
    """Create the replica's tables and its device id if they are missing (safe to call again)."""
    db.conn.executescript(SCHEMA_SQL)
    with transaction(db):
        _ensure_blobs_table(db)
        db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)", [str(uuid.uuid4())]
        )
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('next_mutation_id', '1')")


def _ensure_blobs_table(db):
    """Create `blobs`, or rebuild one made before the `missing` state with its rows kept."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'blobs'")
    made = row.fetchone()
    if made and "'missing'" in made[0]:
        return
    if made:
        db.execute("ALTER TABLE blobs RENAME TO blobs_before_missing")
    db.execute(BLOBS_SQL)
    if made:
        db.execute(
            "INSERT INTO blobs SELECT sha256, path, size, state, error FROM blobs_before_missing"
        )
        db.execute("DROP TABLE blobs_before_missing")


def get_meta(db, key, default=None):
    """One value of `meta`, or `default`."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return default if row is None or row[0] is None else row[0]


def set_meta(db, key, value):
    """Set (or, with None, clear) one value of `meta`, inside the caller's transaction."""
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, None if value is None else str(value)],
    )
