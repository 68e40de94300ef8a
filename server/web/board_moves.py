"""Changes a dispatcher makes on the board by hand: assign, move, unassign, lock a visit.

`move_job` puts a job on an inspector's row at a place in its order (from the unassigned
list, from another row, or within the row), or back to the unassigned list (`target` "").
The row is re-timed in its new order — from the depot at the start of the inspector's
shift, each visit as early as the travel source and its window allow, a time-locked visit
at its locked time — in one vehicle (the inspector's of the day, else one nobody uses), and
each assignment whose time, place or vehicle changed is written. The moved job's
assignment is written by `server.records.jobs.assign` (the checks of `POST
/api/v1/jobs/<id>/assignment`: inspectors and vehicle of the job's office; a requested job
becomes scheduled). Unassigning deletes the assignment and sends the job back to requested.
A locked visit is not moved or unassigned (unlock it first); a started one never is.
`set_lock` sets `locked` and `lock_scope` on a visit's assignment. Each runs in one
transaction: a refusal leaves the board as it was, and every write is audited and synced.
"""

from flask_smorest import abort

from domain.job_states import JobStatus, check_transition
from server.planner.day import moment_of, read_day
from server.records import jobs, permissions, queries, store

LOCK_SCOPES = ("both", "inspector", "time")
MOVABLE = (JobStatus.REQUESTED, JobStatus.SCHEDULED, JobStatus.DISPATCHED)


def move_job(db, actor, office_id, day, job_id, source, target, index):
    """Move `job_id` from `source`'s row (an inspector id, "" for the unassigned list) to
    `target`'s at position `index` ("" target: unassign)."""
    with store.transaction(db):
        the_day = read_day(db, office_id, day)
        job = _job_on_board(db, the_day, job_id)
        current = the_day.assignments.get(job_id)
        if current and current.get("locked"):
            abort(409, message="This visit is locked: unlock it before moving it.")
        if not target:
            return _unassign(db, actor, job, current)
        people = _people(the_day, current, source, target)
        vehicle_id = _vehicle_of(the_day, target, current)
        _place_in_row(db, actor, the_day, job, target, index, people, vehicle_id, day)


def _job_on_board(db, the_day, job_id):
    if not the_day.problem.has_job(job_id):
        abort(409, message="This job is not open on this day's board (reload the board).")
    job = store.fetch(db, "jobs", job_id)
    if job["status"] not in MOVABLE:
        abort(409, message=f"A job that is {job['status']} stays where it is.")
    return job


def _people(the_day, current, source, target):
    """The inspectors after the move: `source` replaced by `target` (a joint visit keeps
    its other inspectors)."""
    known = {person.id for person in the_day.problem.inspectors}
    if target not in known:
        abort(422, message="No active inspector of this office has that id.")
    people = list(current["inspector_ids"]) if current else []
    people = [target if person == source else person for person in people]
    if target not in people:
        people = [target] if not current or not source else [*people, target]
    return list(dict.fromkeys(people))


def _vehicle_of(the_day, inspector_id, current):
    """The vehicle of the inspector's day, else the job's own, else one nobody uses."""
    taken = {}
    for assignment in the_day.assignments.values():
        if assignment.get("vehicle_id"):
            for person in assignment["inspector_ids"]:
                taken.setdefault(person, assignment["vehicle_id"])
    if inspector_id in taken:
        return taken[inspector_id]
    if current and current.get("vehicle_id") and current["vehicle_id"] not in taken.values():
        return current["vehicle_id"]
    free = [v.id for v in the_day.problem.vehicles if v.id not in set(taken.values())]
    return free[0] if free else None


def _row_jobs(the_day, inspector_id, moving):
    """The job ids on the inspector's row in route order, without the one being moved."""
    mine = [
        a
        for a in the_day.assignments.values()
        if inspector_id in a["inspector_ids"] and a["job_id"] != moving
    ]
    mine.sort(key=lambda a: (a.get("route_order") or 0, a.get("planned_start") or ""))
    return [a["job_id"] for a in mine]


def _place_in_row(db, actor, the_day, job, target, index, people, vehicle_id, day):
    order = _row_jobs(the_day, target, job["id"])
    order.insert(max(0, min(index, len(order))), job["id"])
    starts = retime(the_day.problem, target, order)
    current = the_day.assignments.get(job["id"])
    request = {
        "inspector_ids": people,
        "vehicle_id": vehicle_id,
        "date": day,
        "planned_start": _iso(starts[job["id"]], day),
        "route_order": order.index(job["id"]) + 1,
        "locked": bool(current and current.get("locked")),
    }
    jobs.assign(db, actor, job["id"], request)
    for position, other in enumerate(order, start=1):
        if other != job["id"]:
            visit = the_day.assignments[other]
            _retime_visit(db, actor, visit, starts[other], position, day, vehicle_id)


def _retime_visit(db, actor, assignment, start, position, day, vehicle_id):
    """Write the visit's new start and place in the row, in the row's vehicle."""
    changed = {"planned_start": _iso(start, day), "route_order": position}
    if vehicle_id and len(assignment["inspector_ids"]) == 1:
        changed["vehicle_id"] = vehicle_id
    changed = {k: v for k, v in changed.items() if assignment.get(k) != v}
    if assignment.get("locked") and assignment.get("lock_scope") in (None, "both", "time"):
        changed.pop("planned_start", None)
    if changed:
        permissions.check_write(db, actor, "assignments", "update", assignment, changed)
        store.update(db, "assignments", assignment["id"], changed, actor)


def retime(problem, inspector_id, order):
    """{job id: start} for the inspector's visits in `order`: from the depot at the shift's
    start, each as early as travel and its window allow (a time lock keeps its time)."""
    person = problem.inspector(inspector_id)
    depot = problem.vehicles[0].depot if problem.vehicles else problem.job(order[0]).place
    here, free, starts = depot, person.shift[0], {}
    started = {visit.job_id: visit for visit in problem.started}
    for job_id in order:
        job = problem.job(job_id)
        lock = problem.lock_of(job_id)
        arrival = free + problem.travel.seconds(here, job.place, free)
        if job_id in started:
            begin = started[job_id].start
        elif lock and lock.start is not None:
            begin = lock.start
        else:
            begin = max(arrival, job.window[0])
        starts[job_id] = begin
        here, free = job.place, begin + job.service
    return starts


def _iso(seconds, day):
    return moment_of(seconds, day).isoformat(timespec="seconds")


def _unassign(db, actor, job, current):
    if current is None:
        return
    permissions.check_write(db, actor, "assignments", "delete", current)
    store.delete(db, "assignments", current["id"], actor)
    status = job["status"]
    for step in _steps_back(status):
        check_transition(status, step)
        permissions.check_write(db, actor, "jobs", "update", job, {"status": step.value})
        job = store.update(db, "jobs", job["id"], {"status": step.value}, actor)
        status = step


def _steps_back(status):
    """The state machine's steps from a planned status back to requested."""
    if status == JobStatus.DISPATCHED:
        return (JobStatus.SCHEDULED, JobStatus.REQUESTED)
    if status == JobStatus.SCHEDULED:
        return (JobStatus.REQUESTED,)
    return ()


def set_lock(db, actor, job_id, scope):
    """Lock the job's visit to its inspectors, its time or both (`scope`), or unlock it
    (`scope` "")."""
    if scope and scope not in LOCK_SCOPES:
        abort(422, message=f"Unknown lock scope {scope!r}; one of {', '.join(LOCK_SCOPES)}.")
    with store.transaction(db):
        assignment_id = queries.live_assignment_id(db, job_id)
        if assignment_id is None:
            abort(409, message="Only a visit on the board (assigned) can be locked.")
        assignment = store.fetch(db, "assignments", assignment_id)
        fields = {"locked": bool(scope), "lock_scope": scope or None}
        changed = {k: v for k, v in fields.items() if assignment.get(k) != v}
        if changed:
            permissions.check_write(db, actor, "assignments", "update", assignment, changed)
            store.update(db, "assignments", assignment_id, changed, actor)
