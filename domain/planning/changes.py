"""What a re-plan changed: each job added, moved to another crew, re-timed or dropped.

`compare(before, after)` lines the plan the crews were following up against the new one, job
by job. A job dropped carries the new plan's reason; a job re-timed by less than `SLACK`
seconds is not worth telling anyone about.

    >>> from domain.planning.model import Plan, Route, Visit, Place
    >>> depot = Place("d", 0, 0)
    >>> old = Plan((Route("car", ("chen",), depot, 0, (Visit("j1", 10, 10, 20),), 30),))
    >>> new = Plan((Route("car", ("chen",), depot, 0, (Visit("j1", 10, 900, 910),), 920),))
    >>> [(c.job_id, c.kind) for c in compare(old, new)]
    [('j1', 'retimed')]
"""

from dataclasses import dataclass

from domain.planning.model import clock

#: A start that moves by less than this (seconds) is not a change.
SLACK = 5 * 60


@dataclass(frozen=True)
class Change:
    """One job's change: `kind` is added, moved, retimed or dropped."""

    job_id: str
    kind: str
    message: str


def compare(before, after):
    """The changes from plan `before` to plan `after`, in the order of `after`'s routes and
    then the jobs dropped."""
    old, new = _placed(before), _placed(after)
    reasons = {gap.job_id: gap.reason for gap in after.unserved}
    changes = []
    for job_id, (vehicle, people, start) in new.items():
        if job_id not in old:
            changes.append(
                Change(job_id, "added", f"planned with {_crew(vehicle, people)} at {clock(start)}")
            )
            continue
        was_vehicle, was_people, was_start = old[job_id]
        if (was_vehicle, was_people) != (vehicle, people):
            changes.append(
                Change(
                    job_id,
                    "moved",
                    f"from {_crew(was_vehicle, was_people)} to "
                    f"{_crew(vehicle, people)}, at {clock(start)}",
                )
            )
        elif abs(start - was_start) >= SLACK:
            changes.append(Change(job_id, "retimed", f"from {clock(was_start)} to {clock(start)}"))
    for job_id in old:
        if job_id not in new:
            reason = reasons.get(job_id, "no longer in the day")
            changes.append(Change(job_id, "dropped", f"could no longer be served: {reason}"))
    return changes


def _placed(plan):
    return {
        visit.job_id: (route.vehicle_id, tuple(sorted(route.inspector_ids)), visit.start)
        for route in plan.routes
        for visit in route.visits
    }


def _crew(vehicle, people):
    return f"{', '.join(people)} in {vehicle}"
