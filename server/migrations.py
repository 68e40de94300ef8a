"""Numbered schema migrations of the office database.

`MIGRATIONS` is an ordered list of functions, each taking the sqlite-utils `Database`; the
`schema_migrations` table records which have run, so `migrate(db)` runs only the new ones,
each in its own transaction. Never edit a migration that has shipped: append a new one.

    >>> from server.db import connect
    >>> db = connect(":memory:")
    >>> migrate(db)
    [1]
    >>> migrate(db)
    []
"""

from datetime import UTC, datetime

from sync.server.schema import ensure_schema
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


MIGRATIONS = [_m001_initial]


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


def is_new(db):
    """True when the database has never been migrated (a fresh file)."""
    return not applied(db)
