"""Who may write what through push.

- **admins** write every collection;
- **dispatchers** write their own office's records (not offices or users, which admins keep);
- **inspectors** write checks and visits of the jobs assigned to them and, on those jobs, only
  `notes` and `status`. A job counts as the inspector's when it is, or was, in their bucket:
  results recorded offline for a job reassigned meanwhile are evidence and are accepted
  (the old device pushes its edits before it purges the job, SYNC-PROTOCOL §3).

Nobody writes `audit_entries` or creates `conflicts` through push: the server writes those.
Every refusal raises `Rejected("permission", ...)` saying what is allowed instead.
"""

from sync.server.buckets import JOB_CHILD_COLLECTIONS, inspector_bucket, office_for
from sync.server.outcome import Rejected

RESULT_COLLECTIONS = tuple(c for c in JOB_CHILD_COLLECTIONS if c != "assignments")
INSPECTOR_JOB_FIELDS = frozenset({"notes", "status"})
ADMIN_ONLY = ("offices", "users")


def job_was_assigned(db, user_id, job_id):
    """True when the job is or was in the inspector's bucket (a `put` or `removed` row)."""
    row = db.execute(
        "SELECT 1 FROM changes WHERE bucket = ? AND collection = 'jobs' AND record_id = ? "
        "UNION ALL SELECT 1 FROM memberships WHERE bucket = ? AND collection = 'jobs' "
        "AND record_id = ? LIMIT 1",
        [inspector_bucket(user_id), job_id, inspector_bucket(user_id), job_id],
    ).fetchone()
    return row is not None


def _refuse(message):
    raise Rejected("permission", message)


def _check_server_written(collection, op):
    if collection == "audit_entries" or (collection == "conflicts" and op != "update"):
        _refuse(f"{collection} are written by the server; a device may only resolve a conflict.")


def _check_inspector(db, actor, collection, old, new, fields):
    if collection in RESULT_COLLECTIONS:
        for job_id in {old.get("job_id"), new.get("job_id")} - {None}:
            if not job_was_assigned(db, actor.user_id, job_id):
                _refuse(
                    f"Job {job_id} is not assigned to you; you may record results only "
                    "for your own jobs."
                )
        return
    if collection == "jobs" and old:
        if not job_was_assigned(db, actor.user_id, new["id"]):
            _refuse("This job is not assigned to you.")
        extra = sorted(set(fields) - INSPECTOR_JOB_FIELDS)
        if extra:
            _refuse(
                f"Inspectors may change only notes and status of a job, not {', '.join(extra)}."
            )
        return
    _refuse(f"Inspectors may not write {collection}; only checks and visits of their jobs.")


def _check_dispatcher(db, actor, collection, offices):
    if collection in ADMIN_ONLY:
        _refuse(f"Only admins may write {collection}.")
    if any(office != actor.office_id for office in offices):
        _refuse("Dispatchers may write only their own office's records.")


def check_permission(db, actor, collection, op, old, old_office, new, fields):
    """Raise `Rejected("permission")` unless `actor` may make this write.

    `old` is the stored data ({} for a create), `new` the record as it would be stored and
    `fields` the names being changed. MUST be called before anything is written.
    """
    _check_server_written(collection, op)
    if actor.role == "admin":
        return
    if actor.role == "dispatcher":
        offices = {old_office} if old else set()
        if op != "delete":
            offices.add(office_for(db, collection, new))
        _check_dispatcher(db, actor, collection, offices)
        return
    if actor.role == "inspector":
        _check_inspector(db, actor, collection, old, new, fields)
        return
    _refuse(f"Unknown role {actor.role!r}.")
