"""The day board of an office: what the dispatcher sees, built from the records in one read.

`day_board(db, office_id, day, filters)` reads the day as the planner does (`read_day`: the
office's inspectors, vehicles, open jobs of the day and their assignments), then lays it out:
one timeline row per inspector with the vehicle of their day and their visits in route order
(placed on a 07:00–19:00 scale by planned start and estimated minutes), the jobs nobody is
assigned to (searched and filtered by kind, priority and an hour their window is open at),
and the checker's warnings on the board (`board_warnings`), each also on its job's card,
with application numbers, names and plates in place of record ids.
"""

from dataclasses import dataclass, field, replace

from server.planner.day import ALL, read_day
from server.web.board_warnings import board_warnings
from server.web.readable import readable
from server.web.times import hhmm, local_moment, seconds_of_hhmm
from sync.server.records import get_record, list_records

#: The timeline's scale: seconds since midnight at its left and right edges.
SCALE = (7 * 3600, 19 * 3600)


@dataclass
class Card:
    """A job on the board: on a row (`start`, `left`, `width` set) or unassigned."""

    job: dict
    site: dict
    window: str
    start: str = ""
    end: str = ""
    left: float = 0.0
    width: float = 0.0
    locked: bool = False
    lock_scope: str = ""
    warnings: list = field(default_factory=list)
    #: Inspectors who may join a joint visit short of people: [(id, name)].
    partners: list = field(default_factory=list)


@dataclass
class Row:
    """One inspector's day: their vehicle and their visits in route order."""

    inspector: dict
    vehicle: dict | None
    cards: list


@dataclass
class Board:
    office: dict
    day: object
    rows: list
    unassigned: list
    unassigned_total: int
    warnings: list
    vehicles: list
    kinds: list


def day_board(db, office_id, day, filters=None):
    """The office's board for `day` (a date); `filters` narrow the unassigned list."""
    the_day = read_day(db, office_id, day)
    problem = the_day.problem
    office = get_record(db, "offices", office_id)
    jobs = {job["id"]: job for job in list_records(db, "jobs", office_id=office_id, limit=ALL)}
    vehicles = {v.id: get_record(db, "vehicles", v.id) for v in problem.vehicles}
    names = {job.id: job.label for job in problem.jobs}
    names |= {person.id: person.name for person in problem.inspectors}
    names |= {vehicle.id: vehicle.plate for vehicle in problem.vehicles}
    warnings = [
        replace(w, message=readable(w.message, names))
        for w in board_warnings(problem, the_day.assignments, day)
    ]
    sites = {}
    cards = {}
    warned = {}
    for warning in warnings:
        warned.setdefault(warning.subject, []).append(warning)
    for plan_job in problem.jobs:
        job = jobs[plan_job.id]
        if job["site_id"] not in sites:
            sites[job["site_id"]] = get_record(db, "sites", job["site_id"])
        assignment = the_day.assignments.get(job["id"])
        card = _card(job, sites[job["site_id"]], assignment)
        card.warnings = warned.get(job["id"], [])
        card.partners = _partners(problem, plan_job, assignment)
        cards[job["id"]] = card
    rows = _rows(db, problem, the_day.assignments, cards, vehicles)
    waiting = [cards[job.id] for job in problem.jobs if job.id not in the_day.assignments]
    waiting.sort(key=lambda c: (-(c.job.get("priority") or 0), c.job["window_start"]))
    shown = [card for card in waiting if _matches(card, filters or {})]
    kinds = sorted({card.job["kind"] for card in waiting})
    return Board(office, day, rows, shown, len(waiting), warnings, list(vehicles.values()), kinds)


def _card(job, site, assignment):
    window = f"{hhmm(job['window_start'])}–{hhmm(job['window_end'])}"
    card = Card(job, site or {}, window)
    if assignment and assignment.get("planned_start"):
        start = local_moment(assignment["planned_start"])
        begin = start.hour * 3600 + start.minute * 60
        end = begin + job["estimated_minutes"] * 60
        card.start = start.strftime("%H:%M")
        card.end = f"{end // 3600 % 24:02d}:{end // 60 % 60:02d}"
        card.left, card.width = _placed(begin, end)
    if assignment:
        card.locked = bool(assignment.get("locked"))
        card.lock_scope = assignment.get("lock_scope") or ("both" if card.locked else "")
    return card


def _partners(problem, plan_job, assignment):
    """Who could join the visit: when it has fewer inspectors than the job needs, the office's
    other inspectors (none for a job not on a row, or started)."""
    started = {visit.job_id for visit in problem.started}
    if not assignment or plan_job.id in started:
        return []
    on_it = set(assignment["inspector_ids"])
    if len(on_it) >= plan_job.inspectors_needed:
        return []
    others = [p for p in problem.inspectors if p.id not in on_it]
    return [(p.id, p.name or p.id) for p in sorted(others, key=lambda p: p.name or p.id)]


def _placed(begin, end):
    """Left edge and width on the timeline, in per cent of the scale."""
    low, high = SCALE
    span = high - low
    left = min(max(begin, low), high)
    right = min(max(end, left), high)
    return round(100 * (left - low) / span, 2), round(100 * (right - left) / span, 2)


def _rows(db, problem, assignments, cards, vehicles):
    rows = []
    for person in sorted(problem.inspectors, key=lambda p: p.name):
        mine = [a for a in assignments.values() if person.id in a["inspector_ids"]]
        mine.sort(key=lambda a: (a.get("route_order") or 0, a.get("planned_start") or ""))
        vehicle_id = next((a["vehicle_id"] for a in mine if a.get("vehicle_id")), None)
        user = get_record(db, "users", person.id)
        row_cards = [cards[a["job_id"]] for a in mine if a["job_id"] in cards]
        rows.append(Row(user, vehicles.get(vehicle_id), row_cards))
    return rows


def _matches(card, filters):
    """Whether an unassigned card passes the search and filters."""
    job = card.job
    text = (filters.get("q") or "").strip().lower()
    if text:
        haystack = " ".join(
            str(value or "")
            for value in (
                job.get("application_number"),
                job.get("applicant_name"),
                job["kind"],
                card.site.get("name"),
                card.site.get("address"),
            )
        ).lower()
        if text not in haystack:
            return False
    if filters.get("kind") and job["kind"] != filters["kind"]:
        return False
    if filters.get("priority") not in (None, "") and str(job.get("priority") or 0) != str(
        filters["priority"]
    ):
        return False
    return _open_at(card, filters.get("open_at"))


def _open_at(card, moment):
    """Whether the job's window is open at `moment` ("HH:MM"; anything else: no filter)."""
    try:
        seconds = seconds_of_hhmm(moment or "")
    except ValueError:
        return True
    start = local_moment(card.job["window_start"])
    end = local_moment(card.job["window_end"])
    opens = start.hour * 3600 + start.minute * 60
    closes = end.hour * 3600 + end.minute * 60 if end.date() == start.date() else 24 * 3600
    return opens <= seconds <= closes
