"""The replica's copies of records: the server's copy, the visible copy, re-basing and purging.

The visible copy (`records.data`) is always derived the same way: the last acknowledged server
copy (`server_data`), then every unsettled mutation of the record (pending, or rejected and not
yet fixed) in `mutation_id` order. So an edit the server has not acknowledged stays visible
whatever is pulled meanwhile, and the server's copy is never lost under it.
All functions run inside the caller's transaction.
"""

import orjson

from sync.client.lost_blobs import mark_lost_blobs

ENVELOPE = ("version", "deleted", "updated_seq")
UNSETTLED = ("pending", "rejected")


def dumps(obj):
    """Compact JSON text (UTF-8, keys sorted) for a stored column."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def domain_fields(record):
    """A server record without its sync envelope."""
    return {key: value for key, value in record.items() if key not in ENVELOPE}


def load_row(db, collection, record_id):
    """The stored row of a record as a dict, or None."""
    cursor = db.execute(
        "SELECT * FROM records WHERE collection = ? AND id = ?", [collection, record_id]
    )
    row = cursor.fetchone()
    return None if row is None else dict(zip([c[0] for c in cursor.description], row, strict=True))


def unsettled_mutations(db, collection, record_id, states=UNSETTLED):
    """The record's mutations in the given states, oldest first: [(op, fields), ...]."""
    marks = ",".join("?" for _ in states)
    rows = db.execute(
        f"SELECT op, fields FROM outbox WHERE collection = ? AND record_id = ? "
        f"AND state IN ({marks}) ORDER BY mutation_id",
        [collection, record_id, *states],
    ).fetchall()
    return [(op, orjson.loads(fields)) for op, fields in rows]


def has_pending(db, collection, record_id):
    """True while the record has a mutation the server has not answered."""
    return bool(unsettled_mutations(db, collection, record_id, ("pending",)))


#: SQL for a row's server copy as text: `data` stands for it while `server_same` is set.
SERVER_TEXT = "(CASE WHEN server_same = 1 THEN data ELSE server_data END)"


def server_copy(row):
    """The last acknowledged server copy of a stored row (a dict), or None."""
    text = row["data"] if row["server_same"] else row["server_data"]
    return None if text is None else orjson.loads(text)


def ensure_row(db, collection, record_id, *, purge_pending=False):
    """Make sure the record has a row (an empty one for a record the server has not seen)."""
    db.execute(
        "INSERT OR IGNORE INTO records (collection, id, data, purge_pending) VALUES (?, ?, ?, ?)",
        [collection, record_id, dumps({"id": record_id}), int(purge_pending)],
    )


def rebase(db, collection, record_id):
    """Recompute the visible copy from the server copy and the unsettled mutations.

    A record with neither a server copy nor unsettled mutations has nothing to show: its
    row is deleted.
    """
    row = load_row(db, collection, record_id)
    if row is None:
        return
    data = server_copy(row)
    deleted = bool(row["server_deleted"])
    mutations = unsettled_mutations(db, collection, record_id)
    if data is None and not mutations:
        db.execute("DELETE FROM records WHERE collection = ? AND id = ?", [collection, record_id])
        return
    for op, fields in mutations:
        if op == "delete":
            deleted = True
        else:
            data = {**(data or {}), **fields}
            deleted = deleted and op != "create"
    db.execute(
        "UPDATE records SET server_data = " + SERVER_TEXT + ", server_same = 0, data = ?, "
        "deleted = ? WHERE collection = ? AND id = ?",
        [dumps({**(data or {}), "id": record_id}), int(deleted), collection, record_id],
    )


# The server copy of a record without unsettled edits is also its visible copy: one text,
# one statement (as for pulled pages); `purge_pending` is kept for the caller to act on.
SERVER_COPY_ONLY_SQL = (
    "INSERT INTO records (collection, id, version, deleted, data, server_data, server_same, "
    "server_deleted, stale) VALUES (?, ?, ?, ?, ?, NULL, 1, ?, 0) "
    "ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, "
    "deleted = excluded.deleted, data = excluded.data, server_data = NULL, server_same = 1, "
    "server_deleted = excluded.server_deleted, stale = 0"
)


def store_server_copy(db, collection, record_id, record):
    """Keep `record` (a server record with its envelope) as the acknowledged copy, then re-base.

    A copy flagged `incomplete` marks the blobs it names that were sent as lost (`lost_blobs`).
    """
    if record.get("incomplete"):
        mark_lost_blobs(db, dumps(record))
    if not unsettled_mutations(db, collection, record_id):
        text = dumps({**domain_fields(record), "id": record_id})
        deleted = int(bool(record.get("deleted")))
        params = [collection, record_id, record.get("version"), deleted, text, deleted]
        db.execute(SERVER_COPY_ONLY_SQL, params)
        return
    ensure_row(db, collection, record_id)
    db.execute(
        "UPDATE records SET server_data = ?, server_same = 0, version = ?, server_deleted = ?, "
        "stale = 0 "
        "WHERE collection = ? AND id = ?",
        [
            dumps({**domain_fields(record), "id": record_id}),
            record.get("version"),
            int(bool(record.get("deleted"))),
            collection,
            record_id,
        ],
    )
    rebase(db, collection, record_id)


def purge(db, collection, record_id):
    """Forget a record the device may no longer see; its rejected edits stay in the notices."""
    db.execute("DELETE FROM records WHERE collection = ? AND id = ?", [collection, record_id])
    db.execute(
        "UPDATE outbox SET state = 'superseded' WHERE collection = ? AND record_id = ? "
        "AND state = 'rejected'",
        [collection, record_id],
    )


def purge_or_defer(db, collection, record_id):
    """Purge now, or — while edits are still to be pushed — mark it to purge after the push."""
    if has_pending(db, collection, record_id):
        db.execute(
            "UPDATE records SET purge_pending = 1, stale = 0 WHERE collection = ? AND id = ?",
            [collection, record_id],
        )
        return False
    purge(db, collection, record_id)
    return True


def purge_if_due(db, collection, record_id):
    """After a push: purge a record that was removed while its edits were pending."""
    row = load_row(db, collection, record_id)
    if row is not None and row["purge_pending"] and not has_pending(db, collection, record_id):
        purge(db, collection, record_id)
