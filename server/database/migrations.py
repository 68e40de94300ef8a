"""Numbered schema migrations of the office database.

`MIGRATIONS` is an ordered list of functions, each taking the sqlite-utils `Database`; the
`schema_migrations` table records which have run, so `migrate(db)` runs only the new ones,
each in its own transaction. Never edit a migration that has shipped: append a new one.

    >>> from server.database.db import connect
    >>> db = connect(":memory:")
    >>> migrate(db)
    [1, 2, 3, 4, 5, 6, 7, 8]
    >>> migrate(db)
    []
"""

from datetime import UTC, datetime

from sync.server.schema import (
    BLOB_UPLOAD_TABLES_SQL,
    DEVICE_STREAMS_SQL,
    NOTICES_SQL,
    ensure_schema,
)
from sync.transaction import transaction

SERVER_TABLES_SQL = """
CREATE TABLE IF NOT EXISTS accounts (
    user_id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES accounts (user_id),
    device_id TEXT NOT NULL,
    device_name TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS tokens_device ON tokens (device_id);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens (user_id);
CREATE TABLE IF NOT EXISTS login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    remote_addr TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_attempts_key ON login_attempts (username, remote_addr, at);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
"""


def _m001_initial(db):
    """The shared sync tables (with the epoch and `audit_log`), then the server's own tables."""
    ensure_schema(db)
    for statement in SERVER_TABLES_SQL.split(";"):
        if statement.strip():
            db.execute(statement)


DEVICE_PAIRINGS_SQL = """
CREATE TABLE IF NOT EXISTS device_pairings (
    device_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    paired_at TEXT NOT NULL
)
"""


def _m002_device_streams_per_user(db):
    """Key push streams by device and user, every row kept; pair each device with its user.

    A database made before holds one `devices` row per device: the row, and the device's
    stored `mutation_results`, are attributed to that row's user (the last to log in on it),
    who is also the one the device is paired with. A row without a user (none is expected)
    keeps its stream under the empty user id, which no token has.
    """
    with transaction(db):
        if not _streams_keyed_by_user(db):
            _rekey_streams(db)
        db.execute(DEVICE_PAIRINGS_SQL)
        db.execute(
            "INSERT OR IGNORE INTO device_pairings (device_id, user_id, paired_at) "
            "SELECT device_id, user_id, COALESCE(last_seen_at, created_at, ?) FROM devices "
            "WHERE user_id != ''",
            [datetime.now(UTC).isoformat()],
        )


def _streams_keyed_by_user(db):
    columns = {row[1] for row in db.execute("PRAGMA table_info(mutation_results)")}
    return "user_id" in columns


def _rekey_streams(db):
    """Rebuild `devices` and `mutation_results` with the user in their keys, rows kept."""
    db.execute("ALTER TABLE devices RENAME TO devices_per_device")
    db.execute("ALTER TABLE mutation_results RENAME TO mutation_results_per_device")
    for statement in DEVICE_STREAMS_SQL.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(
        "INSERT INTO devices (device_id, user_id, name, last_mutation_id, created_at, "
        "last_seen_at) SELECT device_id, COALESCE(user_id, ''), name, last_mutation_id, "
        "created_at, last_seen_at FROM devices_per_device"
    )
    db.execute(
        "INSERT INTO mutation_results (device_id, user_id, mutation_id, result) "
        "SELECT r.device_id, COALESCE(d.user_id, ''), r.mutation_id, r.result "
        "FROM mutation_results_per_device r LEFT JOIN devices_per_device d USING (device_id)"
    )
    db.execute("DROP TABLE devices_per_device")
    db.execute("DROP TABLE mutation_results_per_device")


def _m003_login_attempts_outlive_a_login(db):
    """Failed logins stay counted per address after a successful login (`cleared` marks the
    ones that no longer count against their username), indexed by address and by time."""
    with transaction(db):
        db.execute("ALTER TABLE login_attempts ADD COLUMN cleared INTEGER NOT NULL DEFAULT 0")
        db.execute(
            "CREATE INDEX IF NOT EXISTS login_attempts_address ON login_attempts (remote_addr, at)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS login_attempts_at ON login_attempts (at)")


def _m004_blob_uploads_per_user(db):
    """Keep unfinished uploads per (blob, user), the users who uploaded each blob, and say
    which record-to-blob links count (`record_blobs.linked_by`, `counted`).

    A database made before keeps its links as they were: a link to a blob held complete
    counts (it opened the blob before); one still waiting for its blob is credited to the
    record's last writer, whose upload will complete the record. Unfinished uploads have
    no known uploader and are dropped: devices ask (`HEAD`: offset 0) and send them again.
    """
    with transaction(db):
        for statement in BLOB_UPLOAD_TABLES_SQL.split(";"):
            db.execute(statement)
        columns = {row[1] for row in db.execute("PRAGMA table_info(record_blobs)")}
        if "counted" in columns:
            return
        db.execute("ALTER TABLE record_blobs ADD COLUMN linked_by TEXT")
        db.execute("ALTER TABLE record_blobs ADD COLUMN counted INTEGER NOT NULL DEFAULT 0")
        db.execute(
            "UPDATE record_blobs SET counted = 1 "
            "WHERE sha256 IN (SELECT sha256 FROM blobs WHERE complete = 1)"
        )
        db.execute(
            "UPDATE record_blobs SET linked_by = (SELECT r.updated_by FROM records r "
            "WHERE r.collection = record_blobs.collection AND r.id = record_blobs.record_id) "
            "WHERE counted = 0"
        )
        db.execute("DELETE FROM blobs WHERE complete = 0")


PLAN_PROPOSALS_SQL = """
CREATE TABLE IF NOT EXISTS plan_proposals (
    id TEXT PRIMARY KEY,
    office_id TEXT NOT NULL,
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    now_seconds INTEGER,
    fingerprint TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL,
    applied_by TEXT,
    applied_at TEXT
)
"""


def _m005_plan_proposals(db):
    """Day plans the planner proposed: kept (server-side, never synced) until a dispatcher
    applies one, with the digest of the records it was made from."""
    with transaction(db):
        db.execute(PLAN_PROPOSALS_SQL)
        db.execute(
            "CREATE INDEX IF NOT EXISTS plan_proposals_office_day ON plan_proposals "
            "(office_id, day)"
        )


def _m006_notice_outbox(db):
    """The notice outbox (`sync.server.notice_outbox`): notices are written in the
    transaction of the change that raises them and sent by the notices worker."""
    with transaction(db):
        for statement in NOTICES_SQL.split(";"):
            if statement.strip():
                db.execute(statement)


PUBLIC_LOOKUP_INDEXES_SQL = """
CREATE INDEX IF NOT EXISTS records_job_application_number ON records
    (upper(json_extract(data, '$.application_number'))) WHERE collection = 'jobs';
CREATE INDEX IF NOT EXISTS records_assignment_date ON records
    (office_id, json_extract(data, '$.date')) WHERE collection = 'assignments'
"""


def _m007_public_lookup_indexes(db):
    """Find a job by its application number (any case) and an office's assignments of a day
    without reading every record: the public lookup and the bulletin board ask both."""
    with transaction(db):
        for statement in PUBLIC_LOOKUP_INDEXES_SQL.split(";"):
            if statement.strip():
                db.execute(statement)


CONSOLE_SESSIONS_SQL = """
CREATE TABLE IF NOT EXISTS console_sessions (
    session_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES accounts (user_id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
)
"""


def _m008_console_sessions(db):
    """Browser sessions of the dispatcher's console: only the SHA-256 of the random id the
    session cookie carries, the user and the session's expiry."""
    with transaction(db):
        db.execute(CONSOLE_SESSIONS_SQL)
        db.execute("CREATE INDEX IF NOT EXISTS console_sessions_user ON console_sessions (user_id)")


MIGRATIONS = [
    _m001_initial,
    _m002_device_streams_per_user,
    _m003_login_attempts_outlive_a_login,
    _m004_blob_uploads_per_user,
    _m005_plan_proposals,
    _m006_notice_outbox,
    _m007_public_lookup_indexes,
    _m008_console_sessions,
]


def applied(db):
    """The numbers of the migrations that have already run."""
    if "schema_migrations" not in db.table_names():
        return set()
    return {row[0] for row in db.execute("SELECT number FROM schema_migrations")}


def migrate(db):
    """Run every migration that has not run yet; return the numbers that ran."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = applied(db)
    ran = []
    for number, migration in enumerate(MIGRATIONS, start=1):
        if number in done:
            continue
        migration(db)
        with transaction(db):
            db.execute(
                "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)",
                [number, migration.__name__, datetime.now(UTC).isoformat()],
            )
        ran.append(number)
    return ran
