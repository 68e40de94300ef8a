"""Jobs: creation with an application number, the state machine, and assignment.

A new job starts `requested`, with an application number (made here if the caller has none)
and a short lookup code — the second factor an applicant types with the number to look up
their schedule. Status changes go through `domain.job_states.check_transition`: an illegal one
is a 409 with the reason. Assigning a job writes its one live `assignments` record (updated on
reassignment, so devices see one current assignment) and moves a requested job to scheduled;
its inspectors and vehicle must be of the job's office.

    >>> len(make_lookup_code())
    6
"""

import secrets

from flask_smorest import abort

from domain.job_states import IllegalTransition, JobStatus, check_transition
from server.database.clock import now
from server.records import permissions, queries, store
from sync.server.evidence import assignee_problems


def make_lookup_code():
    """Six digits, the second factor of an application-number lookup."""
    return f"{secrets.randbelow(10**6):06d}"


def make_application_number(db, office_id):
    """The next application number of the office for today: `<code>-YYYYMMDD-NNNN`."""
    office = store.fetch(db, "offices", office_id) if office_id else {}
    prefix = f"{office.get('code') or 'VF'}-{now():%Y%m%d}-"
    row = db.execute(
        "SELECT count(*) FROM records WHERE collection = 'jobs' "
        "AND json_extract(data, '$.application_number') LIKE ?",
        [prefix + "%"],
    ).fetchone()
    return f"{prefix}{row[0] + 1:04d}"


def create_job(db, actor, body):
    """Validate and store a new requested job; returns it."""
    fields = {"status": JobStatus.REQUESTED.value, **body}
    if fields["status"] != JobStatus.REQUESTED:
        abort(422, errors={"json": {"status": ["A new job starts as requested."]}})
    fields.setdefault("id", store.new_id())
    store.validate("jobs", fields)
    permissions.check_write(db, actor, "jobs", "create", None, fields)
    if not fields.get("application_number"):
        fields["application_number"] = make_application_number(db, fields.get("office_id"))
    fields.setdefault("lookup_code", make_lookup_code())
    return store.create(db, "jobs", fields, actor)


def transition(db, actor, job_id, target, version=None):
    """Move a job to `target` if the state machine allows it (409 with the reason if not)."""
    job = store.fetch(db, "jobs", job_id)
    permissions.check_write(db, actor, "jobs", "update", job, {"status": target})
    if target not in set(JobStatus):
        known = ", ".join(status.value for status in JobStatus)
        abort(422, errors={"json": {"to": [f"Unknown status {target!r}; one of {known}."]}})
    try:
        check_transition(job["status"], target)
    except IllegalTransition as error:
        abort(409, message=error.reason, errors={"to": [error.reason]})
    permissions.check_transition_role(actor, job, target)
    return store.update(db, "jobs", job_id, {"status": target}, actor, expected_version=version)


def _check_people_and_vehicle(db, job, request):
    """422 naming each inspector or vehicle that cannot serve the job (`domain.access`)."""
    inspector_ids = [str(user_id) for user_id in request["inspector_ids"]]
    vehicle_id = request.get("vehicle_id")
    problems = assignee_problems(db, job, inspector_ids, vehicle_id and str(vehicle_id))
    if problems:
        abort(422, errors={"json": problems})


def planned_start(day, start):
    """An ISO datetime of a planned start given as a time of day ("09:30") or a datetime."""
    if not start:
        return None
    return start if "T" in start else f"{day.isoformat()}T{start}"


def assignment_fields(job_id, request):
    """The assignments record fields of an assignment request (JSON-ready)."""
    fields = {
        "job_id": job_id,
        "inspector_ids": [str(user_id) for user_id in request["inspector_ids"]],
        "vehicle_id": str(request["vehicle_id"]) if request.get("vehicle_id") else None,
        "date": request["date"].isoformat(),
        "planned_start": planned_start(request["date"], request.get("planned_start")),
        "locked": request.get("locked", False),
    }
    if request.get("route_order") is not None:
        fields["route_order"] = request["route_order"]
    return fields


def assign(db, actor, job_id, request):
    """Write the job's live assignment (create or replace) and schedule a requested job."""
    job = store.fetch(db, "jobs", job_id)
    permissions.check_write(db, actor, "jobs", "update", job)
    _check_people_and_vehicle(db, job, request)
    if job["status"] not in (JobStatus.REQUESTED, JobStatus.SCHEDULED, JobStatus.DISPATCHED):
        abort(409, message=f"A job that is {job['status']} cannot be (re)assigned.")
    fields = assignment_fields(job_id, request)
    with store.transaction(db):
        current = queries.live_assignment_id(db, job_id)
        if current is None:
            assignment = store.create(db, "assignments", fields, actor)
        else:
            assignment = store.update(db, "assignments", current, fields, actor)
        if job["status"] == JobStatus.REQUESTED:
            store.update(db, "jobs", job_id, {"status": JobStatus.SCHEDULED.value}, actor)
    return {"job": store.fetch(db, "jobs", job_id), "assignment": assignment}


def refuse_status_change(fields):
    """422 when a plain change tries to set the status (only a transition may)."""
    if "status" in fields:
        abort(422, errors={"json": {"status": ["Change the status with POST .../transition."]}})
