"""Transactions that nest, for both halves of sync: the outermost opens `BEGIN IMMEDIATE`,
inner ones are savepoints.

Python's `with conn:` commits on exit even when an outer block meant to hold the transaction
open, and sqlite-utils' table methods use it; so every multi-statement write of the sync
server half runs in `transaction(db)` and uses plain SQL inside it. A push can then record a
mutation's effect and the device's `last_mutation_id` in one commit.

    >>> import sqlite_utils
    >>> db = sqlite_utils.Database(memory=True)
    >>> with transaction(db):
    ...     _ = db.execute("CREATE TABLE t (x)")
    ...     with transaction(db):
    ...         _ = db.execute("INSERT INTO t VALUES (1)")
    >>> db.execute("SELECT count(*) FROM t").fetchone()[0]
    1
"""

from contextlib import contextmanager

# One name for every savepoint: blocks nest strictly, and SQLite's ROLLBACK TO and RELEASE
# act on the innermost savepoint of a name — while the same three statement texts stay in
# the connection's statement cache instead of being prepared anew for every block.
SAVEPOINT = "sync_block"


@contextmanager
def transaction(db):
    """Run the block atomically; nested blocks roll back alone on error (savepoints)."""
    conn = db.conn
    if conn.in_transaction:
        conn.execute(f"SAVEPOINT {SAVEPOINT}")
        try:
            yield db
        except BaseException:
            conn.execute(f"ROLLBACK TO {SAVEPOINT}")
            conn.execute(f"RELEASE {SAVEPOINT}")
            raise
        conn.execute(f"RELEASE {SAVEPOINT}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def joined_transaction(db):
    """Run the block in the transaction already open, or in a new one when none is.

    Unlike `transaction`, no savepoint is made inside an open transaction: a failure in the
    block is undone by the caller's block rolling back. For writers whose callers all let an
    error end their own block (e.g. `write_record`): a savepoint makes SQLite copy every page
    the block changes once more.
    """
    if db.conn.in_transaction:
        yield db
        return
    with transaction(db):
        yield db


@contextmanager
def read_snapshot(db):
    """Run reads against one snapshot (a deferred transaction), unless one is already open."""
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN")
    try:
        yield db
    finally:
        conn.execute("COMMIT")
