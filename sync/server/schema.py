"""The sync tables of the office database and its `epoch`.

`ensure_schema(db)` is idempotent: it creates what is missing and never drops anything.
Every synced record lives in `records` (one row per collection and id, its domain fields as
JSON in `data`); `changes` is the change log that pull pages through, one row per bucket and
record (an older row for the same bucket and record is replaced, so the log is compacted the
way CouchDB's by-sequence index is); `memberships` says which buckets hold which record now;
`field_versions` says, per field, the version that last changed it and who wrote it (push
uses it to tell a merge from a conflict). A device's mutation stream belongs to one user:
`devices` (its `last_mutation_id`) and `mutation_results` are keyed by device **and** user,
so no user can read, advance or disturb another user's stream on the same device id.
`notices` is the outbox of the notices record writes raise (`sync.server.notice_outbox`).

    >>> import sqlite_utils
    >>> db = sqlite_utils.Database(memory=True)
    >>> ensure_schema(db)
    >>> len(get_epoch(db))
    36
"""

import uuid

#: The push streams: one per device and user (`sync.server.push`).
DEVICE_STREAMS_SQL = """
CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT,
    last_mutation_id INTEGER NOT NULL DEFAULT 0,
    created_at TEXT,
    last_seen_at TEXT,
    PRIMARY KEY (device_id, user_id)
);
CREATE TABLE IF NOT EXISTS mutation_results (
    device_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (device_id, user_id, mutation_id)
);
"""

#: Unfinished uploads, one per blob and user, and who uploaded each complete blob
#: (migrations reuse it).
BLOB_UPLOAD_TABLES_SQL = """
CREATE TABLE IF NOT EXISTS blob_uploads (
    sha256 TEXT NOT NULL,
    user_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (sha256, user_id)
);
CREATE TABLE IF NOT EXISTS blob_uploaders (
    sha256 TEXT NOT NULL,
    user_id TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (sha256, user_id)
);
"""

#: The notice outbox (`sync.server.notice_outbox`; the server's migration 6 reuses it).
NOTICES_SQL = """
CREATE TABLE IF NOT EXISTS notices (
    id TEXT PRIMARY KEY,
    dedupe_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    office_id TEXT,
    context TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (dedupe_key, channel)
);
CREATE INDEX IF NOT EXISTS notices_ready ON notices (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS notices_record ON notices (collection, record_id);
"""

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_seq INTEGER NOT NULL,
    office_id TEXT,
    parent_id TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS records_parent ON records (collection, parent_id);
CREATE INDEX IF NOT EXISTS records_office ON records (collection, office_id);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('put', 'removed'))
);
CREATE UNIQUE INDEX IF NOT EXISTS changes_bucket_record ON changes (bucket, collection, record_id);
CREATE INDEX IF NOT EXISTS changes_bucket_seq ON changes (bucket, seq);
CREATE TABLE IF NOT EXISTS memberships (
    bucket TEXT NOT NULL,
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (bucket, collection, record_id)
);
CREATE INDEX IF NOT EXISTS memberships_record ON memberships (collection, record_id);
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    complete INTEGER NOT NULL DEFAULT 0,
    content_type TEXT,
    created_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE TABLE IF NOT EXISTS record_blobs (
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    linked_by TEXT,
    counted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, record_id, sha256)
);
CREATE INDEX IF NOT EXISTS record_blobs_hash ON record_blobs (sha256);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT,
    device_id TEXT,
    action TEXT NOT NULL,
    collection TEXT,
    record_id TEXT,
    changes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log (collection, record_id);
CREATE TABLE IF NOT EXISTS field_versions (
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    version INTEGER NOT NULL,
    role TEXT,
    user_id TEXT,
    device_id TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (collection, record_id, field)
);
"""


def ensure_schema(db):
    """Create the sync tables and the epoch if they are missing (safe to call again)."""
    db.conn.executescript(SCHEMA_SQL + DEVICE_STREAMS_SQL + BLOB_UPLOAD_TABLES_SQL + NOTICES_SQL)
    with db.conn:
        db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)", [str(uuid.uuid4())]
        )
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('purged_through_seq', '0')")


def get_epoch(db):
    """The database's epoch: a UUID made when it was created, made anew on a restore."""
    return get_meta(db, "epoch")


def renew_epoch(db):
    """Give the database a new epoch, as after a restore from backup; returns it."""
    epoch = str(uuid.uuid4())
    with db.conn:
        db.execute("UPDATE meta SET value = ? WHERE key = 'epoch'", [epoch])
    return epoch


def get_meta(db, key, default=None):
    """One value of the `meta` table, or `default`."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db, key, value):
    """Set one value of the `meta` table (inside the caller's transaction, if any)."""
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, str(value)],
    )
