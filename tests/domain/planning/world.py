"""A small planning world for the checker's tests: one office, two inspectors, two vehicles,
three jobs on a line, and a travel source of one minute per kilometre (a unit-test fake)."""

from dataclasses import replace
from datetime import date

from domain.planning.model import (
    Gear,
    Inspector,
    Place,
    Plan,
    PlanJob,
    PlanProblem,
    Route,
    Vehicle,
    Visit,
)

H = 3600
DEPOT = Place("depot", 0.0, 0.0)


class KilometreMinutes:
    """Travel of 60 s per unit of |Δlat| + |Δlon|, whatever the hour."""

    def seconds(self, origin, destination, depart):
        return round(60 * (abs(origin.lat - destination.lat) + abs(origin.lon - destination.lon)))

    def longest(self, origin, destination, earliest, latest):
        return self.seconds(origin, destination, earliest)


def job(job_id, km, **changes):
    base = PlanJob(
        id=job_id,
        office_id="o1",
        place=Place(f"p-{job_id}", float(km), 0.0),
        window=(8 * H, 17 * H),
        service=30 * 60,
        skills=frozenset({"nawi"}),
        equipment=(Gear("test_weights", 20, "kg"),),
    )
    return replace(base, **changes)


def problem(**changes):
    base = PlanProblem(
        day=date(2030, 1, 7),
        jobs=(job("j1", 10), job("j2", 20), job("j3", 30)),
        inspectors=(
            Inspector("chen", "o1", frozenset({"nawi", "fuel_dispenser"}), (8 * H, 17 * H)),
            Inspector("lin", "o1", frozenset({"taximeter"}), (8 * H, 17 * H)),
        ),
        vehicles=(
            Vehicle("car1", "o1", DEPOT, 5, (Gear("test_weights", 20, "kg"),)),
            Vehicle("car2", "o1", DEPOT, 1, (Gear("proving_measure", 20, "L"),)),
        ),
        travel=KilometreMinutes(),
    )
    return replace(base, **changes)


def timed_route(problem, vehicle_id, people, job_ids, depart=8 * H):
    """A route that leaves at `depart` and makes each visit as early as it can."""
    travel, vehicle = problem.travel, problem.vehicle(vehicle_id)
    here, free, visits = vehicle.depot, depart, []
    for job_id in job_ids:
        job = problem.job(job_id)
        arrival = free + travel.seconds(here, job.place, free)
        start = max(arrival, job.window[0])
        visits.append(Visit(job_id, arrival, start, start + job.service))
        here, free = job.place, start + job.service
    back = free + travel.seconds(here, vehicle.depot, free)
    return Route(vehicle_id, tuple(people), vehicle.depot, depart, tuple(visits), back)


def good_plan(problem):
    return Plan((timed_route(problem, "car1", ["chen", "lin"], ["j1", "j2", "j3"]),))
