"""The planner: a plan problem in, a plan the independent checker accepts out.

`propose(problem, seconds=...)` pairs inspectors with vehicles (the problem's crews, else
`pairing.choose_crews`), sets aside the jobs no crew can serve with their reasons
(`screening`), lets the engine route the rest (`builder`, `engine`), times the routes with the
real travel source (`timeline`), places what the engine left out where it still fits
(`insertion`) and names a reason for every job the engine left out. The
plan is checked by `domain.planning.checker` before it is returned: a plan that breaks a hard
rule is never handed on (`PlanInfeasible`). `previous` (a plan of the same crews) warm-starts
the engine — how a re-plan starts from the plan the crews are following.
"""

from domain.planning.checker import require_feasible
from domain.planning.model import Plan
from domain.planning.reasons import gap
from server.planner import engine
from server.planner.builder import build
from server.planner.insertion import fill_gaps
from server.planner.pairing import choose_crews
from server.planner.screening import capable_crews, screen
from server.planner.timeline import time_routes

#: Seconds the engine searches by default.
DEFAULT_SECONDS = 2.0


def propose(problem, *, seconds=DEFAULT_SECONDS, seed=0, iterations=None, previous=None):
    """The best plan found in about `seconds`, checked; raises `PlanInfeasible` if the
    checker refuses it (a bug, never a plan)."""
    if problem.crews is None:
        crews = choose_crews(problem, propose, seconds, seed)
    else:
        crews = tuple(problem.crews)
    jobs, unserved = screen(problem, crews)
    capable = capable_crews(problem, crews)
    routes_by_crew = {}
    if jobs and crews:
        built = build(problem, crews, jobs, capable)
        initial = _warm_start(built, previous)
        result = engine.solve(
            built.routing, seconds=seconds, seed=seed, iterations=iterations, initial=initial
        )
        routes_by_crew = {r.fleet: [built.jobs[i] for i in r.stops] for r in result.routes}
    routes, dropped = _timed_and_filled(problem, crews, capable, jobs, routes_by_crew)
    placed = {v.job_id for route in routes for v in route.visits}
    placed |= {gap.job_id for gap in [*unserved, *dropped]}
    left_out = [gap(job.id, "left_out") for job in jobs if job.id not in placed]
    plan = Plan(routes, tuple(unserved + dropped + left_out), tuple(problem.started))
    return require_feasible(problem, plan)


def _timed_and_filled(problem, crews, capable, jobs, routes_by_crew):
    """The engine's routes timed with real travel, then the jobs left out placed where they
    still fit (`insertion`); `(routes, [Unserved] of the jobs timing took out)`."""
    routes, dropped = time_routes(problem, crews, routes_by_crew)
    kept = {n: [problem.job(v.job_id) for v in route.visits] for n, route in enumerate(routes)}
    routed = {job.id for crew_jobs in kept.values() for job in crew_jobs}
    waiting = [job for job in jobs if job.id not in routed]
    if not waiting:
        return routes, dropped
    filled, inserted = fill_gaps(problem, crews, capable, kept, waiting)
    routes, _ = time_routes(problem, crews, filled)
    return routes, [gap for gap in dropped if gap.job_id not in inserted]


def _warm_start(built, previous):
    """The previous plan's routes as engine routes (jobs and crews still in the problem)."""
    if previous is None:
        return None
    stop_of = {job.id: n for n, job in enumerate(built.jobs)}
    fleet_of = {crew.vehicle_id: n for n, crew in enumerate(built.crews)}
    routes = []
    for route in previous.routes:
        stops = tuple(stop_of[v.job_id] for v in route.visits if v.job_id in stop_of)
        if route.vehicle_id in fleet_of and stops:
            routes.append(engine.EngineRoute(fleet_of[route.vehicle_id], stops))
    return routes or None
