"""Who may read and write which records, beyond the role check on each route.

Inspectors see only their own office's reference data and only the jobs (and assignments)
whose live assignment lists them; a record outside that is a 404 to them, as if it did not
exist. Dispatchers read every office's records but change only their own office's (403
otherwise); admins do anything. The office of a record is the one the sync buckets use
(`sync.server.buckets.office_for`), so the API and sync agree on who sees what.

    >>> from sync.server.records import Actor
    >>> may_write_office(Actor("u", "admin", "o1", "d"), "o2")
    True
"""

from flask_smorest import abort

from server import queries
from sync.server.buckets import office_for, office_of

#: Collections whose records belong to one office (the rest, like firms, may be shared).
OFFICE_SCOPED = ("offices", "users", "vehicles", "sites", "instruments", "jobs", "assignments")


def may_write_office(actor, office_id):
    """True when the actor may change records of `office_id`."""
    return actor.role == "admin" or (actor.role == "dispatcher" and office_id == actor.office_id)


def scope_query(actor, query):
    """Narrow a RecordQuery to what the actor may read (inspectors only)."""
    if actor.role != "inspector":
        return query
    if query.collection == "jobs":
        query.visible = queries.assigned_jobs_clause(actor.user_id)
    elif query.collection == "assignments":
        query.visible = queries.own_assignments_clause(actor.user_id)
    elif query.collection == "firms":
        query.visible = queries.office_firms_clause(actor.office_id)
    else:
        query.office_id = actor.office_id
    return query


def check_read(db, actor, collection, record):
    """404 when an inspector asks for a record outside their scope."""
    if actor.role != "inspector":
        return
    query = scope_query(actor, queries.RecordQuery(collection, equal={"id": record["id"]}))
    records, total = queries.run_query(db, query, limit=1, offset=0)
    if total == 0:
        abort(404, message=f"No {collection} record with id {record['id']}.")


def check_write(db, actor, collection, record_id=None, fields=None):
    """403 unless the actor may change the stored record and the record as it will be."""
    offices = set()
    if record_id is not None:
        offices.add(office_of(db, collection, record_id))
    if fields is not None and (collection != "offices" or record_id is None):
        offices.add(office_for(db, collection, {"id": record_id, **fields}))
    offices.discard(None)
    for office_id in offices:
        if not may_write_office(actor, office_id):
            abort(403, message=f"You may not change {collection} of another office.")
