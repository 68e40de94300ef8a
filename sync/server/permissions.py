"""What the office database knows around a write, for the one write rule of `domain.access`.

`write_facts` looks up, for the actor and the record, only what the rule needs: the offices
of the record before and after the write (dispatchers), whether the job is in the
inspector's bucket now or ever was (`put` or `removed` row: results recorded offline for a job
reassigned meanwhile are evidence, SYNC-PROTOCOL §3), and whether an instrument stands at the
site of a job the inspector is assigned to now. `check_permission` is push's gate: it raises
`Rejected("permission", ...)` with the rule's sentence; REST turns the same sentence into 403.
"""

from domain.access import INSPECTOR, Write, WriteFacts, push_refusal, write_refusal
from domain.relations import RESULT_COLLECTIONS
from sync.server.buckets import inspector_bucket, office_for
from sync.server.outcome import Rejected


def job_was_assigned(db, user_id, job_id):
    """True when the job is or was in the inspector's bucket (a `put` or `removed` row)."""
    row = db.execute(
        "SELECT 1 FROM changes WHERE bucket = ? AND collection = 'jobs' AND record_id = ? "
        "UNION ALL SELECT 1 FROM memberships WHERE bucket = ? AND collection = 'jobs' "
        "AND record_id = ? LIMIT 1",
        [inspector_bucket(user_id), job_id, inspector_bucket(user_id), job_id],
    ).fetchone()
    return row is not None


def job_assigned_now(db, user_id, job_id):
    """True when the job is in the inspector's bucket now (their live assignment lists them)."""
    row = db.execute(
        "SELECT 1 FROM memberships WHERE bucket = ? AND collection = 'jobs' AND record_id = ?",
        [inspector_bucket(user_id), job_id],
    ).fetchone()
    return row is not None


def site_of_current_job(db, user_id, site_id):
    """True when a live job at `site_id` is in the inspector's bucket now."""
    row = db.execute(
        "SELECT 1 FROM memberships m JOIN records r ON r.collection = 'jobs' "
        "AND r.id = m.record_id WHERE m.bucket = ? AND m.collection = 'jobs' "
        "AND r.deleted = 0 AND json_extract(r.data, '$.site_id') = ? LIMIT 1",
        [inspector_bucket(user_id), site_id],
    ).fetchone()
    return row is not None


def _ids(old, new, key):
    return {old.get(key), new.get(key)} - {None}


def _inspector_facts(db, user_id, collection, old, new):
    if collection in RESULT_COLLECTIONS:
        jobs = _ids(old, new, "job_id")
        return WriteFacts(
            was_on_job=bool(jobs) and all(job_was_assigned(db, user_id, job_id) for job_id in jobs)
        )
    if collection == "jobs":
        return WriteFacts(on_job_now=job_assigned_now(db, user_id, new.get("id") or old["id"]))
    if collection == "instruments":
        sites = _ids(old, new, "site_id")
        return WriteFacts(
            site_of_own_job=bool(sites)
            and all(site_of_current_job(db, user_id, site_id) for site_id in sites)
        )
    return WriteFacts()


def write_facts(db, actor, write, old_office):
    """The `WriteFacts` the rule needs for `actor` making `write`.

    `old_office` is the stored record's office (None for a create).
    """
    if actor.role == INSPECTOR:
        return _inspector_facts(db, actor.user_id, write.collection, write.old, write.new)
    offices = {old_office} if write.old else set()
    if write.op != "delete":
        offices.add(office_for(db, write.collection, write.new))
    return WriteFacts(offices=frozenset(offices - {None}))


def write_refusal_of(db, actor, write, old_office):
    """The rule's answer for this write in this database: None, or what is allowed instead."""
    return write_refusal(actor, write, write_facts(db, actor, write, old_office))


def check_permission(db, actor, write, old_office):
    """Raise `Rejected("permission")` unless `actor` may make this write through push.

    MUST be called before anything is written.
    """
    refusal = push_refusal(write.collection) or write_refusal_of(db, actor, write, old_office)
    if refusal:
        raise Rejected("permission", refusal)


__all__ = ["Write", "check_permission", "job_was_assigned", "write_facts", "write_refusal_of"]
