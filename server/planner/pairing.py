"""Whether an office pairs two inspectors for its joint jobs, decided by what each day is worth.

A crew of two serves the joint jobs (market audits take two) but halves what those two do for
the rest of the day. `choose_crews` plans each office both ways for a short while — the crews
`form_crews` makes (a crew of two), and every inspector in a vehicle of their own — and keeps
the crews whose plan is worth more by the engine's own measure (the prizes of the jobs
served, urgent ones worth more, less the travel). A dispatcher who wants the pair anyway
locks the joint job to two inspectors: inspectors locked together always ride together.
"""

from dataclasses import replace

from server.planner.builder import prize_of
from server.planner.crews import form_crews
from server.planner.timeline import travel_seconds

#: The share of the planner's time each trial plan gets (times the office's share of jobs).
TRIAL_SHARE = 0.15


def choose_crews(problem, propose, seconds, seed=0):
    """The day's crews, office by office the pairing whose trial plan (`propose`) is worth
    more; `form_crews(problem)` where there is no choice to make."""
    paired, apart = form_crews(problem), form_crews(problem, pair_for_joint=False)
    if set(paired) == set(apart):
        return paired
    chosen = []
    for office in sorted({problem.vehicle(crew.vehicle_id).office_id for crew in paired}):
        mine = [_of_office(problem, crews, office) for crews in (paired, apart)]
        if set(mine[0]) == set(mine[1]):
            chosen += mine[0]
            continue
        trial = _office_day(problem, office)
        share = seconds * TRIAL_SHARE * len(trial.jobs) / len(problem.jobs)
        worth = [_worth(trial, crews, propose, share, seed) for crews in mine]
        chosen += mine[0] if worth[0] >= worth[1] else mine[1]
    return tuple(chosen)


def _of_office(problem, crews, office):
    return tuple(crew for crew in crews if problem.vehicle(crew.vehicle_id).office_id == office)


def _office_day(problem, office):
    return replace(
        problem,
        jobs=tuple(job for job in problem.jobs if job.office_id == office),
        inspectors=tuple(p for p in problem.inspectors if p.office_id == office),
        vehicles=tuple(v for v in problem.vehicles if v.office_id == office),
    )


def _worth(problem, crews, propose, seconds, seed):
    plan = propose(replace(problem, crews=crews), seconds=seconds, seed=seed)
    prizes = sum(prize_of(problem.job(job_id)) for job_id in plan.served_ids())
    return prizes - sum(travel_seconds(problem, route) for route in plan.routes)
