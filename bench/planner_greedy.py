"""The greedy baselines the planner is measured against, on the problem's crews, else those
`server.planner.crews.form_crews` makes (a crew of two wherever there are joint jobs), both
checked by the same checker as the planner.

- `greedy_plan` is the dispatcher's rule the planner must beat: the jobs are taken in the
  dispatcher's order (the most urgent first, then the earliest window, then the earliest
  closing), and each is sent to the nearest free qualified crew — the crew that may serve it
  (skills, equipment, team, lock), can still start it inside its window after the work it
  already has, and be back within its shift, the one whose last stop is nearest.
- `nearest_job_plan` is a stronger baseline, a nearest-neighbour tour per crew: whenever a
  crew is free (the earliest first), it is sent to the nearest job it may still do; a crew
  with no such job goes home.

What neither places is unserved.
"""

from domain.planning.checker import require_feasible
from domain.planning.model import Plan, Route, Unserved, Visit
from server.planner.crews import departure, form_crews, members, shift_of
from server.planner.screening import capable_crews, screen

LEFT = "the greedy dispatcher found no free qualified crew in time"


def greedy_plan(problem):
    """Job by job in the dispatcher's order, each to the nearest free qualified crew."""
    crews, jobs, unserved, capable = _setting(problem)
    states = [_State(problem, crew) for crew in crews]
    left = []
    for job in sorted(jobs, key=_dispatch_order):
        options = (states[n].fit(problem, job) for n in capable[job.id])
        options = [option for option in options if option]
        if not options:
            left.append(Unserved(job.id, LEFT))
            continue
        _, state, visit = min(options, key=lambda option: option[0])
        state.go(job, visit)
    return _plan(problem, states, unserved + left)


def nearest_job_plan(problem):
    """Whenever a crew is free, the nearest job it may still do."""
    crews, jobs, unserved, capable = _setting(problem)
    open_jobs = {job.id: job for job in jobs}
    states = [_State(problem, crew) for crew in crews]
    active = list(range(len(crews)))
    while active and open_jobs:
        n = min(active, key=lambda i: states[i].free)
        mine = [job for job in open_jobs.values() if n in capable[job.id]]
        options = [(states[n].fit(problem, job), job) for job in mine]
        options = [(option, job) for option, job in options if option]
        if not options:
            active.remove(n)
            continue
        (_, state, visit), job = min(options, key=lambda pair: pair[0][0])
        state.go(job, visit)
        del open_jobs[job.id]
    left = [Unserved(job_id, LEFT) for job_id in open_jobs]
    return _plan(problem, states, unserved + left)


def _setting(problem):
    crews = tuple(problem.crews) if problem.crews is not None else form_crews(problem)
    jobs, unserved = screen(problem, crews)
    return crews, jobs, unserved, capable_crews(problem, crews)


def _dispatch_order(job):
    return (-job.priority, job.window[0], job.window[1], job.id)


def _plan(problem, states, unserved):
    routes = tuple(state.route(problem) for state in states)
    return require_feasible(problem, Plan(routes, tuple(unserved), problem.started))


class _State:
    """Where a crew is, when it is free, and the visits it has made."""

    def __init__(self, problem, crew):
        self.crew = crew
        self.vehicle, people = members(problem, crew)
        self.end = shift_of(people)[1]
        start = departure(problem, crew)
        self.start, self.here, self.free, self.visits = start, start.place, start.time, []

    def fit(self, problem, job):
        """`(trip, self, visit)` when this crew can still do `job` next, else None."""
        trip = problem.travel.seconds(self.here, job.place, self.free)
        visit = self._visit(problem, job, self.free + trip)
        return visit and (trip, self, visit)

    def _visit(self, problem, job, arrival):
        lock = problem.lock_of(job.id)
        begin = max(arrival, job.window[0])
        if lock and lock.start is not None:
            if arrival > lock.start:
                return None
            begin = lock.start
        if begin > job.window[1]:
            return None
        end = begin + job.service
        if end + problem.travel.seconds(job.place, self.vehicle.depot, end) > self.end:
            return None
        return Visit(job.id, arrival, begin, end)

    def go(self, job, visit):
        self.visits.append(visit)
        self.here, self.free = job.place, visit.end

    def route(self, problem):
        back = self.free + problem.travel.seconds(self.here, self.vehicle.depot, self.free)
        return Route(
            self.vehicle.id,
            self.crew.inspector_ids,
            self.start.place,
            self.start.time,
            tuple(self.visits),
            back,
        )
