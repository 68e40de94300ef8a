"""The change log and bucket memberships: the low-level writes pull pages through.

Every function here runs inside the caller's transaction. A record has at most one row per
bucket in `changes`: a newer change replaces the older row with a higher `seq`, so a device
never pages through superseded versions.
"""


def emit(db, bucket, collection, record_id, op="put"):
    """Append a change for a record in one bucket and return its `seq`.

    The row replaces the record's older row in that bucket (unique on bucket and record),
    and takes a new, higher seq (AUTOINCREMENT never reuses one).
    """
    cursor = db.execute(
        "INSERT OR REPLACE INTO changes (bucket, collection, record_id, op) VALUES (?, ?, ?, ?)",
        [bucket, collection, record_id, op],
    )
    return cursor.lastrowid


def place(db, bucket, collection, record_id):
    """Put a record into a bucket (membership plus a `put` change); returns the seq."""
    db.execute(
        "INSERT OR IGNORE INTO memberships (bucket, collection, record_id) VALUES (?, ?, ?)",
        [bucket, collection, record_id],
    )
    return emit(db, bucket, collection, record_id, "put")


def unplace(db, bucket, collection, record_id):
    """Take a record out of a bucket: devices reading it receive `removed`."""
    db.execute(
        "DELETE FROM memberships WHERE bucket = ? AND collection = ? AND record_id = ?",
        [bucket, collection, record_id],
    )
    return emit(db, bucket, collection, record_id, "removed")


def buckets_holding(db, collection, record_id):
    """The buckets a record is a member of now."""
    rows = db.execute(
        "SELECT bucket FROM memberships WHERE collection = ? AND record_id = ?",
        [collection, record_id],
    ).fetchall()
    return {row[0] for row in rows}


def members_of(db, bucket, collections):
    """The (collection, id) pairs of the given collections held by one bucket."""
    marks = ",".join("?" for _ in collections)
    rows = db.execute(
        f"SELECT collection, record_id FROM memberships WHERE bucket = ? "
        f"AND collection IN ({marks})",
        [bucket, *collections],
    ).fetchall()
    return {(c, i) for c, i in rows}


def reconcile(db, collection, record_id, desired, *, resend=False, current=None):
    """Make a record's memberships equal `desired`; returns the last seq written or None.

    New buckets get a `put`, dropped buckets a `removed`; with `resend` every desired
    bucket gets a fresh `put` (the record itself changed). `current` is the record's
    buckets when the caller has just read them.
    """
    if current is None:
        current = buckets_holding(db, collection, record_id)
    last = None
    for bucket in sorted(desired if resend else desired - current):
        last = place(db, bucket, collection, record_id)
    for bucket in sorted(current - desired):
        last = unplace(db, bucket, collection, record_id)
    return last
