"""The ceiling: how fast this machine's SQLite takes the same rows in a plain bulk insert.

Sync cannot store records faster than SQLite can insert them, so every throughput figure of
the benchmark is given as a ratio to this one: the rows (collection, id, version and the very
JSON text the server stores) inserted with one `executemany` into a fresh file table in one
transaction, committed. The best of a few runs is taken, each on a new file.

    >>> import tempfile, pathlib
    >>> rows = [("checks", str(n), 1, '{"a":1}') for n in range(100)]
    >>> bulk_insert_rate(rows, pathlib.Path(tempfile.mkdtemp())) > 0
    True
"""

import sqlite3
import time

TABLE_SQL = (
    "CREATE TABLE records (collection TEXT NOT NULL, id TEXT NOT NULL, version INTEGER, "
    "data TEXT NOT NULL, PRIMARY KEY (collection, id))"
)


def insert_once(rows, path):
    """Seconds to insert `rows` into a new table at `path` in one transaction (committed)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute(TABLE_SQL)
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def bulk_insert_rate(rows, directory, *, runs=3):
    """Rows per second of the best of `runs` bulk inserts into fresh files in `directory`."""
    best = min(insert_once(rows, directory / f"ceiling-{n}.db") for n in range(runs))
    return len(rows) / best
