"""The independent feasibility checker: does a plan keep every hard rule of its problem?

It shares no code with the planner that builds plans: it walks each route itself with the
problem's travel-time source and answers every broken rule as a `Violation` (its kind, the
job or route, a sentence). Kinds: `coverage` (a job planned twice, planned and left out, or
missing; an unknown job; a reason missing), `crew` (unknown or double-booked inspector or
vehicle, another office's), `seats`, `skill`, `equipment`, `team` (too few inspectors),
`travel` (arrives sooner than the trip allows), `window`, `shift`, `lock`, `started` (a visit
already started moved or dropped).

`check_plan(problem, plan)` returns the list (empty: feasible); `require_feasible` raises
`PlanInfeasible` with all of them.
"""

from dataclasses import dataclass

from domain.planning.model import Plan, PlanProblem, clock


@dataclass(frozen=True)
class Violation:
    """One broken rule: `kind` names the rule, `subject` the job (or vehicle) it is about."""

    kind: str
    subject: str
    message: str


class PlanInfeasible(ValueError):
    """A plan the checker refuses; `.violations` lists every broken rule."""

    def __init__(self, violations):
        self.violations = list(violations)
        super().__init__("; ".join(v.message for v in self.violations[:5]))


def require_feasible(problem: PlanProblem, plan: Plan) -> Plan:
    """The plan itself when it keeps every rule; raises `PlanInfeasible` otherwise."""
    violations = check_plan(problem, plan)
    if violations:
        raise PlanInfeasible(violations)
    return plan


def check_plan(problem: PlanProblem, plan: Plan) -> list[Violation]:
    """Every rule `plan` breaks (an empty list when it is feasible)."""
    violations = _coverage(problem, plan) + _bookings(problem, plan) + _started(problem, plan)
    for route in plan.routes:
        violations += _route(problem, route)
    return violations


def _coverage(problem, plan):
    """Each job once: visited by one route or left out with a reason, never both or neither."""
    found = []
    seen = {}
    for job_id in plan.served_ids():
        seen[job_id] = seen.get(job_id, 0) + 1
    for gap in plan.unserved:
        seen[gap.job_id] = seen.get(gap.job_id, 0) + 1
        if not gap.reason.strip():
            found.append(Violation("coverage", gap.job_id, f"Job {gap.job_id} has no reason."))
    started = {visit.job_id for visit in problem.started}
    known = {job.id for job in problem.jobs}
    for job_id, count in seen.items():
        if job_id in started:
            continue
        if job_id not in known:
            found.append(Violation("coverage", job_id, f"Job {job_id} is not in the problem."))
        elif count > 1:
            found.append(Violation("coverage", job_id, f"Job {job_id} is placed {count} times."))
    for job_id in sorted(known - set(seen) - started):
        found.append(
            Violation(
                "coverage", job_id, f"Job {job_id} is neither planned nor listed as unserved."
            )
        )
    return found


def _bookings(problem, plan):
    """Each inspector and vehicle in one route at most, all known."""
    found = []
    vehicles = [route.vehicle_id for route in plan.routes]
    people = [person for route in plan.routes for person in route.inspector_ids]
    for kind, ids in (("vehicle", vehicles), ("inspector", people)):
        known = {item.id for item in getattr(problem, f"{kind}s")}
        for item_id in sorted(set(ids)):
            if item_id not in known:
                found.append(Violation("crew", item_id, f"Unknown {kind} {item_id}."))
            elif ids.count(item_id) > 1:
                found.append(
                    Violation(
                        "crew", item_id, f"The {kind} {item_id} is in {ids.count(item_id)} routes."
                    )
                )
    return found


def _started(problem, plan):
    """A visit already started stays in the plan as it was."""
    kept = {visit.job_id: visit for visit in plan.started}
    placed = set(plan.served_ids()) | {gap.job_id for gap in plan.unserved}
    found = []
    for visit in problem.started:
        if kept.get(visit.job_id) != visit or visit.job_id in placed:
            found.append(
                Violation(
                    "started",
                    visit.job_id,
                    f"Job {visit.job_id} was already "
                    "started; it must stay with its crew at its time.",
                )
            )
    return found


def _route(problem, route):
    """The crew's rules, then the route walked visit by visit."""
    vehicle = _known_vehicle(problem, route)
    people = [_known_inspector(problem, person) for person in route.inspector_ids]
    if vehicle is None or None in people or not people:
        return [
            Violation(
                "crew",
                route.vehicle_id,
                f"Route of {route.vehicle_id} has an "
                "unknown vehicle or inspector, or no inspector.",
            )
        ]
    found = _crew_rules(route, vehicle, people)
    for visit in route.visits:
        if problem.has_job(visit.job_id):
            found += _job_rules(problem, problem.job(visit.job_id), route, vehicle, people)
    return found + _after_started(problem, route) + _timeline(problem, route, vehicle, people)


def _after_started(problem, route):
    """Mid-day, a crew sets out from its last started visit, once that visit is over."""
    mine = [v for v in problem.started if v.vehicle_id == route.vehicle_id]
    if not mine:
        return []
    last = max(mine, key=lambda visit: visit.start)
    place = problem.job(last.job_id).place if problem.has_job(last.job_id) else route.start
    if route.depart < last.end or route.start != place:
        return [
            Violation(
                "started",
                route.vehicle_id,
                f"The crew of {route.vehicle_id} must set out from job {last.job_id}, "
                f"once it ends at {clock(last.end)}.",
            )
        ]
    return []


def _known_vehicle(problem, route):
    return next((v for v in problem.vehicles if v.id == route.vehicle_id), None)


def _known_inspector(problem, person_id):
    return next((p for p in problem.inspectors if p.id == person_id), None)


def _crew_rules(route, vehicle, people):
    found = []
    if len(people) > vehicle.seats:
        found.append(
            Violation(
                "seats",
                vehicle.id,
                f"{len(people)} inspectors in {vehicle.id}, which has {vehicle.seats} seats.",
            )
        )
    for person in people:
        if person.office_id != vehicle.office_id:
            found.append(
                Violation(
                    "crew",
                    person.id,
                    f"Inspector {person.id} is of another office than vehicle {vehicle.id}.",
                )
            )
    return found


def _job_rules(problem, job, route, vehicle, people):
    """Office, skills, equipment, team size and inspector lock of one visited job."""
    found = []
    if job.office_id != vehicle.office_id:
        found.append(
            Violation(
                "crew", job.id, f"Job {job.id} is of another office than vehicle {vehicle.id}."
            )
        )
    skills = set().union(*(person.skills for person in people))
    for skill in sorted(job.skills - skills):
        found.append(
            Violation(
                "skill",
                job.id,
                f"Job {job.id} needs skill {skill}; nobody in the crew of {vehicle.id} has it.",
            )
        )
    for need in job.equipment:
        if not any(gear.covers(need) for gear in vehicle.equipment):
            found.append(
                Violation(
                    "equipment",
                    job.id,
                    f"Job {job.id} needs the "
                    f"{need.describe()}; vehicle {vehicle.id} does not carry it.",
                )
            )
    if len(people) < job.inspectors_needed:
        found.append(
            Violation(
                "team",
                job.id,
                f"Job {job.id} needs {job.inspectors_needed} "
                f"inspectors; the crew has {len(people)}.",
            )
        )
    lock = problem.lock_of(job.id)
    missing = sorted(set(lock.inspector_ids) - set(route.inspector_ids)) if lock else []
    if missing:
        found.append(
            Violation(
                "lock",
                job.id,
                f"Job {job.id} is locked to inspector {', '.join(missing)}, "
                "who is not in this crew.",
            )
        )
    return found


def _timeline(problem, route, vehicle, people):
    """Walk the route: trips no faster than the travel source, starts inside windows and
    locks, the whole day inside every crew member's shift."""
    found = []
    shift_start = max(person.shift[0] for person in people)
    shift_end = min(person.shift[1] for person in people)
    if route.depart < shift_start:
        found.append(
            Violation(
                "shift",
                vehicle.id,
                f"The crew of {vehicle.id} sets out at "
                f"{clock(route.depart)}, before its shift ({clock(shift_start)}).",
            )
        )
    if problem.now is not None and route.depart < problem.now:
        found.append(
            Violation(
                "shift",
                vehicle.id,
                f"The crew of {vehicle.id} is planned to set out at {clock(route.depart)}, "
                f"before now ({clock(problem.now)}).",
            )
        )
    here, free = route.start, route.depart
    for visit in route.visits:
        if not problem.has_job(visit.job_id):
            continue
        job = problem.job(visit.job_id)
        earliest = free + problem.travel.seconds(here, job.place, free)
        found += _visit_rules(problem, job, visit, earliest)
        here, free = job.place, max(visit.end, visit.start + job.service)
    home = free + problem.travel.seconds(here, vehicle.depot, free)
    if route.back < home:
        found.append(
            Violation(
                "travel",
                vehicle.id,
                f"The crew of {vehicle.id} cannot be back "
                f"by {clock(route.back)}; the trip ends at {clock(home)}.",
            )
        )
    if max(route.back, home) > shift_end:
        found.append(
            Violation(
                "shift",
                vehicle.id,
                f"The crew of {vehicle.id} is back at "
                f"{clock(max(route.back, home))}, after its shift "
                f"({clock(shift_end)}).",
            )
        )
    return found


def _visit_rules(problem, job, visit, earliest):
    found = []
    if visit.arrival < earliest:
        found.append(
            Violation(
                "travel",
                job.id,
                f"Job {job.id}: arrival {clock(visit.arrival)} "
                f"is sooner than the trip allows ({clock(earliest)}).",
            )
        )
    if visit.start < max(visit.arrival, earliest) or visit.end < visit.start + job.service:
        found.append(
            Violation(
                "window",
                job.id,
                f"Job {job.id}: the work must start after arrival and last its service time.",
            )
        )
    if not job.window[0] <= visit.start <= job.window[1]:
        found.append(
            Violation(
                "window",
                job.id,
                f"Job {job.id} starts at {clock(visit.start)}, "
                f"outside its window {clock(job.window[0])}–"
                f"{clock(job.window[1])}.",
            )
        )
    lock = problem.lock_of(job.id)
    if lock and lock.start is not None and visit.start != lock.start:
        found.append(
            Violation(
                "lock",
                job.id,
                f"Job {job.id} is locked to start at "
                f"{clock(lock.start)}, not {clock(visit.start)}.",
            )
        )
    return found
