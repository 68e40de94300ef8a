"""The model builder: a plan problem and its crews as a routing problem for the engine.

Locations are the crews' starts and depots and the jobs' sites. The base matrix holds, for
each pair, the longest trip for departures during the day (`TravelTimes.longest`), so a
schedule the engine keeps is one the real trips (a ferry that leaves on the hour) keep too;
pairs with no same-day trip are prohibitive. What the engine minimises is the trip at the
start of the day (a ferry's worst wait is not what it usually costs). Each crew drives its
own routing profile: the base matrix with every arc into a job the crew may not serve
(skill, equipment, team size, lock) made prohibitive — that keeps skills and equipment
hard, which a load dimension would only penalise. Every job is optional with a prize, so
what cannot fit is left out rather than forced in; an urgent job's prize is higher, so it is
the last one left out.
"""

from dataclasses import dataclass

import numpy as np

from server.planner.crews import departure, members, shift_of
from server.planner.engine import PROHIBITIVE, Fleet, RoutingProblem, Stop

#: A job's prize (seconds of travel it is worth) and what each step of priority adds: high
#: enough that serving one more job beats any detour within a day.
PRIZE = 10 * 3600
PRIZE_PER_PRIORITY = 2 * 3600


@dataclass(frozen=True)
class Built:
    """The routing problem and how its indices map back: stop -> job, fleet -> crew."""

    routing: RoutingProblem
    jobs: tuple
    crews: tuple


def build(problem, crews, jobs, capable):
    """The routing problem of `jobs` (each with its `capable` crews) for `crews`."""
    places, index = [], {}

    def location(place, key=None):
        key = key or ("place", place.id)
        if key not in index:
            index[key] = len(places)
            places.append(place)
        return index[key]

    starts = [location(departure(problem, crew).place) for crew in crews]
    depots = [location(members(problem, crew)[0].depot) for crew in crews]
    # Each job its own location, so a profile can close one job of a site and not another.
    sites = [location(job.place, ("job", job.id)) for job in jobs]
    base, cost = _base_matrices(problem, crews, places)
    allowed = [[n in capable[job.id] for job in jobs] for n in range(len(crews))]
    profiles = tuple(_profile(base, sites, ok) for ok in allowed)
    costs = tuple(_profile(cost, sites, ok) for ok in allowed)
    stops = tuple(_stop(problem, job, site) for job, site in zip(jobs, sites, strict=True))
    fleets = tuple(
        _fleet(problem, crew, n, start, depot)
        for n, (crew, start, depot) in enumerate(zip(crews, starts, depots, strict=True))
    )
    routing = RoutingProblem(profiles, stops, fleets, costs)
    return Built(routing, tuple(jobs), tuple(crews))


def _base_matrices(problem, crews, places):
    """The longest trips of the day (for schedules) and the trips at the day's start (what
    travel costs: a ferry's worst wait is not what it usually costs)."""
    earliest = min((departure(problem, crew).time for crew in crews), default=0)
    latest = max((shift_of(members(problem, crew)[1])[1] for crew in crews), default=0)
    size = len(places)
    longest = np.zeros((size, size), dtype=np.int64)
    cost = np.zeros((size, size), dtype=np.int64)
    for i, origin in enumerate(places):
        for j, destination in enumerate(places):
            if i != j:
                trip = problem.travel.longest(origin, destination, earliest, latest)
                longest[i, j] = PROHIBITIVE if trip is None else trip
                usual = problem.travel.seconds(origin, destination, earliest)
                cost[i, j] = PROHIBITIVE if trip is None else min(usual, trip)
    return longest, cost


def _profile(base, sites, allowed):
    matrix = base.copy()
    for site, ok in zip(sites, allowed, strict=True):
        if not ok:
            matrix[:, site] = PROHIBITIVE
            matrix[site, site] = 0
    return matrix


def _stop(problem, job, site):
    lock = problem.lock_of(job.id)
    window = job.window
    if lock and lock.start is not None:
        window = (lock.start, lock.start)
    return Stop(site, job.service, window, prize=prize_of(job), required=False)


def prize_of(job):
    """What serving `job` is worth to the engine (seconds of travel): more when urgent."""
    return PRIZE + PRIZE_PER_PRIORITY * job.priority


def _fleet(problem, crew, n, start, depot):
    _, people = members(problem, crew)
    return Fleet(start, depot, (departure(problem, crew).time, shift_of(people)[1]), profile=n)
