"""Why a job cannot be served, found before the engine runs, in words a dispatcher acts on.

`screen(problem, crews)` splits the jobs into those some crew could do today and those none
can, each of the latter with its reason: the window already past; no inspector of the office
with a skill; no vehicle of the office with a piece of equipment; too few inspectors for a
joint job; the skill and the equipment in different vehicles today; a lock that cannot be
kept; or no crew that could get there inside the window and be back by the end of its shift.
`capable_crews` lists, per job, the crews that may serve it (skills, equipment, team, lock).
"""

from domain.planning.model import Unserved, clock
from server.planner.crews import departure, members, serves, shift_of


def screen(problem, crews):
    """`(jobs some crew may serve, [Unserved])` — each job in exactly one of the two."""
    capable = capable_crews(problem, crews)
    started = {visit.job_id for visit in problem.started}
    keep, out = [], []
    for job in problem.jobs:
        if job.id in started:
            continue
        reason = _reason(problem, job, crews, capable[job.id])
        if reason:
            out.append(Unserved(job.id, reason))
        else:
            keep.append(job)
    return keep, out


def capable_crews(problem, crews):
    """{job id: [crew index, ...]} — the crews that may do each job, its lock included."""
    found = {}
    for job in problem.jobs:
        lock = problem.lock_of(job.id)
        wanted = set(lock.inspector_ids) if lock else set()
        found[job.id] = [
            n
            for n, crew in enumerate(crews)
            if serves(job, *members(problem, crew)) and wanted <= set(crew.inspector_ids)
        ]
    return found


def _reason(problem, job, crews, capable):
    office = problem.office_names.get(job.office_id, job.office_id)
    if problem.now is not None and job.window[1] < problem.now:
        return f"window already past (it closed at {clock(job.window[1])})"
    lock = problem.lock_of(job.id)
    return (
        _missing_skill(problem, job, office)
        or _missing_equipment(problem, job, office)
        or _too_few(problem, job, crews, office)
        or _lock_problem(problem, job, lock, crews)
        or _split_crews(job, capable)
        or _no_time(problem, job, crews, capable, lock)
    )


def _missing_skill(problem, job, office):
    skills = set().union(*(p.skills for p in problem.inspectors if p.office_id == job.office_id))
    missing = sorted(job.skills - skills)
    if missing:
        return f"no inspector with skill {', '.join(missing)} in {office}"
    return None


def _missing_equipment(problem, job, office):
    gear = [g for v in problem.vehicles if v.office_id == job.office_id for g in v.equipment]
    for need in job.equipment:
        if not any(piece.covers(need) for piece in gear):
            return f"no vehicle in {office} carries the {need.describe()}"
    return None


def _too_few(problem, job, crews, office):
    if job.inspectors_needed <= 1:
        return None
    staff = sum(1 for p in problem.inspectors if p.office_id == job.office_id)
    if staff < job.inspectors_needed:
        return f"needs {job.inspectors_needed} inspectors; {office} has {staff} today"
    office_crews = [c for c in crews if problem.vehicle(c.vehicle_id).office_id == job.office_id]
    if not any(len(crew.inspector_ids) >= job.inspectors_needed for crew in office_crews):
        return (
            f"needs {job.inspectors_needed} inspectors together; no crew of that size today "
            f"(lock the job to {job.inspectors_needed} of {office}'s inspectors to pair them)"
        )
    return None


def _lock_problem(problem, job, lock, crews):
    if lock is None:
        return None
    working = {person for crew in crews for person in crew.inspector_ids}
    absent = sorted(set(lock.inspector_ids) - working)
    if absent:
        names = ", ".join(_name(problem, person) for person in absent)
        return f"locked to {names}, who is not working in a crew today"
    if lock.start is not None and not job.window[0] <= lock.start <= job.window[1]:
        return (
            f"locked to start at {clock(lock.start)}, outside its window "
            f"{clock(job.window[0])}–{clock(job.window[1])}"
        )
    if not lock.inspector_ids:
        return None
    theirs = [crew for crew in crews if set(lock.inspector_ids) <= set(crew.inspector_ids)]
    if not theirs:
        names = " and ".join(_name(problem, person) for person in lock.inspector_ids)
        return f"locked to {names} together, who are in different vehicles today"
    if not any(serves(job, *members(problem, crew)) for crew in theirs):
        return "locked to inspectors whose crew today lacks a skill or equipment it needs"
    return None


def _name(problem, person_id):
    known = {p.id: p for p in problem.inspectors}
    return known[person_id].name or person_id if person_id in known else person_id


def _split_crews(job, capable):
    if capable:
        return None
    return (
        "no crew today has all its skills and equipment together (they are in different vehicles)"
    )


def _no_time(problem, job, crews, capable, lock):
    """None when some capable crew could go there alone, work and be back in its shift."""
    for n in capable:
        if _fits_alone(problem, job, crews[n], lock):
            return None
    hours = job.service / 3600
    return (
        f"does not fit in any shift (window {clock(job.window[0])}–{clock(job.window[1])}, "
        f"{hours:.1f} h of work, travel included from each crew's start)"
    )


def _fits_alone(problem, job, crew, lock):
    vehicle, people = members(problem, crew)
    start = departure(problem, crew)
    travel = problem.travel
    arrival = start.time + travel.seconds(start.place, job.place, start.time)
    begin = max(arrival, job.window[0], lock.start if lock and lock.start is not None else 0)
    if begin > job.window[1] or (lock and lock.start is not None and begin != lock.start):
        return False
    end = begin + job.service
    return end + travel.seconds(job.place, vehicle.depot, end) <= shift_of(people)[1]
