"""A day of work for one inspector of the demo office, planned as a dispatcher would: six
jobs at real demo sites (a market's scales, a gas station's dispensers, a township stall's
blood-pressure monitors and ear thermometers, a taxi company's meters, an accident home
visit, a firm visit), each dispatched to the inspector for `day`."""

from datetime import datetime, time, timedelta, timezone

import orjson

from domain.access import Actor
from server.database.db import get_db
from server.records import store

TAIPEI = timezone(timedelta(hours=8))

#: (job kind, site kind, instrument types in scope)
JOBS = (
    ("instrument_inspection", "market", ("nawi",)),
    ("fuel_dispenser_inspection", "gas_station", ("fuel_dispenser",)),
    ("free_home_instrument_check", "township_stall", ("sphygmomanometer", "ir_ear_thermometer")),
    ("taxi_meter_verification", "taxi_company", ("taximeter",)),
    ("accident_visit", "shop", ()),
    ("firm_visit", "shop", ()),
)


def plan_day(app, username, day):
    """Dispatch the day's jobs to `username`; returns `{job kind: job record}`."""
    with app.app_context():
        db = get_db()
        inspector = _one(db, "users", username=username)
        office = Actor(None, "admin", None, "day-plan")
        planned = {}
        for order, (kind, site_kind, types) in enumerate(JOBS):
            site, instruments = _site_with(db, inspector["office_id"], site_kind, types, planned)
            start = datetime.combine(day, time(8 + order)).replace(tzinfo=TAIPEI)
            job = store.create(
                db,
                "jobs",
                {
                    "office_id": inspector["office_id"],
                    "kind": kind,
                    "site_id": site["id"],
                    "instrument_ids": [i["id"] for i in instruments],
                    "window_start": start.isoformat(),
                    "window_end": (start + timedelta(minutes=90)).isoformat(),
                    "estimated_minutes": 60,
                    "status": "dispatched",
                    "applicant_name": "王小明",
                },
                office,
            )
            store.create(
                db,
                "assignments",
                {
                    "job_id": job["id"],
                    "inspector_ids": [inspector["id"]],
                    "date": day.isoformat(),
                    "route_order": order,
                },
                office,
            )
            planned[kind] = job
        return planned


def _records(db, collection):
    rows = db.execute(
        "SELECT data FROM records WHERE collection = ? AND deleted = 0 ORDER BY id", [collection]
    ).fetchall()
    return [orjson.loads(data) for (data,) in rows]


def _one(db, collection, **where):
    return next(r for r in _records(db, collection) if all(r.get(k) == v for k, v in where.items()))


def _site_with(db, office_id, site_kind, types, planned):
    """A site of the office of `site_kind` with at most two instruments of each of `types`."""
    used = {job["site_id"] for job in planned.values()}
    instruments = _records(db, "instruments")
    for site in _records(db, "sites"):
        if site["office_id"] != office_id or site["kind"] != site_kind or site["id"] in used:
            continue
        if site_kind == "shop" and not site.get("firm_id"):
            continue
        chosen = []
        for itype in types:
            of_type = [i for i in instruments if i["site_id"] == site["id"] and i["type"] == itype]
            chosen.extend(of_type[:2])
        if all(any(i["type"] == t for i in chosen) for t in types):
            return site, chosen
    raise AssertionError(f"no {site_kind} with {types} in the demo office")
