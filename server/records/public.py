"""Reads the public pages make: a job by its application number, an office's day of work.

`lookup_candidates` gives only what the lookup compares (each live job's id and lookup code),
so a wrong code costs the same read as a right one; `day_dispatch` gives an office's live
assignments of a day with their jobs and sites. Both run on the indexes of migration 7
(`records_job_application_number`, `records_assignment_date`).

    >>> normal_number("  keelung-20261202-0001 ")
    'KEELUNG-20261202-0001'
"""

from sync.server.records import get_record

#: At most this many jobs share one application number (it is unique in practice).
MAX_CANDIDATES = 10
#: The live jobs of an application number (upper case), with their lookup codes.
CANDIDATES_SQL = (
    "SELECT id, json_extract(data, '$.lookup_code') FROM records "
    "WHERE collection = 'jobs' AND deleted = 0 "
    "AND upper(json_extract(data, '$.application_number')) = ? LIMIT ?"
)
#: An office's live assignments of a day, the latest written first.
DAY_SQL = (
    "SELECT id, parent_id FROM records WHERE collection = 'assignments' "
    "AND office_id = ? AND json_extract(data, '$.date') = ? AND deleted = 0 "
    "ORDER BY updated_seq DESC"
)


def normal_number(text):
    """An application number as it is compared: trimmed, upper case."""
    return text.strip().upper()


def lookup_candidates(db, application_number):
    """`[(job id, lookup code or None), ...]` of the live jobs with that application number
    (compared in upper case)."""
    rows = db.execute(
        CANDIDATES_SQL, [normal_number(application_number), MAX_CANDIDATES]
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def live_assignment(db, job_id):
    """The job's live assignment record (the latest written), or None."""
    row = db.execute(
        "SELECT id FROM records WHERE collection = 'assignments' AND parent_id = ? "
        "AND deleted = 0 ORDER BY updated_seq DESC LIMIT 1",
        [job_id],
    ).fetchone()
    return get_record(db, "assignments", row[0]) if row else None


def office_by_code(db, code):
    """The live office record with that code (upper case), or None."""
    row = db.execute(
        "SELECT id FROM records WHERE collection = 'offices' AND deleted = 0 "
        "AND json_extract(data, '$.code') = ?",
        [code.strip().upper()],
    ).fetchone()
    return get_record(db, "offices", row[0]) if row else None


def day_dispatch(db, office_id, day):
    """`[(assignment, job, site), ...]` of the office's live assignments on `day` (ISO date),
    one per job (its latest), jobs and sites live; ordered by planned start and route."""
    rows = db.execute(DAY_SQL, [office_id, day]).fetchall()
    seen, dispatch = set(), []
    for assignment_id, job_id in rows:
        if job_id in seen:
            continue
        seen.add(job_id)
        job = get_record(db, "jobs", job_id)
        if job is None or job.get("deleted"):
            continue
        site = get_record(db, "sites", job["site_id"])
        assignment = get_record(db, "assignments", assignment_id)
        dispatch.append((assignment, job, site if site and not site.get("deleted") else None))
    dispatch.sort(key=lambda item: (item[0].get("planned_start") or "", item[0]["route_order"]))
    return dispatch
