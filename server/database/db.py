"""The office database: one SQLite connection (through sqlite-utils) per app context.

`get_db()` hands the app context a connection to the file named by the `DATABASE` setting
the first time it is asked for, keeps it on `flask.g`, and `close_db` gives it back at
teardown — the flaskr pattern, with the connections kept open in a small pool between
requests: opening a connection, and closing the last one (which checkpoints the WAL), cost
more than serving a pull page, and a fresh connection starts its page cache cold. A
connection serves one app context at a time; one left inside a transaction is rolled back
before it is lent again. WAL mode lets the dispatcher pages read while a device's push is
being written.

    >>> db = connect(":memory:")
    >>> db.execute("select 1").fetchone()
    (1,)
"""

import queue
import sqlite3

import sqlite_utils
from flask import current_app, g

#: SQLite page size of a new database file. Records, their audit entries and stored push
#: results are ~2 KB of JSON each; on the default 4 KB pages they spill and split so often
#: that writing them costs about twice as long.
PAGE_SIZE = 16384
#: Page cache per connection (KiB): a push touches a record's row and about ten index pages;
#: up to `POOL_SIZE` idle connections keep theirs, so this bounds the server's memory too.
CACHE_KIB = 32768
#: How long a writer waits for another writer's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000
#: Idle connections kept open between requests: one per Waitress worker thread
#: (`server.serving.THREADS`); more are opened, then closed, while requests overlap.
POOL_SIZE = 4


def connect(path, *, any_thread=False):
    """Open the database at `path` in WAL mode and return a sqlite-utils `Database`.

    `any_thread` lets another thread than the opener use it (the pool lends connections to
    requests on any worker thread) — never two threads at once.
    """
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=not any_thread
    )
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only takes effect on a new file
    if str(path) != ":memory:":
        db.enable_wal()
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    db.execute("PRAGMA temp_store = memory")
    return db


class ConnectionPool:
    """Open connections to one database file, each lent to one app context at a time."""

    def __init__(self, path, size=POOL_SIZE):
        self.path = path
        self.size = size
        self.idle = queue.LifoQueue()  # the connection used last has the warmest cache

    def take(self):
        """An idle connection, or a new one when all are lent."""
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            return connect(self.path, any_thread=True)

    def give_back(self, db):
        """Keep `db` for a later app context (rolled back if a transaction was left open)."""
        if db.conn.in_transaction:
            db.conn.rollback()
        if self.idle.qsize() < self.size:
            self.idle.put(db)
        else:
            db.close()

    def close(self):
        """Close every idle connection."""
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                return


def _pool():
    """The app's pool for its `DATABASE`; None for an in-memory one (a database per context)."""
    path = current_app.config["DATABASE"]
    if str(path) == ":memory:":
        return None
    pools = current_app.extensions.setdefault("verifield.db_pools", {})
    if path not in pools:
        pools[path] = ConnectionPool(path)
    return pools[path]


def get_db():
    """The current app context's database connection (taken on first use)."""
    if "db" not in g:
        pool = _pool()
        g.db = pool.take() if pool else connect(current_app.config["DATABASE"])
        g.db_pool = pool
    return g.db


def close_db(_exc=None):
    """Give the app context's connection back to its pool (or close it), if one was taken."""
    db, pool = g.pop("db", None), g.pop("db_pool", None)
    if db is None:
        return
    if pool is None:
        db.close()
    else:
        pool.give_back(db)


def init_app(app):
    """Register the teardown that gives the connection back."""
    app.teardown_appcontext(close_db)
