"""A job's page: what it is, where, its status, its visit and its whole history.

The history is the audit log (`store.list_audit`, what `GET /api/v1/audit` reads) of the job
and of every assignment it ever had, newest first, with who made each change (by name),
from which device, and each field's old and new value.
"""

from flask import render_template

from server.database.db import get_db
from server.records import store
from server.web.access import login_required
from server.web.blueprint import bp
from server.web.times import hhmm
from sync.server.records import get_record, list_records

HISTORY_LIMIT = 500


def job_history(db, job_id):
    """Audit entries of the job and its assignments, newest first."""
    assignments = list_records(
        db, "assignments", filters={"job_id": job_id}, include_deleted=True, limit=1000
    )
    entries = []
    for collection, record_id in [("jobs", job_id)] + [
        ("assignments", a["id"]) for a in assignments
    ]:
        filters = {"collection": collection, "record_id": record_id}
        rows, _ = store.list_audit(db, filters=filters, limit=HISTORY_LIMIT, offset=0)
        entries += rows
    entries.sort(key=lambda entry: entry["id"], reverse=True)
    names = {}
    for entry in entries:
        user_id = entry.get("user_id")
        if user_id and user_id not in names:
            user = get_record(db, "users", user_id)
            names[user_id] = (user or {}).get("display_name") or user_id
        entry["who"] = names.get(user_id, "")
    return entries


@bp.route("/jobs/<job_id>", methods=["GET"])
@login_required
def job_detail(job_id):
    db = get_db()
    job = store.fetch(db, "jobs", job_id)
    site = get_record(db, "sites", job["site_id"]) or {}
    live = [a for a in list_records(db, "assignments", filters={"job_id": job_id}) if a]
    assignment = live[-1] if live else None
    people = [get_record(db, "users", i) for i in (assignment or {}).get("inspector_ids", [])]
    vehicle = (
        get_record(db, "vehicles", assignment["vehicle_id"])
        if assignment and assignment.get("vehicle_id")
        else None
    )
    instruments = [get_record(db, "instruments", i) for i in job.get("instrument_ids") or []]
    return render_template(
        "console/job.html",
        job=job,
        site=site,
        assignment=assignment,
        people=[p for p in people if p],
        vehicle=vehicle,
        instruments=[i for i in instruments if i],
        history=job_history(db, job_id),
        window=f"{job['window_start'][:10]} {hhmm(job['window_start'])}–{hhmm(job['window_end'])}",
    )
