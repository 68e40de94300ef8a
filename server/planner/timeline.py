"""Times the engine's routes with the real travel source, and drops what no longer fits.

The engine plans with the longest trip of the day between two places; the real trip may be
shorter (a ferry caught on time) or, after the last sailing, impossible. `time_routes` walks
each crew's visits in the engine's order with `TravelTimes.seconds` at the actual hour,
starting each visit as early as its window (or lock) allows; a visit that would start after
its window, miss its locked time, or keep the crew out past its shift is taken out with its
reason, and the walk goes on without it. `timed_route` is the same walk that drops nothing:
the route when every job fits, else None.
"""

from domain.planning.model import Route, Visit, clock
from domain.planning.reasons import gap
from server.planner.crews import departure, members, shift_of


def time_routes(problem, crews, jobs_of_crew):
    """`(routes, [Unserved])` for `jobs_of_crew` (crew index -> jobs in visiting order);
    every crew gets a route, idle ones with no visits."""
    routes, dropped = [], []
    for n, crew in enumerate(crews):
        route, out = _time_route(problem, crew, list(jobs_of_crew.get(n, ())))
        routes.append(route)
        dropped += out
    return tuple(routes), dropped


def _time_route(problem, crew, jobs):
    """The crew's route, walking again without each visit that does not fit."""
    vehicle, people = members(problem, crew)
    start = departure(problem, crew)
    end_of_shift = shift_of(people)[1]
    dropped = []
    while True:
        visits, back, late = _walk(problem, start, jobs, vehicle.depot, end_of_shift)
        if late is None:
            route = Route(vehicle.id, crew.inspector_ids, start.place, start.time, visits, back)
            return route, dropped
        job, (code, values) = late
        jobs.remove(job)
        dropped.append(gap(job.id, code, **values))


def timed_route(problem, crew, jobs):
    """The crew's route through `jobs` in this order, or None when one of them does not fit."""
    vehicle, people = members(problem, crew)
    start = departure(problem, crew)
    visits, back, late = _walk(problem, start, jobs, vehicle.depot, shift_of(people)[1])
    if late is not None:
        return None
    return Route(vehicle.id, crew.inspector_ids, start.place, start.time, visits, back)


def _walk(problem, start, jobs, depot, end_of_shift):
    """`(visits, back, None)` when every job fits, else `(.., .., (job, reason))` for the
    first that does not."""
    travel = problem.travel
    here, free, visits = start.place, start.time, []
    for job in jobs:
        arrival = free + travel.seconds(here, job.place, free)
        lock = problem.lock_of(job.id)
        locked_at = lock.start if lock and lock.start is not None else None
        begin = max(arrival, job.window[0] if locked_at is None else locked_at)
        if begin > job.window[1] or (locked_at is not None and begin != locked_at):
            return visits, None, (job, _late_reason(job, arrival, locked_at))
        visits.append(Visit(job.id, arrival, begin, begin + job.service))
        here, free = job.place, begin + job.service
    back = free + travel.seconds(here, depot, free)
    if back > end_of_shift and jobs:
        last = jobs[-1]
        return (
            visits,
            None,
            (last, ("late_back", {"end": clock(end_of_shift)})),
        )
    return tuple(visits), back, None


def _late_reason(job, arrival, locked_at):
    if locked_at is not None:
        return "late_lock", {"start": clock(locked_at), "arrival": clock(arrival)}
    window = f"{clock(job.window[0])}–{clock(job.window[1])}"
    return "late_window", {"window": window, "arrival": clock(arrival)}


def travel_seconds(problem, route):
    """The time a route spends travelling, leg by leg at the hour each leg leaves."""
    travel, here, free, total = problem.travel, route.start, route.depart, 0
    for visit in route.visits:
        job = problem.job(visit.job_id)
        total += travel.seconds(here, job.place, free)
        here, free = job.place, visit.end
    return total + travel.seconds(here, problem.vehicle(route.vehicle_id).depot, free)
