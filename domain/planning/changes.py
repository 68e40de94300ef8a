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
    """One job's change: `kind` is added, moved, retimed or dropped; `values` (name, text
    pairs: people, vehicle, start, was_people, was_vehicle, was_start, reason) say it for a
    page in another language."""

    job_id: str
    kind: str
    message: str
    values: tuple[tuple[str, str], ...] = ()


#: The English of each kind of change, made with its values (`crew`: people in vehicle).
SENTENCES = {
    "added": "planned with {crew} at {start}",
    "moved": "from {was_crew} to {crew}, at {start}",
    "retimed": "from {was_start} to {start}",
    "dropped": "could no longer be served: {reason}",
}


def compare(before, after):
    """The changes from plan `before` to plan `after`, in the order of `after`'s routes and
    then the jobs dropped."""
    old, new = _placed(before), _placed(after)
    reasons = {gap.job_id: gap.reason for gap in after.unserved}
    changes = []
    for job_id, (vehicle, people, start) in new.items():
        now = {"people": ", ".join(people), "vehicle": vehicle or "", "start": clock(start)}
        if job_id not in old:
            changes.append(_change(job_id, "added", **now))
            continue
        was_vehicle, was_people, was_start = old[job_id]
        if (was_vehicle, was_people) != (vehicle, people):
            was = {"was_people": ", ".join(was_people), "was_vehicle": was_vehicle or ""}
            changes.append(_change(job_id, "moved", **was, **now))
        elif abs(start - was_start) >= SLACK:
            changes.append(_change(job_id, "retimed", was_start=clock(was_start), **now))
    for job_id in old:
        if job_id not in new:
            reason = reasons.get(job_id, "no longer in the day")
            changes.append(_change(job_id, "dropped", reason=reason))
    return changes


def _change(job_id, kind, **values):
    words = dict(values)
    for was in ("", "was_"):
        if was + "people" in values:
            words[was + "crew"] = _crew(values[was + "vehicle"], values[was + "people"])
    return Change(job_id, kind, SENTENCES[kind].format(**words), tuple(sorted(values.items())))


def _placed(plan):
    return {
        visit.job_id: (route.vehicle_id, tuple(sorted(route.inspector_ids)), visit.start)
        for route in plan.routes
        for visit in route.visits
    }


def _crew(vehicle, people):
    return f"{people} in {vehicle}" if vehicle else f"{people} (no vehicle)"
