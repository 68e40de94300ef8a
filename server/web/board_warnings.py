"""Warnings on the day board: the planner's independent checker judging the board as it is.

The day's assignments are turned into a plan the checker can read — one route per vehicle
and crew, its visits in route order at their planned starts, setting out from the depot just
in time for the first visit and back just after the last; the jobs nobody is assigned to are
listed as left out. `check_plan` (`domain.planning.checker`) then names every broken rule.
The board shows them by kind: a missed window, an overlap or too little time to travel
between two visits, a missing skill or piece of equipment, a team too small, a lock or a
shift broken, a crew without a vehicle. A crew without a vehicle is judged as riding in an
empty one (no equipment, as many seats as people), so its jobs' other rules are still
checked. A job being left out is not a warning (the list of unassigned jobs shows it).
"""

from dataclasses import dataclass, replace

from domain.planning.checker import check_plan
from domain.planning.model import Plan, Route, Unserved, Vehicle, Visit
from server.planner.day import seconds_of
from server.web.times import local_moment

#: Not a warning on the board: every unassigned job would be one.
NOT_SHOWN = ("coverage",)
UNASSIGNED = "not assigned on the board"
#: The id of the empty vehicle a crew without one is judged in.
NO_VEHICLE = ""
NO_VEHICLE_MESSAGE = "Job {job} has no vehicle: give its inspector one (or drag it to a crew)."


@dataclass(frozen=True)
class Warning:
    """One broken rule on the board: its kind, the job (or vehicle) and the checker's words."""

    kind: str
    subject: str
    message: str


def board_plan(problem, assignments, day):
    """The board's assignments as a plan of `problem` (see the module's docstring)."""
    started = {visit.job_id for visit in problem.started}
    crews = {}
    for job in problem.jobs:
        assignment = assignments.get(job.id)
        if job.id in started or not assignment or not assignment.get("planned_start"):
            continue
        start = _start(assignment, day)
        key = (assignment.get("vehicle_id") or NO_VEHICLE, tuple(assignment["inspector_ids"]))
        order = (assignment.get("route_order") or 0, start)
        crews.setdefault(key, []).append((order, Visit(job.id, start, start, start + job.service)))
    routes = tuple(_route(problem, key, visits) for key, visits in sorted(crews.items()))
    placed = {visit.job_id for route in routes for visit in route.visits} | started
    unserved = tuple(Unserved(job.id, UNASSIGNED) for job in problem.jobs if job.id not in placed)
    return Plan(routes, unserved, problem.started)


def _start(assignment, day):
    return seconds_of(local_moment(assignment["planned_start"]), day)


def _route(problem, key, visits):
    vehicle_id, people = key
    ordered = tuple(visit for _, visit in sorted(visits, key=lambda item: item[0]))
    depot = _depot(problem, vehicle_id, ordered)
    travel = problem.travel
    first, last = ordered[0], ordered[-1]
    lead = travel.seconds(depot, problem.job(first.job_id).place, first.start)
    trail = travel.seconds(problem.job(last.job_id).place, depot, last.end)
    return Route(vehicle_id, people, depot, max(first.start - lead, 0), ordered, last.end + trail)


def _depot(problem, vehicle_id, visits):
    """The vehicle's depot; for a crew without one, the office's (any vehicle's)."""
    depots = {v.id: v.depot for v in problem.vehicles}
    if vehicle_id in depots:
        return depots[vehicle_id]
    if depots:
        return next(iter(depots.values()))
    return problem.job(visits[0].job_id).place


def board_warnings(problem, assignments, day):
    """Every rule the board breaks, as `Warning`s (coverage left out)."""
    plan = board_plan(problem, assignments, day)
    judged = _with_empty_vehicle(problem, plan)
    found = [
        Warning(v.kind, v.subject, v.message)
        for v in check_plan(judged, plan)
        if v.kind not in NOT_SHOWN and v.subject != NO_VEHICLE
    ]
    for route in plan.routes:
        if route.vehicle_id == NO_VEHICLE:
            for visit in route.visits:
                message = NO_VEHICLE_MESSAGE.format(job=visit.job_id)
                found.append(Warning("crew", visit.job_id, message))
    return found


def _with_empty_vehicle(problem, plan):
    """The problem with an empty vehicle for crews without one (none needed: as it is)."""
    crews = [route for route in plan.routes if route.vehicle_id == NO_VEHICLE]
    if not crews:
        return problem
    seats = max(len(route.inspector_ids) for route in crews)
    office_id = problem.inspector(crews[0].inspector_ids[0]).office_id
    depot = crews[0].start  # the office's, as `_depot` chose
    return replace(
        problem, vehicles=(*problem.vehicles, Vehicle(NO_VEHICLE, office_id, depot, seats))
    )
