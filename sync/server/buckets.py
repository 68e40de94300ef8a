"""Which buckets a record belongs to, and which buckets a user may read.

Buckets (PowerSync buckets, Couchbase channels) partition the change log so the server can
hand each device exactly the records its user is allowed to see:

- `global`: offices; read by everyone.
- `office:<id>`: the office's users, vehicles, firms, sites and instruments; read by its
  inspectors and dispatchers.
- `work:<office id>`: the office's jobs, assignments, checks, visits and conflicts; read by
  its dispatchers.
- `inspector:<user id>`: the jobs assigned to that inspector, their assignments, checks and
  visits, and (re-emitted) the site, firm and instruments each job needs; read by that
  inspector.

Admins read every bucket. The primary buckets follow from a record's own fields (and, for a
job's children, from its job); `inspector:` buckets of reference records follow from the jobs
that need them and are kept by `sync.server.records`. `members_clause` selects, over the
`records` table, what a pull of some buckets gives, so a REST read can show a user exactly
the records their pull does.
"""

from domain.access import ADMIN, DISPATCHER, INSPECTOR
from domain.relations import JOB_CHILD_COLLECTIONS
from sync.codec import loads

REFERENCE_COLLECTIONS = ("users", "vehicles", "firms", "sites", "instruments")


def office_bucket(office_id):
    """The bucket of an office's reference data."""
    return f"office:{office_id}"


def work_bucket(office_id):
    """The bucket of an office's jobs and results (read by its dispatchers)."""
    return f"work:{office_id}"


def inspector_bucket(user_id):
    """The bucket of one inspector's jobs and everything they need on site."""
    return f"inspector:{user_id}"


def is_inspector_bucket(bucket):
    """True for an `inspector:` bucket."""
    return bucket.startswith("inspector:")


def buckets_for_user(role, user_id, office_id):
    """The buckets a user of `role` may read; `None` means every bucket (admins).

    >>> sorted(buckets_for_user("inspector", "u1", "o1"))
    ['global', 'inspector:u1', 'office:o1']
    """
    if role == ADMIN:
        return None
    granted = {"global", office_bucket(office_id)}
    if role == INSPECTOR:
        granted.add(inspector_bucket(user_id))
    elif role == DISPATCHER:
        granted.add(work_bucket(office_id))
    return granted


def members_clause(buckets, collection):
    """SQL over `records` (and its parameters) keeping the rows of `collection` that one of
    `buckets` holds now — the records a pull of those buckets gives.

    >>> members_clause(["office:o1"], "sites")[1]
    ['sites', 'office:o1']
    """
    buckets = sorted(buckets)
    marks = ",".join("?" for _ in buckets)
    sql = f"id IN (SELECT record_id FROM memberships WHERE collection = ? AND bucket IN ({marks}))"
    return sql, [collection, *buckets]


def job_inspector_ids(db, job_id):
    """The inspectors of the job's live assignments."""
    rows = db.execute(
        "SELECT data FROM records WHERE collection = 'assignments' AND parent_id = ? "
        "AND deleted = 0",
        [job_id],
    ).fetchall()
    ids = set()
    for (data,) in rows:
        ids.update(loads(data).get("inspector_ids") or [])
    return ids


def office_of(db, collection, record_id):
    """The office a stored record belongs to, or None."""
    row = db.execute(
        "SELECT office_id FROM records WHERE collection = ? AND id = ?", [collection, record_id]
    ).fetchone()
    return row[0] if row else None


def primary_buckets(db, collection, data, office_id):
    """The buckets a record is in by its own fields (not counting re-emission)."""
    if collection == "offices":
        return {"global"}
    if collection in REFERENCE_COLLECTIONS:
        return {office_bucket(office_id)} if office_id else set()
    if collection == "jobs":
        inspectors = job_inspector_ids(db, data["id"])
        return {work_bucket(office_id)} | {inspector_bucket(u) for u in inspectors}
    if collection == "assignments":
        inspectors = data.get("inspector_ids") or []
        return {work_bucket(office_id)} | {inspector_bucket(u) for u in inspectors}
    if collection in JOB_CHILD_COLLECTIONS:
        job_id = data.get("job_id")
        inspectors = job_inspector_ids(db, job_id) if job_id else set()
        return {work_bucket(office_id)} | {inspector_bucket(u) for u in inspectors}
    if collection == "conflicts":
        return {work_bucket(office_id)} if office_id else set()
    return set()


def office_for(db, collection, data):
    """The office a record belongs to: its own `office_id`, or that of its site or job."""
    if collection == "offices":
        return data["id"]
    if data.get("office_id"):
        return data["office_id"]
    if collection == "instruments" and data.get("site_id"):
        return office_of(db, "sites", data["site_id"])
    if data.get("job_id"):
        return office_of(db, "jobs", data["job_id"])
    if collection == "conflicts" and data.get("record_id"):
        return office_of(db, data.get("collection"), data["record_id"])
    return None
