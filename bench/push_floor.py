"""The push floor: how fast SQLite alone takes the rows that the pushed checks left behind.

A pushed check is not one row. The server keeps, in the mutation's transaction, the record,
its change-log row and bucket membership for every bucket it is in, the audit entry (every
field, who, when, from which device), the stored result that answers a duplicate, and its
blob links. This module reads exactly those rows back from the server's database after the
push (copied as stored, JSON text and all) and bulk-inserts them — one `executemany` per
table, one committed transaction, into a fresh file with the server's own schema, pragmas
and indexes. No validation, no judging, no HTTP, no Python per row: push can never be faster,
and its ratio to the plain-insert ceiling bounds the push ratio any implementation can reach.

    >>> import tempfile, pathlib
    >>> directory = pathlib.Path(tempfile.mkdtemp())
    >>> rows = {"audit_log": [("2026-11-27", None, None, "create", "checks", "c1", "{}")]}
    >>> mutation_rate(rows, 1, directory) > 0
    True
"""

import time

from server.database.db import connect
from sync.server.schema import ensure_schema

#: Per table: the columns copied, and how a row is tied to a pushed record or mutation.
TABLES = {
    "records": (
        "collection, id, version, deleted, updated_seq, office_id, parent_id, data, "
        "created_at, updated_at, updated_by",
        "collection = 'checks' AND id IN (SELECT record_id FROM pushed)",
    ),
    "changes": (
        "bucket, collection, record_id, op",
        "collection = 'checks' AND record_id IN (SELECT record_id FROM pushed)",
    ),
    "memberships": (
        "bucket, collection, record_id",
        "collection = 'checks' AND record_id IN (SELECT record_id FROM pushed)",
    ),
    "audit_log": (
        "at, user_id, device_id, action, collection, record_id, changes",
        "collection = 'checks' AND record_id IN (SELECT record_id FROM pushed)",
    ),
    "mutation_results": ("device_id, user_id, mutation_id, result", "device_id = :device"),
    "record_blobs": (
        "collection, record_id, sha256",
        "collection = 'checks' AND record_id IN (SELECT record_id FROM pushed)",
    ),
}


def pushed_rows(database, device_id, record_ids):
    """Table → the rows the server stored for `record_ids` pushed from `device_id`."""
    db = connect(database)
    try:
        db.execute("CREATE TEMP TABLE pushed (record_id TEXT PRIMARY KEY)")
        db.conn.executemany("INSERT INTO pushed VALUES (?)", [(i,) for i in record_ids])
        return {
            table: db.conn.execute(
                f"SELECT {columns} FROM {table} WHERE {where}", {"device": device_id}
            ).fetchall()
            for table, (columns, where) in TABLES.items()
        }
    finally:
        db.close()


def _insert_sql(table, width):
    columns = TABLES[table][0]
    marks = ", ".join("?" for _ in range(width))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


def insert_once(rows, path):
    """Seconds to bulk-insert `rows` (table → rows) into a new database at `path`, committed."""
    db = connect(path)
    try:
        ensure_schema(db)
        started = time.perf_counter()
        db.conn.execute("BEGIN IMMEDIATE")
        for table, table_rows in rows.items():
            if table_rows:
                db.conn.executemany(_insert_sql(table, len(table_rows[0])), table_rows)
        db.conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        db.close()


def mutation_rate(rows, mutations, directory, *, runs=3):
    """Mutations/s: `mutations` over the best of `runs` bulk inserts of their `rows`."""
    best = min(insert_once(rows, directory / f"floor-{n}.sqlite") for n in range(runs))
    return mutations / best
