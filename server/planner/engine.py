"""Our small interface to the routing engine, and its one implementation on PyVRP 0.14.

The planner speaks only this module's words: a `RoutingProblem` is square travel matrices
(whole seconds, one per routing profile, over numbered locations), the `Stop`s to visit
(location, service time, window, demand, prize, required or not) and the `Fleet`s that drive
(start and end locations, working window, profile, how many, capacity). `solve` answers
`EngineRoute`s: which fleet, which stops in order. Travel is both the cost and the duration,
so the engine minimises travel time (or `costs`, when given). A prohibitive arc
(`PROHIBITIVE`) in a profile is how a fleet is kept from a stop it may not serve; PyVRP's
routing profiles carry them.

    >>> import numpy as np
    >>> matrix = np.array([[0, 1, 50], [50, 0, 1], [1, 50, 0]])
    >>> problem = RoutingProblem((matrix,), (Stop(1), Stop(2)), (Fleet(0, 0),))
    >>> result = solve(problem, seconds=1, iterations=50)
    >>> [route.stops for route in result.routes], result.feasible
    ([(0, 1)], True)
    >>> result.travel
    3
"""

from dataclasses import dataclass

import numpy as np
import pyvrp
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

#: A travel time no route may take: it marks arcs a fleet must never use.
PROHIBITIVE = 10**9
#: The end of the engine's time axis when nothing closes earlier.
OPEN = 10**12


@dataclass(frozen=True)
class Stop:
    """A place to visit once: its location, service time, start window, demand and prize."""

    location: int
    service: int = 0
    window: tuple[int, int] = (0, OPEN)
    demand: int = 0
    prize: int = 0
    required: bool = True


@dataclass(frozen=True)
class Fleet:
    """Vehicles alike: where they start and end, their working window, routing profile,
    how many there are and how much each carries (0: no capacity limit)."""

    start: int
    end: int
    window: tuple[int, int] = (0, OPEN)
    profile: int = 0
    count: int = 1
    capacity: int = 0


@dataclass(frozen=True)
class RoutingProblem:
    """Travel matrices (one per profile), the stops and the fleets; `costs` (one per
    profile, default the travel matrices) is what the engine minimises when it differs from
    the durations schedules are made with."""

    matrices: tuple[np.ndarray, ...]
    stops: tuple[Stop, ...]
    fleets: tuple[Fleet, ...]
    costs: tuple[np.ndarray, ...] | None = None


@dataclass(frozen=True)
class EngineRoute:
    """One vehicle's route: its fleet and the stops (indices into `stops`) in order."""

    fleet: int
    stops: tuple[int, ...]


@dataclass(frozen=True)
class EngineResult:
    """The routes found, whether the engine holds them feasible, and their travel."""

    routes: tuple[EngineRoute, ...]
    feasible: bool
    travel: int


def solve(problem, *, seconds, seed=0, iterations=None, initial=None):
    """The best routes the engine finds within `seconds` (and `iterations`, if given).

    `initial` (routes as `EngineRoute`s) warm-starts the search, e.g. the plan being
    re-planned. Routes without stops are left out.
    """
    if not problem.stops:
        return EngineResult((), True, 0)
    data, _ = _problem_data(problem)
    stop = MaxRuntime(seconds)
    if iterations is not None:
        stop = MultipleCriteria([MaxIterations(iterations), stop])
    warm = _solution(data, initial) if initial else None
    result = pyvrp.solve(
        data, stop, seed=seed, collect_stats=False, display=False, initial_solution=warm
    )
    best = result.best
    return EngineResult(tuple(_routes(best)), best.is_feasible(), best.distance())


def _problem_data(problem):
    """PyVRP's ProblemData: one depot per fleet end, the stops as clients."""
    size = len(problem.matrices[0])
    locations = [pyvrp.Location(x=0, y=0) for _ in range(size)]
    depot_locations = sorted({f.start for f in problem.fleets} | {f.end for f in problem.fleets})
    depot_of = {location: n for n, location in enumerate(depot_locations)}
    depots = [pyvrp.Depot(location=location) for location in depot_locations]
    has_load = any(stop.demand for stop in problem.stops)
    clients = [_client(stop, has_load) for stop in problem.stops]
    vehicle_types = [_vehicle_type(fleet, depot_of, has_load) for fleet in problem.fleets]
    durations = [np.asarray(matrix, dtype=np.int64) for matrix in problem.matrices]
    costs = [np.asarray(m, dtype=np.int64) for m in problem.costs or problem.matrices]
    data = pyvrp.ProblemData(locations, clients, depots, vehicle_types, costs, durations)
    return data, depot_of


def _client(stop, has_load):
    early, late = stop.window
    return pyvrp.Client(
        location=stop.location,
        delivery=[stop.demand] if has_load else [],
        service_duration=stop.service,
        tw_early=early,
        tw_late=late,
        prize=stop.prize,
        required=stop.required,
    )


def _vehicle_type(fleet, depot_of, has_load):
    early, late = fleet.window
    capacity = [fleet.capacity or OPEN] if has_load else []
    return pyvrp.VehicleType(
        num_available=fleet.count,
        capacity=capacity,
        start_depot=depot_of[fleet.start],
        end_depot=depot_of[fleet.end],
        tw_early=early,
        tw_late=late,
        profile=fleet.profile,
    )


def _solution(data, initial):
    routes = [pyvrp.Route(data, list(r.stops), r.fleet) for r in initial if r.stops]
    return pyvrp.Solution(data, routes)


def _routes(solution):
    for route in solution.routes():
        stops = tuple(a.idx for a in route.schedule() if a.is_client())
        if stops:
            yield EngineRoute(route.vehicle_type(), stops)
