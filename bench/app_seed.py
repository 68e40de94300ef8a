"""A tablet's data folder for the field-app benchmark: a signed-in inspector and a replica
holding a given number of records, stored the way an initial pull stores them.

`seed_tablet(data_dir, total)` writes the profile (`field_app.profile.Profile`, a `SignedIn`
inspector) and fills that inspector's replica through `sync.client.apply.apply_page`, in pages
of the shape the server sends: firms, sites (markets with scales, gas stations with fuel
dispensers, a water utility with water meters), their instruments, jobs with assignments —
past days done, today and the coming weeks dispatched in route order — and, for the rest of
`total`, checks of the past jobs (`bench.check_records.new_check`: real readings judged by
the tolerance engine). Every record is validated by its domain schema first. No Kivy here.

    >>> import tempfile
    >>> seeded = seed_tablet(tempfile.mkdtemp(), 1500)
    >>> sum(seeded.counts.values()), seeded.upcoming_jobs, bool(seeded.water_meter)
    (1500, 336, True)
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bench.check_records import TAIPEI, Job, new_check, new_id
from domain.records import dump_record, validate_record
from domain.register import register_copy
from field_app.profile import Profile, Settings, SignedIn
from sync.client import Replica
from sync.client.apply import apply_page

TODAY = date(2026, 12, 2)
USERNAME = "inspector.bench"
PAGE_SIZE = 1000
JOBS_PER_DAY = 12
UPCOMING_DAYS = 28
PAST_DAYS = 12
INSTRUMENTS_PER_SITE = 6
SITE_KINDS = ("market", "gas_station", "market", "utility")
#: Site kind -> (instrument type, accuracy class, params choices, job kind done there).
AT_SITE = {
    "market": (
        "nawi",
        "III",
        ({"e": 5, "max": 15000, "unit": "g"}, {"e": 2, "max": 6000, "unit": "g"}),
        "instrument_verification",
    ),
    "gas_station": (
        "fuel_dispenser",
        "0.5",
        ({"mmq": 2, "scale_interval": 0.01},),
        "fuel_dispenser_inspection",
    ),
    "utility": (
        "water_meter",
        "2",
        ({"q1": 0.025, "q3": 2.5}, {"q1": 0.04, "q3": 4}),
        "instrument_verification",
    ),
}
CHECKED_TYPES = ("nawi", "fuel_dispenser")  # the types `new_check` records readings for


@dataclass
class SeededTablet:
    """What the seed made: the folder, who is signed in, how many records, where to look."""

    data_dir: str
    username: str
    user_id: str
    counts: dict
    upcoming_jobs: int
    nawi: tuple  # (job id, instrument id) of a scale verified today
    water_meter: tuple  # (job id, instrument id) of a water meter verified today


class ScopeBuilder:
    """Draws the inspector's records from one seeded random source, in a valid write order."""

    def __init__(self, total, today, *, seed=12):
        self.rng = random.Random(seed)
        self.total, self.today = total, today
        self.office_id, self.user_id = new_id(self.rng), new_id(self.rng)
        self.out = []  # (collection, fields)
        self.sites, self.instruments, self.jobs = [], {}, []
        self.first_today = {}

    def add(self, collection, fields):
        record = {"id": new_id(self.rng), **fields}
        self.out.append((collection, record))
        return record

    def build(self):
        """Every record of the scope; checks fill what is left of `total`."""
        sites = max(4, self.total // 170)
        firms = [self.firm(n) for n in range(max(1, sites // 5))]
        for n in range(sites):
            self.site(n, firms[n % len(firms)])
        for offset in range(-PAST_DAYS, UPCOMING_DAYS):
            for order in range(JOBS_PER_DAY):
                self.job(self.today + timedelta(days=offset), order)
        if len(self.out) > self.total:
            raise ValueError(f"a scope needs at least {len(self.out)} records, not {self.total}")
        self.checks(self.total - len(self.out))
        return self.out

    def firm(self, n):
        return self.add(
            "firms",
            {
                "office_id": self.office_id,
                "tax_id": f"{self.rng.randrange(10**7, 10**8)}",
                "name": f"海港第{n}實業股份有限公司",
                "address": f"基隆市仁愛區愛一路 {n + 1} 號",
            },
        )

    def site(self, n, firm):
        kind = SITE_KINDS[n % len(SITE_KINDS)]
        names = {"market": "仁愛市場第{n}區", "gas_station": "中正路加油站{n}"}
        place = self.add(
            "sites",
            {
                "office_id": self.office_id,
                "firm_id": firm["id"],
                "name": names.get(kind, "基隆自來水第{n}營運所").format(n=n + 1),
                "address": f"基隆市仁愛區仁二路 {200 + n} 號",
                "lat": round(25.12 + self.rng.random() / 50, 5),
                "lon": round(121.73 + self.rng.random() / 50, 5),
                "kind": kind,
            },
        )
        itype, accuracy_class, choices, _ = AT_SITE[kind]
        made = []
        for i in range(INSTRUMENTS_PER_SITE):
            record = self.add(
                "instruments",
                {
                    "site_id": place["id"],
                    "type": itype,
                    "serial": f"SN-{n * INSTRUMENTS_PER_SITE + i:07d}",
                    "make": "Acme",
                    "model": f"M-{100 + i}",
                    "accuracy_class": accuracy_class,
                    "params": dict(self.rng.choice(choices)),
                    "nozzle_count": 2 if itype == "fuel_dispenser" else None,
                    "seal_number": f"KL-S-{n * INSTRUMENTS_PER_SITE + i:06d}",
                    "last_verified": "2024-11-20",
                    "due_date": "2026-11-20",
                },
            )
            made.append(record)
            self.instruments[record["id"]] = record
        self.sites.append((place, made))

    def job(self, day, order):
        place, instruments = self.sites[(len(self.jobs) * 7) % len(self.sites)]
        kind = AT_SITE[place["kind"]][3]
        start = datetime.combine(day, time(8, 30), TAIPEI) + timedelta(minutes=40 * order)
        in_scope = [i["id"] for i in instruments[: 2 + order % 4]]
        record = self.add(
            "jobs",
            {
                "office_id": self.office_id,
                "kind": kind,
                "application_number": f"KL-2026-{len(self.jobs):06d}",
                "applicant_name": "仁愛市場自治會",
                "site_id": place["id"],
                "instrument_ids": in_scope,
                "window_start": start.isoformat(),
                "window_end": (start + timedelta(minutes=90)).isoformat(),
                "estimated_minutes": 40,
                "status": "done" if day < self.today else "dispatched",
            },
        )
        self.add(
            "assignments",
            {
                "job_id": record["id"],
                "inspector_ids": [self.user_id],
                "date": day.isoformat(),
                "planned_start": start.isoformat(),
                "route_order": order,
            },
        )
        self.jobs.append((day, record))
        if day == self.today:
            itype = AT_SITE[place["kind"]][0]
            self.first_today.setdefault(itype, (record["id"], in_scope[0]))

    def checks(self, count):
        """`count` checks of the past jobs' scales and dispensers."""
        done = [self._job_of(job) for day, job in self.jobs if day < self.today]
        done = [job for job in done if job.instruments]
        for n in range(count):
            self.out.append(("checks", new_check(self.rng, done[n % len(done)], self.user_id)))

    def _job_of(self, job):
        instruments = [self.instruments[i] for i in job["instrument_ids"]]
        return Job(
            job["id"],
            self.office_id,
            [
                (i["id"], i["type"], register_copy(i)["instrument_params"])
                for i in instruments
                if i["type"] in CHECKED_TYPES
            ],
        )


def pulled_pages(records, *, page_size=PAGE_SIZE):
    """The records as pull pages (`{"changes", "cursor", "epoch", "has_more"}`), validated."""
    changes = []
    for collection, record in records:
        data = dump_record(collection, validate_record(collection, record))
        changes.append({"collection": collection, "id": record["id"], "version": 1, "data": data})
    for start in range(0, len(changes), page_size):
        yield {
            "changes": changes[start : start + page_size],
            "cursor": f"bench-{start + page_size}",
            "epoch": "bench-epoch",
            "has_more": start + page_size < len(changes),
        }


def sign_in_profile(data_dir, user_id, office_id, username=USERNAME):
    """The profile of an inspector signed in on this tablet (a token as the login API gives)."""
    profile = Profile(data_dir)
    signed_in = SignedIn(
        username=username,
        user_id=user_id,
        role="inspector",
        office_id=office_id,
        token="bench-token",
        display_name="林檢驗員",
    )
    profile.save(Settings(server_url="http://127.0.0.1:9", signed_in=signed_in))
    return profile


def seed_tablet(data_dir, total, *, today=TODAY):
    """Sign an inspector in on `data_dir` and give their replica `total` pulled records."""
    builder = ScopeBuilder(total, today)
    records = builder.build()
    profile = sign_in_profile(data_dir, builder.user_id, builder.office_id)
    replica = Replica(profile.replica_path(USERNAME))
    try:
        replica.bind_user(builder.user_id)
        for page in pulled_pages(records):
            apply_page(replica, page)
    finally:
        replica.close()
    counts = {}
    for collection, _ in records:
        counts[collection] = counts.get(collection, 0) + 1
    upcoming = sum(1 for day, _ in builder.jobs if day >= today)
    first = builder.first_today
    return SeededTablet(
        str(data_dir),
        USERNAME,
        builder.user_id,
        counts,
        upcoming,
        first["nawi"],
        first["water_meter"],
    )
