"""Applying pulled pages to the replica, and starting over when the server's history changed.

A page is applied and its cursor stored in one transaction (the replica opens it), so a crash
leaves the old state or the new one. Pulled data becomes the record's server copy; the visible
copy is re-based on it, so an edit that is not pushed yet is never overwritten. A `removed`
record is purged — after its pending edits are pushed, if it has any.

A full resync (new epoch, or `410`) marks every record `stale`; the re-pull clears the mark of
every record it sends, and when it reaches the end, records still stale (the server no longer
has them for this device) are purged unless they hold edits to push.
All functions run inside the caller's transaction.
"""

import orjson

from sync.client.local_records import (
    ENVELOPE,
    UNSETTLED,
    domain_fields,
    has_pending,
    purge,
    purge_or_defer,
    store_server_copy,
)
from sync.client.lost_blobs import flagged_incomplete, mark_lost_blobs
from sync.client.pulled_change import PulledChange
from sync.client.replica_schema import get_meta, set_meta

# A job's results hang off it and leave a device with it (the server's job scope does the
# same); listing them here also catches results this device pushed after the job was
# reassigned, which were never in its buckets and so never come back as `removed`.
JOB_CHILDREN = ("assignments", "checks", "accident_visits", "firm_visits")


def job_children(db, job_id):
    """The (collection, id) of the records on the device that hang off a job."""
    marks = ",".join("?" for _ in JOB_CHILDREN)
    rows = db.execute(
        f"SELECT collection, id FROM records WHERE collection IN ({marks}) "
        "AND json_extract(data, '$.job_id') = ?",
        [*JOB_CHILDREN, job_id],
    ).fetchall()
    return [tuple(row) for row in rows]


def apply_change(db, change):
    """Apply one change of a page: a record put, or `removed` (a job takes its children)."""
    collection, record_id = change["collection"], change["id"]
    if change.get("removed"):
        family = job_children(db, record_id) if collection == "jobs" else []
        for key in [(collection, record_id), *family]:
            purge_or_defer(db, *key)
        return
    record = {**(change.get("data") or {}), "version": change.get("version")}
    record["deleted"] = bool(change.get("deleted"))
    store_server_copy(db, collection, record_id, record)
    db.execute(
        "UPDATE records SET purge_pending = 0 WHERE collection = ? AND id = ?",
        [collection, record_id],
    )


# A put of a record with no unsettled edit: its visible copy IS the server copy, so the text
# is stored once (`server_same` says `data` is also the server copy) and the row is written
# in one statement (batched per page). The JSON is given as UTF-8 bytes and made text by
# SQLite (CAST), which saves decoding every record in Python.
PLAIN_PUT_SQL = (
    "INSERT INTO records (collection, id, version, deleted, data, server_data, server_same, "
    "server_deleted, purge_pending, stale) "
    "VALUES (?, ?, ?, ?, CAST(? AS TEXT), NULL, 1, ?, 0, 0) "
    "ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, "
    "deleted = excluded.deleted, data = excluded.data, server_data = NULL, server_same = 1, "
    "server_deleted = excluded.server_deleted, purge_pending = 0, stale = 0"
)


def unsettled_keys(db):
    """The (collection, id) of every record with a pending or rejected mutation."""
    marks = ",".join("?" for _ in UNSETTLED)
    rows = db.execute(
        f"SELECT DISTINCT collection, record_id FROM outbox WHERE state IN ({marks})", UNSETTLED
    ).fetchall()
    return {tuple(row) for row in rows}


def stored_form(data, record_id):
    """The record's domain fields with its id, as stored — without copying when it already is."""
    if data.get("id") == record_id and not data.keys() & ENVELOPE_KEYS:
        return data
    return {**domain_fields(data), "id": record_id}


ENVELOPE_KEYS = frozenset(ENVELOPE)


def _plain_put_row(change):
    """The upsert row of a put stored as it came, or None (a `removed`: apply it as values).

    A `PulledChange` (HTTP pulls) gives its data bytes untouched; a dict change is encoded.
    """
    if isinstance(change, PulledChange):
        return change.storage_row()
    if change.get("removed"):
        return None
    record_id = change["id"]
    text = orjson.dumps(stored_form(change.get("data") or {}, record_id))
    deleted = int(bool(change.get("deleted")))
    return (change["collection"], record_id, change.get("version"), deleted, text, deleted)


class PageWriter:
    """Applies a page's changes in order, as `apply_change` does, with a fast path.

    A put of a record without unsettled edits (nearly every change of an initial pull) is
    buffered and written with one `executemany`; anything else (a `removed`, a record with
    edits to re-base on the new copy) first flushes the buffer, then goes through
    `apply_change`, so the order of the page is kept. `flush()` before leaving the
    transaction.
    """

    def __init__(self, db):
        self.db = db
        self.unsettled = unsettled_keys(db)
        self.rows = []

    def apply(self, change):
        """Apply (or buffer) one change of the page: a dict, or a `PulledChange`."""
        row = None if self._unsettled(change) else _plain_put_row(change)
        if row is None:
            self.flush()
            apply_change(self.db, change.as_dict() if isinstance(change, PulledChange) else change)
            return
        self.rows.append(row)

    def _unsettled(self, change):
        if isinstance(change, PulledChange):
            return (change.collection, change.id) in self.unsettled
        return (change["collection"], change["id"]) in self.unsettled

    def flush(self):
        """Write the buffered puts."""
        if self.rows:
            self.db.conn.executemany(PLAIN_PUT_SQL, self.rows)
            for row in self.rows:
                if flagged_incomplete(row[4]):
                    mark_lost_blobs(self.db, bytes(row[4]).decode("utf-8"))
            self.rows = []


def sweep_stale(db):
    """End of a full resync: purge every record the re-pull did not send again.

    A record with edits still to push is kept: the push's answer decides what it becomes.
    """
    rows = db.execute("SELECT collection, id FROM records WHERE stale = 1").fetchall()
    purged = 0
    for collection, record_id in rows:
        if has_pending(db, collection, record_id):
            db.execute(
                "UPDATE records SET stale = 0 WHERE collection = ? AND id = ?",
                [collection, record_id],
            )
        else:
            purge(db, collection, record_id)
            purged += 1
    set_meta(db, "full_resync", None)
    return purged


def finish_page(db, page):
    """Store the page's cursor (and epoch); at the end of a full resync, sweep."""
    set_meta(db, "cursor", page.get("cursor"))
    if get_meta(db, "epoch") is None and page.get("epoch"):
        set_meta(db, "epoch", page["epoch"])
    if not page.get("has_more") and get_meta(db, "full_resync"):
        sweep_stale(db)


def start_full_resync(db, epoch=None):
    """Discard the cursor and pull everything again; the server may have lost mutations too."""
    set_meta(db, "cursor", None)
    set_meta(db, "full_resync", 1)
    set_meta(db, "position_unknown", 1)
    if epoch:
        set_meta(db, "epoch", epoch)
    db.execute("UPDATE records SET stale = 1")


def epoch_changed(db, epoch):
    """True when the server answers with an epoch other than the one stored."""
    stored = get_meta(db, "epoch")
    return bool(stored and epoch and stored != epoch)
