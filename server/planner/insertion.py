"""Fills the gaps the engine leaves: jobs it left out, placed where they still fit.

The engine plans with the longest trip of the day between two places, so a crew that would
catch a ferry on time has room the engine did not see. `fill_gaps` tries every job left out
(the most urgent first, then the shortest) at every position of every crew that may serve it,
timed with the real travel source (`timeline.timed_route`), and keeps the insertion that
adds the least travel; a job that fits nowhere stays out. Every route it hands back keeps all
its windows, locks and shifts.
"""

from server.planner.timeline import timed_route, travel_seconds


def fill_gaps(problem, crews, capable, jobs_of_crew, left_out):
    """`jobs_of_crew` (crew index -> jobs in order) with as many of `left_out` placed as fit,
    and the ids of those placed."""
    plan = {n: list(jobs_of_crew.get(n, ())) for n in range(len(crews))}
    travel = {n: _travel(problem, crews[n], plan[n]) for n in plan}
    placed = set()
    for job in sorted(left_out, key=lambda j: (-j.priority, j.service, j.id)):
        best = _cheapest(problem, crews, plan, travel, job, capable[job.id])
        if best is None:
            continue
        n, jobs, cost = best
        plan[n], travel[n] = jobs, cost
        placed.add(job.id)
    return plan, placed


def _cheapest(problem, crews, plan, travel, job, capable):
    """`(crew index, its jobs with `job` in, their travel)` adding the least travel, or None."""
    best = None
    for n in capable:
        for position in range(len(plan[n]) + 1):
            jobs = [*plan[n][:position], job, *plan[n][position:]]
            cost = _travel(problem, crews[n], jobs)
            if cost is not None and (best is None or cost - travel[n] < best[2] - travel[best[0]]):
                best = (n, jobs, cost)
    return best


def _travel(problem, crew, jobs):
    route = timed_route(problem, crew, jobs)
    return None if route is None else travel_seconds(problem, route)
