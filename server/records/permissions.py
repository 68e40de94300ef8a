"""Who may read and write which records, beyond the role check on each route.

Inspectors see only the jobs (and assignments) whose live assignment lists them, and of the
rest what their pull gives them (`sync.server.buckets`): every office, their office's
reference data, and the site, firm and instruments of each job they are assigned to, whatever
its office; a record outside that is a 404 to them, as if it did not exist. Writes follow the
one rule of `domain.access` that push applies too (dispatchers change only their own
office's records, admins anything; 403 with the rule's sentence otherwise), fed by the
same `sync.server.permissions.write_facts`, so the API and sync agree on who may write what.
"""

from flask_smorest import abort

from domain.access import INSPECTOR, Write, transition_refusal
from server.records import queries, store
from sync.server.buckets import buckets_for_user, members_clause, office_of
from sync.server.permissions import write_refusal_of


def scope_query(actor, query):
    """Narrow a RecordQuery to what the actor may read (inspectors only)."""
    if actor.role != INSPECTOR:
        return query
    if query.collection == "jobs":
        query.visible = queries.assigned_jobs_clause(actor.user_id)
    elif query.collection == "assignments":
        query.visible = queries.own_assignments_clause(actor.user_id)
    else:  # the rest: what their pull gives (every office; their office's reference data,
        # and the site, firm and instruments of each job they are assigned to)
        readable = buckets_for_user(actor.role, actor.user_id, actor.office_id)
        query.visible = members_clause(readable, query.collection)
    return query


def check_read(db, actor, collection, record):
    """404 when an inspector asks for a record outside their scope."""
    if actor.role != INSPECTOR:
        return
    query = scope_query(actor, queries.RecordQuery(collection, equal={"id": record["id"]}))
    records, total = queries.run_query(db, query, limit=1, offset=0)
    if total == 0:
        abort(404, message=f"No {collection} record with id {record['id']}.")


def check_write(db, actor, collection, op, stored=None, fields=None):
    """403 unless `domain.access` lets the actor make this write: `stored` is the record as
    it is stored (None for a create), `fields` the fields the write sets."""
    old = store.domain_fields(stored) if stored else {}
    fields = fields or {}
    write = Write(collection, op, old, {**old, **fields}, frozenset(fields))
    old_office = office_of(db, collection, stored["id"]) if stored else None
    refusal = write_refusal_of(db, actor, write, old_office)
    if refusal:
        abort(403, message=refusal)


def check_transition_role(actor, job, target):
    """403 unless the actor's role makes this status change (`domain.access`)."""
    refusal = transition_refusal(actor.role, job["status"], target)
    if refusal:
        abort(403, message=refusal, errors={"to": [refusal]})
