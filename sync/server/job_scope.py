"""Keeping a job's family in the right inspector buckets.

When a job enters an inspector's bucket (it is assigned to them) the job, its assignment,
its checks and visits, and what the inspector needs on site — the site, the site's firm and
the job's instruments — are written to that bucket's change log again, even if they are old.
When it leaves, each of them arrives as `removed`, unless another job in the same bucket
still needs it. All functions run inside the caller's transaction.
"""

from domain.relations import JOB_CHILD_COLLECTIONS, JOB_DEPENDENCY_COLLECTIONS
from sync.server.buckets import inspector_bucket, primary_buckets
from sync.server.changelog import members_of, place, reconcile, unplace
from sync.server.stored_row import read_row


def job_family(db, job_id):
    """The job and the records that hang off it: [(collection, id), ...]."""
    marks = ",".join("?" for _ in JOB_CHILD_COLLECTIONS)
    rows = db.execute(
        f"SELECT collection, id FROM records WHERE parent_id = ? AND collection IN ({marks})",
        [job_id, *JOB_CHILD_COLLECTIONS],
    ).fetchall()
    return [("jobs", job_id), *[(c, i) for c, i in rows]]


def job_dependencies(db, job_data):
    """What an inspector needs on site for a job: its site, the site's firm, its instruments."""
    needed = set()
    site_id = job_data.get("site_id")
    if site_id:
        needed.add(("sites", site_id))
        site = read_row(db, "sites", site_id)
        if site and site.data.get("firm_id"):
            needed.add(("firms", site.data["firm_id"]))
    for instrument_id in job_data.get("instrument_ids") or []:
        needed.add(("instruments", instrument_id))
    return needed


def refresh_job_family(db, job_id):
    """Re-place the job and its children by their primary buckets (who is assigned now)."""
    for collection, record_id in job_family(db, job_id):
        row = read_row(db, collection, record_id)
        if row is None:
            continue
        desired = primary_buckets(db, collection, row.data, row.office_id)
        reconcile(db, collection, record_id, desired)


def refresh_inspector_dependencies(db, user_id):
    """Make an inspector bucket hold exactly the sites, firms and instruments its jobs need."""
    bucket = inspector_bucket(user_id)
    needed = set()
    for _, job_id in members_of(db, bucket, ("jobs",)):
        job = read_row(db, "jobs", job_id)
        if job and job.live:
            needed |= job_dependencies(db, job.data)
    held = members_of(db, bucket, JOB_DEPENDENCY_COLLECTIONS)
    for collection, record_id in sorted(needed - held):
        if read_row(db, collection, record_id) is not None:
            place(db, bucket, collection, record_id)
    for collection, record_id in sorted(held - needed):
        unplace(db, bucket, collection, record_id)


def inspectors_holding_job(db, job_id):
    """The inspectors whose buckets hold the job now."""
    rows = db.execute(
        "SELECT bucket FROM memberships WHERE collection = 'jobs' AND record_id = ? "
        "AND bucket LIKE 'inspector:%'",
        [job_id],
    ).fetchall()
    return {row[0].split(":", 1)[1] for row in rows}


def refresh_job_scope(db, job_id, before=None):
    """After a job or its assignment changed: move its family and dependencies between buckets.

    `before` is the inspectors that held the job before the write (read now when not given).
    """
    before = inspectors_holding_job(db, job_id) | (before or set())
    refresh_job_family(db, job_id)
    after = inspectors_holding_job(db, job_id)
    for user_id in sorted(before | after):
        refresh_inspector_dependencies(db, user_id)
