"""Whether a user can see a stored record: the record is live and in one of their buckets.

This is what pull hands a device, asked of one record: push uses it where a device names
another record (the check an amendment corrects), so a device learns nothing about records
outside its buckets — an id it cannot see is answered like an id that does not exist.
Admins see every live record.
"""

from sync.server.buckets import buckets_for_user


def record_visible(db, actor, collection, record_id):
    """True when `actor` can see the live record `collection`/`record_id`."""
    buckets = buckets_for_user(actor.role, actor.user_id, actor.office_id)
    sql = "SELECT 1 FROM records r "
    params = [collection, record_id]
    if buckets is not None:
        marks = ",".join("?" for _ in buckets)
        sql += (
            "JOIN memberships m ON m.collection = r.collection AND m.record_id = r.id "
            f"AND m.bucket IN ({marks}) "
        )
        params = [*sorted(buckets), *params]
    sql += "WHERE r.collection = ? AND r.id = ? AND r.deleted = 0 LIMIT 1"
    return db.execute(sql, params).fetchone() is not None
