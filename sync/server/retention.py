"""Retention: forget tombstones older than the window, and refuse cursors that needed them.

Tombstones and their change-log rows are kept for at least the retention window (default
180 days, SYNC-PROTOCOL §4). `purge_expired` deletes older ones — the record row, its change
rows, memberships, blob links and field history — and raises the meta value
`purged_through_seq` to the highest seq it deleted: a device whose cursor is older may have
missed a deletion, so pull answers it 410 and it resyncs from scratch.

    purge_expired(db, older_than_days=180)  # → number of tombstones purged
"""

from datetime import UTC, datetime, timedelta

from sync.server.field_history import forget_record
from sync.server.schema import get_meta, set_meta
from sync.transaction import transaction

DEFAULT_RETENTION_DAYS = 180


def _expired(db, cutoff):
    return db.execute(
        "SELECT collection, id FROM records WHERE deleted = 1 AND updated_at < ?",
        [cutoff.isoformat(timespec="milliseconds")],
    ).fetchall()


def _purge_one(db, collection, record_id):
    """Delete one tombstone everywhere; returns the highest seq of its change rows."""
    where = "collection = ? AND record_id = ?"
    row = db.execute(f"SELECT max(seq) FROM changes WHERE {where}", [collection, record_id])
    highest = row.fetchone()[0] or 0
    for table in ("changes", "memberships", "record_blobs"):
        db.execute(f"DELETE FROM {table} WHERE {where}", [collection, record_id])
    db.execute("DELETE FROM records WHERE collection = ? AND id = ?", [collection, record_id])
    forget_record(db, collection, record_id)
    return highest


def purge_expired(db, *, older_than_days=DEFAULT_RETENTION_DAYS, now=None):
    """Purge tombstones deleted more than `older_than_days` ago; returns how many.

    MUST raise `purged_through_seq` in the same transaction, so no cursor that may have
    missed a purged deletion is ever served.
    """
    cutoff = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    with transaction(db):
        expired = _expired(db, cutoff)
        highest = max((_purge_one(db, c, i) for c, i in expired), default=0)
        if highest > int(get_meta(db, "purged_through_seq", "0")):
            set_meta(db, "purged_through_seq", highest)
    return len(expired)
