"""The office database: one SQLite connection (through sqlite-utils) per app context.

`get_db()` opens the file named by the `DATABASE` setting the first time it is asked for
within an app context, keeps it on `flask.g`, and `close_db` closes it at teardown — the
flaskr pattern. Connections are never shared across threads. WAL mode lets the dispatcher
pages read while a device's push is being written.

    >>> db = connect(":memory:")
    >>> db.execute("select 1").fetchone()
    (1,)
"""

import sqlite3

import sqlite_utils
from flask import current_app, g

#: SQLite page size of a new database file. Records, their audit entries and stored push
#: results are ~2 KB of JSON each; on the default 4 KB pages they spill and split so often
#: that writing them costs about twice as long.
PAGE_SIZE = 16384
#: Page cache per connection (KiB): indexes keyed by random UUIDs are written all over.
CACHE_KIB = 65536
#: How long a writer waits for another writer's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000


def connect(path):
    """Open the database at `path` in WAL mode and return a sqlite-utils `Database`."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only takes effect on a new file
    if str(path) != ":memory:":
        db.enable_wal()
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def get_db():
    """The current app context's database connection (opened on first use)."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc=None):
    """Close the app context's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app):
    """Register the teardown that closes the connection."""
    app.teardown_appcontext(close_db)
