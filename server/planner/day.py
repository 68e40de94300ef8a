"""An office's day as the planner sees it: its records read into a plan problem.

`read_day(db, office_id, day, now=None)` reads the office, its active inspectors (their skills
and shifts), its active vehicles (seats, equipment, the office as depot), and the jobs whose
window reaches into the day and that are open (requested, scheduled or dispatched, and not
assigned to another day), with their sites. The day's live assignments give the locks
(`locked`, `lock_scope`), the visits already started (jobs in progress or done: never moved)
and the plan the crews are following. `now` (an aware datetime on the plan's day) makes it a
mid-day problem: crews keep their vehicles and set out from their last visit started or
finished, once it is over. `fingerprint` is a digest of every record read, so a proposal is
applied only to the records it was made from.
"""

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, timezone

from domain.job_states import JobStatus
from domain.planning.model import (
    Crew,
    Departure,
    Gear,
    Inspector,
    Lock,
    Place,
    Plan,
    PlanJob,
    PlanProblem,
    Route,
    StartedVisit,
    Vehicle,
    Visit,
)
from domain.planning.travel import DAY
from server.planner.crews import crews_on_the_road
from server.planner.ferry import FerryTravel, island_at
from sync.server.records import get_record, list_records

#: The offices' time zone: plan times are seconds since local midnight.
TAIPEI = timezone(timedelta(hours=8))
#: An inspector's shift when their record sets none.
DEFAULT_SHIFT = ("08:00", "17:30")
OPEN = (JobStatus.REQUESTED, JobStatus.SCHEDULED, JobStatus.DISPATCHED)
STARTED = (JobStatus.IN_PROGRESS, JobStatus.DONE)
ALL = 100_000


@dataclass(frozen=True)
class Day:
    """A day read from the records: the problem, the plan being followed, the assignments
    by job id, and the fingerprint of everything read."""

    problem: PlanProblem
    current: Plan
    assignments: dict
    fingerprint: str


def read_day(db, office_id, day, now=None, travel=None):
    """The office's `day` (a `date`) as a `Day`; `now` makes it a mid-day re-plan."""
    office = get_record(db, "offices", office_id)
    read = [office]
    people = _live(db, "users", office_id, lambda u: u["role"] == "inspector" and u["active"])
    cars = _live(db, "vehicles", office_id, lambda v: v.get("active", True))
    depot = _place(office, office["code"])
    jobs, assignments = _jobs_of_day(db, office_id, day)
    sites = {job["site_id"]: get_record(db, "sites", job["site_id"]) for job in jobs}
    read += people + cars + jobs + list(assignments.values()) + list(sites.values())
    clock_now = seconds_of(now, day) if now is not None else None
    plan_jobs = tuple(_job(job, sites[job["site_id"]], office["code"], day) for job in jobs)
    started = tuple(_started(assignments, job, day) for job in jobs if job["status"] in STARTED)
    problem = PlanProblem(
        day=day,
        jobs=plan_jobs,
        inspectors=tuple(_inspector(person) for person in people),
        vehicles=tuple(_vehicle(car, depot) for car in cars),
        travel=travel or FerryTravel.matsu(),
        locks=tuple(_locks(assignments, jobs, day)),
        started=tuple(visit for visit in started if visit is not None),
        now=clock_now,
        office_names={office_id: office["name_en"]},
    )
    current = _current_plan(problem, assignments, day)
    if now is not None:
        problem = _mid_day(problem, current, clock_now)
    return Day(problem, current, assignments, _fingerprint(read))


def seconds_of(moment, day):
    """Seconds since local midnight of `day` (clamped to the day) of an aware datetime."""
    midnight = datetime.combine(day, time(0), TAIPEI)
    return int(min(max((moment - midnight).total_seconds(), 0), DAY))


def moment_of(seconds, day):
    """The aware datetime (local time) of a plan time of `day`."""
    return datetime.combine(day, time(0), TAIPEI) + timedelta(seconds=seconds)


def _live(db, collection, office_id, keep):
    return [r for r in list_records(db, collection, office_id=office_id, limit=ALL) if keep(r)]


def _jobs_of_day(db, office_id, day):
    """The jobs of the day and their live assignments {job id: assignment}."""
    start = datetime.combine(day, time(0), TAIPEI)
    end = start + timedelta(days=1)
    assignments = {}
    for assignment in list_records(db, "assignments", limit=ALL):
        assignments.setdefault(assignment["job_id"], assignment)
    jobs = []
    for job in list_records(db, "jobs", office_id=office_id, limit=ALL):
        assigned = assignments.get(job["id"])
        on_day = assigned is not None and assigned["date"] == day.isoformat()
        if assigned is not None and not on_day:
            continue
        is_open = job["status"] in OPEN or (job["status"] in STARTED and on_day)
        window = (_aware(job["window_start"]), _aware(job["window_end"]))
        if is_open and window[0] < end and window[1] > start:
            jobs.append(job)
    return jobs, {job["id"]: assignments[job["id"]] for job in jobs if job["id"] in assignments}


def _aware(text):
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=TAIPEI)


def _place(record, area):
    lat, lon = record.get("lat"), record.get("lon")
    if lat is None or lon is None:
        raise MissingPlace(record)
    return Place(record["id"], lat, lon, area, island_at(lat, lon))


class MissingPlace(ValueError):
    """A site or office without coordinates: the planner cannot place it on the map."""

    def __init__(self, record):
        self.record_id = record["id"]
        name = record.get("name") or record.get("name_en") or record["id"]
        super().__init__(f"{name} ({record['id']}) has no coordinates (lat, lon) to plan with.")


def _job(job, site, area, day):
    window = (
        seconds_of(_aware(job["window_start"]), day),
        seconds_of(_aware(job["window_end"]), day),
    )
    return PlanJob(
        id=job["id"],
        office_id=job["office_id"],
        place=_place(site, area),
        window=window,
        service=job["estimated_minutes"] * 60,
        skills=frozenset(job.get("required_skills") or ()),
        equipment=tuple(
            Gear(need["kind"], need.get("capacity"), need.get("unit") or "")
            for need in job.get("required_equipment") or ()
        ),
        priority=job.get("priority") or 0,
        inspectors_needed=job.get("inspectors_needed") or 1,
        label=job.get("application_number") or job["kind"],
    )


def _hm(text):
    hours, minutes = map(int, text.split(":"))
    return hours * 3600 + minutes * 60


def _inspector(user):
    start = user.get("shift_start") or DEFAULT_SHIFT[0]
    end = user.get("shift_end") or DEFAULT_SHIFT[1]
    return Inspector(
        user["id"],
        user["office_id"],
        frozenset(user.get("skills") or ()),
        (_hm(start), _hm(end)),
        user.get("display_name", ""),
    )


def _vehicle(car, depot):
    gear = tuple(Gear(g["kind"], g["capacity"], g["unit"]) for g in car.get("equipment") or ())
    return Vehicle(car["id"], car["office_id"], depot, car["seats"], gear, car["plate"])


def _planned_start(assignment, day):
    text = assignment.get("planned_start")
    return seconds_of(_aware(text), day) if text else None


def _started(assignments, job, day):
    assignment = assignments.get(job["id"])
    start = _planned_start(assignment, day) if assignment else None
    if start is None:
        return None
    return StartedVisit(
        job["id"],
        assignment.get("vehicle_id"),
        tuple(assignment["inspector_ids"]),
        start,
        start + job["estimated_minutes"] * 60,
    )


def _locks(assignments, jobs, day):
    for job in jobs:
        assignment = assignments.get(job["id"])
        if not assignment or not assignment.get("locked") or job["status"] in STARTED:
            continue
        scope = assignment.get("lock_scope") or "both"
        people = tuple(assignment["inspector_ids"]) if scope in ("inspector", "both") else ()
        start = _planned_start(assignment, day) if scope in ("time", "both") else None
        yield Lock(job["id"], people, start)


def _current_plan(problem, assignments, day):
    """The plan the crews follow now: the day's open assignments, by vehicle and order
    (for comparing and warm-starting; its routes are not timed)."""
    started = {visit.job_id for visit in problem.started}
    by_vehicle = {}
    for job in problem.jobs:
        assignment = assignments.get(job.id)
        start = _planned_start(assignment, day) if assignment else None
        if assignment is None or start is None or job.id in started:
            continue
        key = (assignment.get("vehicle_id") or "", tuple(assignment["inspector_ids"]))
        visit = Visit(job.id, start, start, start + job.service)
        by_vehicle.setdefault(key, []).append((assignment.get("route_order", 0), start, visit))
    routes = []
    for (vehicle_id, people), visits in sorted(by_vehicle.items()):
        ordered = tuple(v for _, _, v in sorted(visits, key=lambda item: item[:2]))
        known = {vehicle.id: vehicle.depot for vehicle in problem.vehicles}
        depot = known.get(vehicle_id, Place("", 0, 0))
        routes.append(Route(vehicle_id, people, depot, 0, ordered, DAY))
    return Plan(tuple(routes))


def _mid_day(problem, current, now):
    """The problem from `now`: crews as they are on the road, each setting out from its last
    visit started or finished, once it is over."""
    pairs = {}
    for route in current.routes:
        pairs.setdefault(route.vehicle_id, set()).update(route.inspector_ids)
    for visit in problem.started:
        if visit.vehicle_id:
            pairs.setdefault(visit.vehicle_id, set()).update(visit.inspector_ids)
    ordered = {vehicle: tuple(sorted(people)) for vehicle, people in pairs.items()}
    crews = crews_on_the_road(problem, ordered)
    return replace(problem, crews=tuple(_set_out(problem, crew, now) for crew in crews))


def _set_out(problem, crew, now):
    mine = [v for v in problem.started if v.vehicle_id == crew.vehicle_id]
    if not mine:
        return crew
    last = max(mine, key=lambda visit: visit.start)
    place = problem.job(last.job_id).place
    return Crew(crew.vehicle_id, crew.inspector_ids, Departure(place, max(now, last.end)))


def _fingerprint(records):
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: r["id"]):
        digest.update(f"{record['id']}:{record.get('version')};".encode())
    return digest.hexdigest()
