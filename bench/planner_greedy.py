"""The greedy baseline the planner is measured against: the nearest free qualified crew.

The same crews as the planner's (`server.planner.crews.form_crews`). Whenever a crew is free
(the earliest first), it is sent to the nearest job it may serve (skills, equipment, team,
lock) that it can still start inside the window and come back from within its shift; a crew
with no such job goes home. What is left is unserved. The plan goes through the same checker.
"""

from domain.planning.checker import require_feasible
from domain.planning.model import Plan, Route, Unserved, Visit
from server.planner.crews import departure, form_crews, members, shift_of
from server.planner.screening import capable_crews, screen

LEFT = "the greedy dispatcher found no free qualified crew in time"


def greedy_plan(problem):
    """The nearest-free-qualified-crew plan of `problem`, checked."""
    crews = form_crews(problem)
    jobs, unserved = screen(problem, crews)
    capable = capable_crews(problem, crews)
    open_jobs = {job.id: job for job in jobs}
    states = [_State(problem, crew) for crew in crews]
    active = list(range(len(crews)))
    while active and open_jobs:
        n = min(active, key=lambda i: states[i].free)
        choice = states[n].nearest(problem, [j for j in open_jobs.values() if n in capable[j.id]])
        if choice is None:
            active.remove(n)
            continue
        states[n].go(choice)
        del open_jobs[choice[0].id]
    routes = tuple(state.route(problem) for state in states)
    left = [Unserved(job_id, LEFT) for job_id in open_jobs]
    return require_feasible(problem, Plan(routes, tuple(unserved + left), problem.started))


class _State:
    """Where a crew is, when it is free, and the visits it has made."""

    def __init__(self, problem, crew):
        self.crew = crew
        self.vehicle, people = members(problem, crew)
        self.end = shift_of(people)[1]
        start = departure(problem, crew)
        self.start, self.here, self.free, self.visits = start, start.place, start.time, []

    def nearest(self, problem, jobs):
        """`(job, visit)` of the nearest job this crew can still do, or None."""
        best = None
        for job in jobs:
            trip = problem.travel.seconds(self.here, job.place, self.free)
            visit = self._visit(problem, job, self.free + trip)
            if visit and (best is None or trip < best[0]):
                best = (trip, job, visit)
        return best and best[1:]

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

    def go(self, choice):
        job, visit = choice
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
