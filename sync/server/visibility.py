"""Whether a user can see a stored record: the record is live and in one of their buckets.

This is what pull hands a device, asked of one record: push uses it where a device names
another record (the check an amendment corrects), so a device learns nothing about records
outside its buckets — an id it cannot see is answered like an id that does not exist.
Admins see every live record.
"""

from sync.server.buckets import buckets_for_user, members_clause


def record_visible(db, actor, collection, record_id):
    """True when `actor` can see the live record `collection`/`record_id`."""
    sql = "SELECT 1 FROM records WHERE collection = ? AND id = ? AND deleted = 0"
    params = [collection, record_id]
    buckets = buckets_for_user(actor.role, actor.user_id, actor.office_id)
    if buckets is not None:
        clause, clause_params = members_clause(buckets, collection)
        sql, params = f"{sql} AND {clause}", [*params, *clause_params]
    return db.execute(sql + " LIMIT 1", params).fetchone() is not None
