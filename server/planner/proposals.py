"""Proposals: plan an office's day, keep the proposal, apply it in one transaction.

Only a dispatcher of the office plans its day (403 otherwise). `propose_day` reads the day
(`day.read_day`; mid-day from the server's clock when the day is today), lets the planner
propose, and keeps the proposal with the digest of the records it was read from; nothing in
the records changes. `apply_proposal` reads the day again inside one transaction, refuses a
proposal whose records changed since (409: propose again), has the checker judge the plan
once more, then writes every assignment (created, updated, or removed for a job no longer
planned) and moves each job's status to match — each write audited and in the change log,
so every inspector's tablet gets its day on the next pull. Any refusal rolls it all back:
nothing half-planned is ever saved.
"""

import json
from datetime import date

from flask import current_app
from flask_smorest import abort

from domain.access import DISPATCHER
from domain.ids import new_record_id
from domain.job_states import JobStatus, check_transition
from domain.planning.changes import compare
from domain.planning.checker import PlanInfeasible, check_plan
from server.database.clock import iso, now
from server.planner.answers import answer, plan_from_json, plan_to_json
from server.planner.day import TAIPEI, MissingPlace, moment_of, read_day, seconds_of
from server.planner.planning import propose
from server.records import permissions, store
from sync.server.records import get_record

KINDS = ("plan", "replan")


def require_dispatcher(actor, office_id):
    """403 unless the actor is a dispatcher of `office_id`."""
    if actor.role != DISPATCHER or actor.office_id != office_id:
        abort(403, message="Only a dispatcher of this office plans its day.")


def propose_day(db, actor, office_id, day, kind="plan"):
    """Propose the office's `day` (`kind` replan: from where the crews are now); returns
    the stored proposal."""
    require_dispatcher(actor, office_id)
    office = get_record(db, "offices", office_id)
    if office is None or office.get("deleted"):
        abort(404, message=f"No offices record with id {office_id}.")
    moment = _moment(day, kind)
    the_day = _read(db, office_id, day, moment)
    seconds = current_app.config[
        "PLANNER_REPLAN_SECONDS" if kind == "replan" else "PLANNER_SECONDS"
    ]
    previous = the_day.current if kind == "replan" else None
    try:
        plan = propose(the_day.problem, seconds=seconds, previous=previous)
    except PlanInfeasible as error:
        current_app.logger.error(
            "planner plan for %s on %s refused by the checker: %s", office_id, day, error
        )
        abort(
            500,
            message="The planner's plan failed its own feasibility check and was discarded; "
            "nothing was saved. Propose again; if it happens again, report it.",
            errors={"plan": [v.message for v in error.violations]},
        )
    body = answer(the_day.problem, plan, compare(the_day.current, plan), day)
    return _store(db, actor, office_id, day, kind, moment, the_day.fingerprint, body, plan)


def _moment(day, kind):
    """The server's now when `day` is today (None for a later day); 409 for a past day, or
    a re-plan of a day that is not today."""
    current = now().astimezone(TAIPEI)
    if day < current.date():
        abort(409, message=f"{day} is over; only today or a later day can be planned.")
    if kind == "replan" and day != current.date():
        abort(
            409,
            message=f"A re-plan starts from where the crews are now: it is for today "
            f"({current.date()}), not {day}. Propose a plan for {day} instead.",
        )
    return current if day == current.date() else None


def _read(db, office_id, day, moment):
    try:
        return read_day(db, office_id, day, moment)
    except MissingPlace as error:
        abort(409, message=str(error), errors={"record_id": [error.record_id]})


def _store(db, actor, office_id, day, kind, moment, fingerprint, body, plan):
    proposal_id = new_record_id()
    created = iso(now())
    now_seconds = None if moment is None else seconds_of(moment, day)
    with store.transaction(db):
        db.execute(
            "INSERT INTO plan_proposals (id, office_id, day, kind, now_seconds, fingerprint, body, "
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                proposal_id,
                office_id,
                day.isoformat(),
                kind,
                now_seconds,
                fingerprint,
                json.dumps({"answer": body, "plan": plan_to_json(plan)}),
                actor.user_id,
                created,
            ],
        )
    db.conn.commit()
    return get_proposal(db, actor, proposal_id)


def _row(db, proposal_id):
    cursor = db.execute("SELECT * FROM plan_proposals WHERE id = ?", [proposal_id])
    row = cursor.fetchone()
    if row is None:
        abort(404, message=f"No plan proposal with id {proposal_id}.")
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def get_proposal(db, actor, proposal_id):
    """The proposal as the API answers it (404 unknown, 403 another office's)."""
    row = _row(db, proposal_id)
    require_dispatcher(actor, row["office_id"])
    return _public(row)


def _public(row):
    body = json.loads(row["body"])["answer"]
    keys = ("id", "office_id", "day", "kind", "created_at", "applied_at")
    return {**{key: row[key] for key in keys}, **body}


def apply_proposal(db, actor, proposal_id):
    """Write the proposal's assignments in one transaction; returns what was written."""
    row = _row(db, proposal_id)
    require_dispatcher(actor, row["office_id"])
    if row["applied_at"]:
        abort(409, message=f"This proposal was applied at {row['applied_at']}; propose again.")
    day = date.fromisoformat(row["day"])
    moment = None if row["now_seconds"] is None else moment_of(row["now_seconds"], day)
    plan = plan_from_json(json.loads(row["body"])["plan"])
    with store.transaction(db):
        the_day = _read(db, row["office_id"], day, moment)
        if the_day.fingerprint != row["fingerprint"]:
            abort(
                409,
                message="The office's jobs, people or vehicles changed since this "
                "proposal was made; propose again.",
            )
        violations = check_plan(the_day.problem, plan)
        if violations:
            abort(
                409,
                message="The proposal no longer passes the feasibility check; propose again.",
                errors={"plan": [v.message for v in violations]},
            )
        written = _write_plan(db, actor, the_day, plan, day)
        db.execute(
            "UPDATE plan_proposals SET applied_by = ?, applied_at = ? WHERE id = ?",
            [actor.user_id, iso(now()), proposal_id],
        )
    return {**get_proposal(db, actor, proposal_id), **written}


def _write_plan(db, actor, the_day, plan, day):
    """Every planned visit's assignment written, every dropped job's removed."""
    assigned, unassigned = 0, 0
    for route in plan.routes:
        for order, visit in enumerate(route.visits, start=1):
            fields = _assignment_fields(the_day, route, order, visit, day)
            assigned += _assign(db, actor, the_day.assignments.get(visit.job_id), fields)
            _move_status(db, actor, visit.job_id, JobStatus.SCHEDULED)
    for gap in plan.unserved:
        current = the_day.assignments.get(gap.job_id)
        if current is not None:
            permissions.check_write(db, actor, "assignments", "delete", current)
            store.delete(db, "assignments", current["id"], actor)
            _move_status(db, actor, gap.job_id, JobStatus.REQUESTED)
            unassigned += 1
    return {"assignments_written": assigned, "assignments_removed": unassigned}


def _assignment_fields(the_day, route, order, visit, day):
    current = the_day.assignments.get(visit.job_id) or {}
    return {
        "job_id": visit.job_id,
        "inspector_ids": list(route.inspector_ids),
        "vehicle_id": route.vehicle_id,
        "date": day.isoformat(),
        "planned_start": moment_of(visit.start, day).isoformat(timespec="seconds"),
        "route_order": order,
        "locked": current.get("locked", False),
        "lock_scope": current.get("lock_scope"),
    }


def _assign(db, actor, current, fields):
    """Create or update one assignment; 1 when something was written."""
    if current is None:
        permissions.check_write(db, actor, "assignments", "create", None, fields)
        store.create(db, "assignments", fields, actor)
        return 1
    changed = {k: v for k, v in fields.items() if current.get(k) != v}
    if not changed:
        return 0
    permissions.check_write(db, actor, "assignments", "update", current, changed)
    store.update(db, "assignments", current["id"], changed, actor)
    return 1


#: How a job's status gets to the one a plan gives it: the steps of the state machine.
STEPS = {
    JobStatus.SCHEDULED: {JobStatus.REQUESTED: (JobStatus.SCHEDULED,)},
    JobStatus.REQUESTED: {
        JobStatus.SCHEDULED: (JobStatus.REQUESTED,),
        JobStatus.DISPATCHED: (JobStatus.SCHEDULED, JobStatus.REQUESTED),
    },
}


def _move_status(db, actor, job_id, target):
    """Planned jobs become scheduled (a dispatched one stays dispatched); dropped ones go
    back to requested, a dispatched one recalled first."""
    job = store.fetch(db, "jobs", job_id)
    for step in STEPS[target].get(job["status"], ()):
        check_transition(job["status"], step)
        permissions.check_write(db, actor, "jobs", "update", job, {"status": step.value})
        job = store.update(db, "jobs", job_id, {"status": step.value}, actor)
