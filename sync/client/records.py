"""`records`: the replica's copies of records — the server's copy and the visible copy. All SQL
on `records` is here.

One row per record: `server_data` is the last copy the server acknowledged (with its
`version`), `data` what the app shows. While the two are the same the text is kept once, in
`data`, with `server_same` set. The visible copy is always derived the same way: the server
copy, then every unsettled mutation of the record (pending, or rejected and not yet fixed) in
`mutation_id` order (`rebase`). So an edit the server has not acknowledged stays visible
whatever is pulled meanwhile, and the server's copy is never lost under it. `stale` marks a
record a full re-pull has not sent again yet; `purge_pending` one to purge once its edits are
pushed. Functions run inside the caller's transaction.
"""

import orjson

from domain.records import ENVELOPE
from sync.client.blobs import flagged_incomplete, mark_lost
from sync.client.database import dumps
from sync.client.outbox import has_pending, supersede_rejected, unsettled_mutations

ENVELOPE_KEYS = frozenset(ENVELOPE)
KEY = "WHERE collection = ? AND id = ?"
#: SQL for a row's server copy as text: `data` stands for it while `server_same` is set.
SERVER_TEXT = "(CASE WHEN server_same = 1 THEN data ELSE server_data END)"
# A job's results hang off it and leave a device with it (the server's job scope does the
# same); listing them here also catches results this device pushed after the job was
# reassigned, which were never in its buckets and so never come back as `removed`.
JOB_CHILDREN = ("assignments", "checks", "accident_visits", "firm_visits")


def domain_fields(record):
    """A server record without its sync envelope."""
    return {key: value for key, value in record.items() if key not in ENVELOPE}


def stored_form(data, record_id):
    """The record's domain fields with its id, as stored — without copying when it already is."""
    if data.get("id") == record_id and not data.keys() & ENVELOPE_KEYS:
        return data
    return {**domain_fields(data), "id": record_id}


# --- reading --------------------------------------------------------------------------


def load_row(db, collection, record_id):
    """The stored row of a record as a dict, or None."""
    cursor = db.execute(f"SELECT * FROM records {KEY}", [collection, record_id])
    row = cursor.fetchone()
    return None if row is None else dict(zip([c[0] for c in cursor.description], row, strict=True))


def server_copy(row):
    """The last acknowledged server copy of a stored row (a dict), or None."""
    text = row["data"] if row["server_same"] else row["server_data"]
    return None if text is None else orjson.loads(text)


def visible(db, collection, record_id):
    """The visible copy (pending edits applied) with `version` and `deleted`, or None."""
    row = load_row(db, collection, record_id)
    if row is None:
        return None
    return {**orjson.loads(row["data"]), "version": row["version"], "deleted": bool(row["deleted"])}


def query(db, collection, *, where=None, include_deleted=False):
    """Visible records of a collection whose fields equal `where` (field → value), by id."""
    clauses, params = ["collection = ?"], [collection]
    if not include_deleted:
        clauses.append("deleted = 0")
    for field, value in (where or {}).items():
        if not field.isidentifier():
            raise ValueError(f"not a field name: {field!r}")
        clauses.append(f"json_extract(data, '$.{field}') = ?")
        params.append(value)
    rows = db.execute(
        f"SELECT data, version, deleted FROM records WHERE {' AND '.join(clauses)} ORDER BY id",
        params,
    ).fetchall()
    return [{**orjson.loads(d), "version": v, "deleted": bool(x)} for d, v, x in rows]


def children_by_job(db):
    """`{job id: [(collection, id), ...]}` of every live record on the device that hangs off
    a job (one read: the job list summarises thousands of results with it)."""
    marks = ",".join("?" for _ in JOB_CHILDREN)
    rows = db.execute(
        f"SELECT json_extract(data, '$.job_id'), collection, id FROM records "
        f"WHERE collection IN ({marks}) AND deleted = 0 ORDER BY id",
        list(JOB_CHILDREN),
    ).fetchall()
    found = {}
    for job_id, collection, record_id in rows:
        found.setdefault(job_id, []).append((collection, record_id))
    return found


def freshness(db, collection, record_id):
    """`(version, stale, purge_pending)` of a stored record, or None."""
    sql = f"SELECT version, stale, purge_pending FROM records {KEY}"
    return db.execute(sql, [collection, record_id]).fetchone()


def job_children(db, job_id):
    """The (collection, id) of the records on the device that hang off a job."""
    marks = ",".join("?" for _ in JOB_CHILDREN)
    rows = db.execute(
        f"SELECT collection, id FROM records WHERE collection IN ({marks}) "
        "AND json_extract(data, '$.job_id') = ?",
        [*JOB_CHILDREN, job_id],
    ).fetchall()
    return [tuple(row) for row in rows]


# --- the visible copy -----------------------------------------------------------------


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
        db.execute(f"DELETE FROM records {KEY}", [collection, record_id])
        return
    for op, fields in mutations:
        if op == "delete":
            deleted = True
        else:
            data = {**(data or {}), **fields}
            deleted = deleted and op != "create"
    db.execute(
        f"UPDATE records SET server_data = {SERVER_TEXT}, server_same = 0, data = ?, "
        f"deleted = ? {KEY}",
        [dumps({**(data or {}), "id": record_id}), int(deleted), collection, record_id],
    )


# --- the server's copy ----------------------------------------------------------------

# A put of a record with no unsettled edit: its visible copy IS the server copy, so the text
# is stored once (`server_same` says `data` is also the server copy) and the row is written
# in one statement. Rows of a pulled page are batched; their JSON is given as UTF-8 bytes and
# made text by SQLite (CAST), which saves decoding every record in Python.
PLAIN_PUT_SQL = (
    "INSERT INTO records (collection, id, version, deleted, data, server_data, server_same, "
    "server_deleted, purge_pending, stale) "
    "VALUES (?, ?, ?, ?, CAST(? AS TEXT), NULL, 1, ?, 0, 0) "
    "ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, "
    "deleted = excluded.deleted, data = excluded.data, server_data = NULL, server_same = 1, "
    "server_deleted = excluded.server_deleted, purge_pending = 0, stale = 0"
)
# The same for one acknowledged record; `purge_pending` is kept for the caller to act on.
SERVER_COPY_ONLY_SQL = (
    "INSERT INTO records (collection, id, version, deleted, data, server_data, server_same, "
    "server_deleted, stale) VALUES (?, ?, ?, ?, ?, NULL, 1, ?, 0) "
    "ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, "
    "deleted = excluded.deleted, data = excluded.data, server_data = NULL, server_same = 1, "
    "server_deleted = excluded.server_deleted, stale = 0"
)


def put_plain(db, rows):
    """Store server copies of records without unsettled edits, as they came: each row is
    (collection, id, version, deleted, data as JSON bytes, deleted)."""
    db.conn.executemany(PLAIN_PUT_SQL, rows)
    for row in rows:
        if flagged_incomplete(row[4]):
            mark_lost(db, bytes(row[4]).decode("utf-8"))


def store_server_copy(db, collection, record_id, record):
    """Keep `record` (a server record with its envelope) as the acknowledged copy, then re-base.

    A copy flagged `incomplete` marks the blobs it names that were sent as lost.
    """
    if record.get("incomplete"):
        mark_lost(db, dumps(record))
    text = dumps({**domain_fields(record), "id": record_id})
    deleted = int(bool(record.get("deleted")))
    if not unsettled_mutations(db, collection, record_id):
        params = [collection, record_id, record.get("version"), deleted, text, deleted]
        db.execute(SERVER_COPY_ONLY_SQL, params)
        return
    ensure_row(db, collection, record_id)
    db.execute(
        "UPDATE records SET server_data = ?, server_same = 0, version = ?, server_deleted = ?, "
        f"stale = 0 {KEY}",
        [text, record.get("version"), deleted, collection, record_id],
    )
    rebase(db, collection, record_id)


def clear_purge_pending(db, collection, record_id):
    """The record was sent again: it stays."""
    db.execute(f"UPDATE records SET purge_pending = 0 {KEY}", [collection, record_id])


# --- purging --------------------------------------------------------------------------


def purge(db, collection, record_id):
    """Forget a record the device may no longer see; its rejected edits stay in the notices."""
    db.execute(f"DELETE FROM records {KEY}", [collection, record_id])
    supersede_rejected(db, collection, record_id)


def purge_or_defer(db, collection, record_id):
    """Purge now, or — while edits are still to be pushed — mark it to purge after the push."""
    if has_pending(db, collection, record_id):
        db.execute(
            f"UPDATE records SET purge_pending = 1, stale = 0 {KEY}", [collection, record_id]
        )
        return False
    purge(db, collection, record_id)
    return True


def purge_if_due(db, collection, record_id):
    """After a push: purge a record that was removed while its edits were pending."""
    row = load_row(db, collection, record_id)
    if row is not None and row["purge_pending"] and not has_pending(db, collection, record_id):
        purge(db, collection, record_id)


def mark_all_stale(db):
    """A full resync starts: every record is stale until the re-pull sends it again."""
    db.execute("UPDATE records SET stale = 1")


def sweep_stale(db):
    """End of a full resync: purge every record the re-pull did not send again; return how
    many. A record with edits still to push is kept: the push's answer decides its fate."""
    rows = db.execute("SELECT collection, id FROM records WHERE stale = 1").fetchall()
    purged = 0
    for collection, record_id in rows:
        if has_pending(db, collection, record_id):
            db.execute(f"UPDATE records SET stale = 0 {KEY}", [collection, record_id])
        else:
            purge(db, collection, record_id)
            purged += 1
    return purged
