"""Who may see a blob: knowing its hash is never enough.

A blob's SHA-256 is a name that travels in records, logs and screenshots, not a key. A user
**may see** a complete blob when they uploaded it themselves (`blob_uploaders`: every user
who sent all its bytes, the hash checked) or **can read** it: they can see a live record
whose link to the blob counts (`record_blobs.counted`, see `sync.server.attachments`).
Admins see every bucket, so they can read every blob a live record counts. Everyone else
is answered as if the blob did not exist.
"""

from sync.server.buckets import buckets_for_user


def held_size(db, sha256):
    """The size of the complete blob, or None when the server does not hold it."""
    row = db.execute(
        "SELECT size FROM blobs WHERE sha256 = ? AND complete = 1", [sha256]
    ).fetchone()
    return row[0] if row else None


def is_uploader(db, user_id, sha256):
    """True when `user_id` sent every byte of the blob and the hash checked."""
    row = db.execute(
        "SELECT 1 FROM blob_uploaders WHERE sha256 = ? AND user_id = ?", [sha256, user_id]
    ).fetchone()
    return row is not None


def can_read(db, actor, sha256):
    """True when `actor` can see a live record whose link to the blob counts.

    MUST say no for a blob that only deleted records, records in other buckets, or links
    that do not count (a hash the pusher neither uploaded nor could read) reference.
    """
    buckets = buckets_for_user(actor.role, actor.user_id, actor.office_id)
    sql = (
        "SELECT 1 FROM record_blobs b JOIN records r ON r.collection = b.collection "
        "AND r.id = b.record_id AND r.deleted = 0 "
    )
    params = [sha256]
    if buckets is not None:
        marks = ",".join("?" for _ in buckets)
        sql += (
            "JOIN memberships m ON m.collection = b.collection AND m.record_id = b.record_id "
            f"AND m.bucket IN ({marks}) "
        )
        params = [*sorted(buckets), sha256]
    row = db.execute(sql + "WHERE b.sha256 = ? AND b.counted = 1 LIMIT 1", params).fetchone()
    return row is not None


def may_see(db, actor, sha256):
    """True when the server holds the blob complete and `actor` uploaded it or can read it."""
    if held_size(db, sha256) is None:
        return False
    return is_uploader(db, actor.user_id, sha256) or can_read(db, actor, sha256)
