"""The inspector's job list: today and the coming days, grouped by day in dispatched order.

Each row carries what the inspector needs to pick the next job at a glance — time window,
site and address, kind, instruments in scope, status — and the sync badges of the job's
records (how many are sent, on the device only, rejected, in conflict). Built from the
replica in a few reads (`Replica.children_by_job`, `Replica.sync_badges`), so a replica with
thousands of results lists quickly. No Kivy here.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from field_app import dates
from field_app.i18n import _, language
from field_app.viewmodels import labels

BADGE_ORDER = ("sent", "on_device", "rejected", "conflict")
FINISHED = ("done", "cancelled")


@dataclass(frozen=True)
class JobRow:
    """One job in the list."""

    job_id: str
    day: date
    window: str
    site_name: str
    address: str
    kind: str
    instruments: str
    status: str
    status_label: str
    badges: dict = field(default_factory=dict)
    search_text: str = ""

    def badge_text(self):
        """`✓ 4  ◌ 2` — one symbol and count for each kind of badge present."""
        shown = [
            f"{labels.badge(b)[0]} {self.badges[b]}" for b in BADGE_ORDER if self.badges.get(b)
        ]
        return "  ".join(shown)


@dataclass(frozen=True)
class DayGroup:
    """One day's heading and its jobs, in route order."""

    day: date
    heading: str
    rows: list


def job_list(replica, user_id, today, *, search=""):
    """The inspector's days from `today` on (and earlier jobs not finished), searched."""
    people = _assignments_of(replica, user_id)
    jobs = {job["id"]: job for job in replica.query("jobs")}
    sites = {site["id"]: site for site in replica.query("sites")}
    badges = replica.sync_badges()
    children = replica.children_by_job()
    rows = []
    for assignment in people:
        job = jobs.get(assignment["job_id"])
        if job is None or not _current(job, assignment, today):
            continue
        row = _row(job, assignment, sites.get(job["site_id"]), badges, children)
        if _matches(row, search):
            rows.append((assignment, row))
    rows.sort(key=lambda pair: _route_key(pair[0]))
    return _grouped([row for _, row in rows], today)


def flat_items(groups):
    """The groups as one list for a recycled list view: a heading item, then its rows."""
    items = []
    for group in groups:
        items.append({"kind": "heading", "text": group.heading})
        items.extend({"kind": "job", "row": row} for row in group.rows)
    return items


def _assignments_of(replica, user_id):
    return [a for a in replica.query("assignments") if user_id in (a.get("inspector_ids") or [])]


def _current(job, assignment, today):
    day = date.fromisoformat(assignment["date"])
    return day >= today or job.get("status") not in FINISHED


def _route_key(assignment):
    return (
        assignment["date"],
        assignment.get("route_order") or 0,
        assignment.get("planned_start") or "",
    )


def _row(job, assignment, site, badges, children):
    site = site or {}
    keys = [("jobs", job["id"]), *children.get(job["id"], [])]
    counts = Counter(badges.get(key, "sent") for key in keys)
    instruments = len(job.get("instrument_ids") or [])
    kind = labels.job_kind(job["kind"])
    status_label = labels.job_status(job.get("status"))
    site_name, address = site.get("name", _("Unknown site")), site.get("address", "")
    return JobRow(
        job_id=job["id"],
        day=date.fromisoformat(assignment["date"]),
        window=dates.format_window(job["window_start"], job["window_end"]),
        site_name=site_name,
        address=address,
        kind=kind,
        instruments=_("{n} instruments").format(n=instruments) if instruments else "",
        status=job.get("status"),
        status_label=status_label,
        badges=dict(counts),
        search_text=" ".join([site_name, address, kind, job.get("application_number") or ""]),
    )


def _matches(row, search):
    words = (search or "").casefold().split()
    text = row.search_text.casefold()
    return all(word in text for word in words)


def _grouped(rows, today):
    groups = {}
    for row in rows:
        groups.setdefault(row.day, []).append(row)
    return [
        DayGroup(day, dates.format_day_heading(day, today, language()), day_rows)
        for day, day_rows in sorted(groups.items())
    ]
