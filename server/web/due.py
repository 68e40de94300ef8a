"""The re-verification due list, and turning a selection of it into jobs in one step.

`due_instruments(db, office_id, day, days)` lists the office's instruments whose `due_date`
is on or before `day + days` (the overdue first), grouped by area: the office, then each
site. An instrument already in an open job (requested, scheduled, dispatched or in progress)
is listed with that job and cannot be selected again, so the office never books the same
re-verification twice.

`create_due_jobs` makes one requested job per site and job kind of the instruments selected
(taximeters → `taxi_meter_verification`, fuel dispensers → `fuel_dispenser_inspection`,
the rest → `instrument_verification`), each through `server.records.jobs.create_job` — the
same checks, application number, lookup code and audit entry as `POST /api/v1/jobs/` — all
in one transaction: a refusal creates none of them.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask_smorest import abort

from domain.job_states import JobStatus
from domain.planning.durations import service_minutes
from domain.records.vocabulary import SKILLS
from server.planner.day import ALL, TAIPEI
from server.records import jobs, store
from sync.server.records import get_record, list_records

#: The job kind that re-verifies an instrument type (the rest: `instrument_verification`).
KIND_OF_TYPE = {
    "taximeter": "taxi_meter_verification",
    "fuel_dispenser": "fuel_dispenser_inspection",
}
DEFAULT_KIND = "instrument_verification"
OPEN = (JobStatus.REQUESTED, JobStatus.SCHEDULED, JobStatus.DISPATCHED, JobStatus.IN_PROGRESS)
#: The working hours of a new job's window, each day of it.
WINDOW_HOURS = (time(8), time(17))
MAX_DAYS = 366


@dataclass
class Area:
    """A site and its instruments due, each with the open job that already covers it."""

    site: dict
    items: list = field(default_factory=list)


def open_jobs_by_instrument(db, office_id):
    """{instrument id: the open job that lists it}."""
    found = {}
    for job in list_records(db, "jobs", office_id=office_id, limit=ALL):
        if job["status"] in OPEN:
            for instrument_id in job.get("instrument_ids") or ():
                found.setdefault(instrument_id, job)
    return found


def due_instruments(db, office_id, day, days):
    """The office's areas with instruments due by `day + days`, sites by name."""
    if not 0 <= days <= MAX_DAYS:
        abort(400, description=f"Look 0 to {MAX_DAYS} days ahead, not {days}.")
    limit = (day + timedelta(days=days)).isoformat()
    booked = open_jobs_by_instrument(db, office_id)
    areas = {}
    for instrument in list_records(db, "instruments", office_id=office_id, limit=ALL):
        due = instrument.get("due_date")
        if not due or due > limit:
            continue
        area = areas.get(instrument["site_id"])
        if area is None:
            site = get_record(db, "sites", instrument["site_id"]) or {"name": "?"}
            area = areas[instrument["site_id"]] = Area(site)
        overdue = due < day.isoformat()
        area.items.append(
            {"instrument": instrument, "overdue": overdue, "job": booked.get(instrument["id"])}
        )
    for area in areas.values():
        area.items.sort(
            key=lambda item: (item["instrument"]["due_date"], item["instrument"]["serial"])
        )
    return sorted(areas.values(), key=lambda area: area.site.get("name") or "")


def kind_of(instrument_type):
    """The job kind that re-verifies instruments of this type."""
    return KIND_OF_TYPE.get(instrument_type, DEFAULT_KIND)


def create_due_jobs(db, actor, office_id, instrument_ids, first_day, last_day):
    """One requested job per site and kind of the selected instruments, with a window
    from `first_day` to `last_day` (working hours); returns the jobs created."""
    if not instrument_ids:
        abort(422, message="Select at least one instrument.")
    if last_day < first_day:
        abort(422, message="The window's last day is before its first day.")
    booked = open_jobs_by_instrument(db, office_id)
    groups = {}
    for instrument_id in dict.fromkeys(instrument_ids):
        instrument = store.fetch(db, "instruments", instrument_id)
        site = store.fetch(db, "sites", instrument["site_id"])
        if site["office_id"] != office_id:
            abort(403, message=f"Instrument {instrument['serial']} is not at this office's sites.")
        if instrument_id in booked:
            number = booked[instrument_id].get("application_number")
            abort(
                409, message=f"Instrument {instrument['serial']} is already in open job {number}."
            )
        groups.setdefault((site["id"], kind_of(instrument["type"])), []).append(instrument)
    with store.transaction(db):
        return [
            jobs.create_job(
                db, actor, _job_body(office_id, site_id, kind, group, first_day, last_day)
            )
            for (site_id, kind), group in sorted(groups.items())
        ]


def _job_body(office_id, site_id, kind, instruments, first_day, last_day):
    types = sorted({instrument["type"] for instrument in instruments})
    start = datetime.combine(first_day, WINDOW_HOURS[0], TAIPEI)
    end = datetime.combine(last_day, WINDOW_HOURS[1], TAIPEI)
    serials = ", ".join(instrument["serial"] for instrument in instruments)
    return {
        "office_id": office_id,
        "kind": kind,
        "site_id": site_id,
        "instrument_ids": [instrument["id"] for instrument in instruments],
        "window_start": start.isoformat(),
        "window_end": end.isoformat(),
        "priority": 1 if any(i["due_date"] < first_day.isoformat() for i in instruments) else 0,
        "required_skills": [t for t in types if t in SKILLS],
        "estimated_minutes": service_minutes(kind, len(instruments)),
        "notes": f"Re-verification due: {serials}",
    }
