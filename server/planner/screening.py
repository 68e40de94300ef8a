"""Why a job cannot be served, found before the engine runs, in words a dispatcher acts on.

`screen(problem, crews)` splits the jobs into those some crew could do today and those none
can, each of the latter with its reason: the window already past; no inspector of the office
with a skill; no vehicle of the office with a piece of equipment; too few inspectors for a
joint job; the skill and the equipment in different vehicles today; a lock that cannot be
kept; or no crew that could get there inside the window and be back by the end of its shift.
`capable_crews` lists, per job, the crews that may serve it (skills, equipment, team, lock).
"""

from domain.planning.model import clock
from domain.planning.reasons import gap
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
            code, values = reason
            out.append(gap(job.id, code, **values))
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
        return "window_past", {"closed": clock(job.window[1])}
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
        return "missing_skill", {"skills": ", ".join(missing), "office": office}
    return None


def _missing_equipment(problem, job, office):
    gear = [g for v in problem.vehicles if v.office_id == job.office_id for g in v.equipment]
    for need in job.equipment:
        if not any(piece.covers(need) for piece in gear):
            return "missing_equipment", {"office": office, "equipment": need.describe()}
    return None


def _too_few(problem, job, crews, office):
    if job.inspectors_needed <= 1:
        return None
    staff = sum(1 for p in problem.inspectors if p.office_id == job.office_id)
    if staff < job.inspectors_needed:
        return "too_few_staff", {"needed": job.inspectors_needed, "office": office, "staff": staff}
    office_crews = [c for c in crews if problem.vehicle(c.vehicle_id).office_id == job.office_id]
    if not any(len(crew.inspector_ids) >= job.inspectors_needed for crew in office_crews):
        return "no_team", {"needed": job.inspectors_needed, "office": office}
    return None


def _lock_problem(problem, job, lock, crews):
    if lock is None:
        return None
    working = {person for crew in crews for person in crew.inspector_ids}
    absent = sorted(set(lock.inspector_ids) - working)
    if absent:
        names = ", ".join(_name(problem, person) for person in absent)
        return "lock_absent", {"names": names}
    if lock.start is not None and not job.window[0] <= lock.start <= job.window[1]:
        return "lock_outside_window", {"start": clock(lock.start), "window": _window(job)}
    if not lock.inspector_ids:
        return None
    theirs = [crew for crew in crews if set(lock.inspector_ids) <= set(crew.inspector_ids)]
    if not theirs:
        names = " and ".join(_name(problem, person) for person in lock.inspector_ids)
        return "lock_apart", {"names": names}
    if not any(serves(job, *members(problem, crew)) for crew in theirs):
        return "lock_crew_lacks", {}
    return None


def _name(problem, person_id):
    known = {p.id: p for p in problem.inspectors}
    return known[person_id].name or person_id if person_id in known else person_id


def _split_crews(job, capable):
    if capable:
        return None
    return "split_crews", {}


def _no_time(problem, job, crews, capable, lock):
    """None when some capable crew could go there alone, work and be back in its shift."""
    for n in capable:
        if _fits_alone(problem, job, crews[n], lock):
            return None
    return "no_time", {"window": _window(job), "hours": f"{job.service / 3600:.1f}"}


def _window(job):
    return f"{clock(job.window[0])}–{clock(job.window[1])}"


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
