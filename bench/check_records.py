"""Realistic, check-shaped records for the sync benchmark: one inspector's scope and new checks.

An inspector's scope is firms, sites with their instruments (scales and fuel dispensers),
jobs assigned to the inspector and — most of it — checks: test points as an inspector reads
them, the tolerance engine's full result and verdict, seal and sticker numbers, photo and
signature hashes (SHA-256 of bytes that travel separately) and notes in Chinese. Values vary
the way real ones do (readings, times, serials, hashes), so compression is not flattered by
copies of one record.

    >>> import random
    >>> plan = scope_plan(1000)
    >>> plan.checks + plan.supporting
    1000
    >>> check = new_check(random.Random(1), Job.example(), "u1")
    >>> check["verdict"] in ("pass", "fail")
    True
"""

import hashlib
import itertools
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from domain.ids import ordered_id
from domain.register import register_copy
from domain.tolerances import evaluate_check

INSTRUMENTS_PER_SITE = 8
JOBS_PER_SITE = 4
SITES_PER_FIRM = 5
FAIL_RATE = 0.04
DRAFT_RATE = 0.08
NOTES = (
    "",
    "",
    "鉛封完整，已加貼檢定合格單。",
    "秤盤略有鏽蝕，建議業者更換。",
    "加油槍流量偏低，已請站方檢修。",
    "業者在場陪同，無異議。",
    "偏載測試第3點讀值不穩，重測後合格。",
    "原鉛封破損，已重新施封。",
    "市場攤商多，分批檢定。",
    "颱風天前一日檢定，現場潮濕。",
)
SCALES = (
    {"accuracy_class": "III", "e": 5, "max": 30000, "unit": "g"},
    {"accuracy_class": "III", "e": 10, "max": 60000, "unit": "g"},
    {"accuracy_class": "III", "e": 2, "max": 15000, "unit": "g"},
    {"accuracy_class": "II", "e": 1, "max": 6000, "unit": "g"},
)
TAIPEI = timezone(timedelta(hours=8))
#: Milliseconds stamped into generated ids: from 2026-11-01 08:00 Taipei, one per id.
ID_CLOCK = itertools.count(int(datetime(2026, 11, 1, 8, tzinfo=TAIPEI).timestamp() * 1000))
DISPENSER = {"accuracy_class": "0.5", "mmq": 2, "scale_interval": 0.01}


def new_id(rng):
    """A record id as a tablet makes one (UUIDv7, `domain.ids`): its time from `ID_CLOCK`,
    a millisecond later for each id, its random bits from `rng` (reproducible runs)."""
    return ordered_id(rng, next(ID_CLOCK))


def sha256_of(rng):
    """The hash of a (notional) photo or signature: 64 random-looking hex digits."""
    return hashlib.sha256(rng.getrandbits(256).to_bytes(32, "big")).hexdigest()


@dataclass
class Job:
    """What a check needs to know about its job: ids, instruments and their types/params."""

    id: str
    office_id: str
    instruments: list = field(default_factory=list)  # [(id, type, params)]

    @classmethod
    def example(cls):
        return cls("j1", "o1", [("i1", "nawi", SCALES[0]), ("i2", "fuel_dispenser", DISPENSER)])


@dataclass(frozen=True)
class ScopePlan:
    """How many records of each kind make a scope of `total` records."""

    firms: int
    sites: int
    instruments: int
    jobs: int
    checks: int

    @property
    def supporting(self):
        """Records that are not checks: firms, sites, instruments, jobs and their assignments."""
        return self.firms + self.sites + self.instruments + 2 * self.jobs


def scope_plan(total):
    """Split a scope of `total` records: about 50 checks per job, the rest supporting records."""
    sites = max(1, total // (50 * JOBS_PER_SITE + JOBS_PER_SITE * 2 + INSTRUMENTS_PER_SITE + 1))
    firms = max(1, sites // SITES_PER_FIRM)
    plan = ScopePlan(firms, sites, sites * INSTRUMENTS_PER_SITE, sites * JOBS_PER_SITE, 0)
    return ScopePlan(**{**plan.__dict__, "checks": total - plan.supporting})


def _scale_points(rng, params):
    e, top = params["e"], params["max"]
    drift = e * 3 if rng.random() < FAIL_RATE else 0

    def reading(load):
        return load + rng.choice((-e, 0, 0, 0, e)) + drift

    points = [
        {"name": "zero", "load": 0, "indication": 0},
        {"name": "min", "load": 20 * e, "indication": reading(20 * e)},
        {"name": "max", "load": top, "indication": reading(top)},
    ]
    third = round(top / 3 / e) * e
    points += [
        {"name": "eccentricity", "position": p, "load": third, "indication": reading(third)}
        for p in (1, 2, 3, 4)
    ]
    return points


def _dispenser_points(rng, params):
    """Max flow, min flow and MMQ of every nozzle (the position, when there are several)."""
    drift = 0.3 if rng.random() < FAIL_RATE else 0.0
    nozzles = params.get("nozzles") or 1

    def reading(reference, spread):
        return round(reference + rng.uniform(-spread, spread) + drift, 2)

    points = []
    for nozzle in range(1, nozzles + 1):
        at = {"position": nozzle} if nozzles > 1 else {}
        points += [
            {
                "name": "max_flow",
                **at,
                "indicated": reading(20, 0.06),
                "reference": 20,
                "flow_rate": 40,
            },
            {
                "name": "min_flow",
                **at,
                "indicated": reading(5, 0.02),
                "reference": 5,
                "flow_rate": 5,
            },
            {"name": "mmq", **at, "indicated": reading(2, 0.01), "reference": 2},
        ]
    return points


def _recorded_at(rng):
    start = datetime(2024, 1, 2, 8, 30, tzinfo=TAIPEI)
    moment = start + timedelta(days=rng.randrange(540), minutes=rng.randrange(600))
    return moment.isoformat(timespec="seconds")


def new_check(rng, job, inspector_id, *, serial=None):
    """A check as the tablet records it: readings judged by the tolerance engine, its verdict."""
    instrument_id, kind, params = rng.choice(job.instruments)
    points = _scale_points(rng, params) if kind == "nawi" else _dispenser_points(rng, params)
    result = evaluate_check(kind, "verification", params, points)
    serial = rng.randrange(1_000_000) if serial is None else serial
    status = "draft" if rng.random() < DRAFT_RATE else "submitted"
    return {
        "id": new_id(rng),
        "job_id": job.id,
        "instrument_id": instrument_id,
        "phase": "verification",
        "status": status,
        "instrument_type": kind,
        "instrument_params": params,
        "points": points,
        "result": result,
        "verdict": result["verdict"],
        "rule_set": result["rule_set"],
        "rule_version": result["rule_version"],
        "provisional": result["provisional"],
        "seal_number": f"KL-S-{serial:06d}",
        "sticker_number": f"KL-T-{serial:06d}",
        "photo_hashes": [sha256_of(rng) for _ in range(rng.choice((1, 1, 2)))],
        "signature_hash": sha256_of(rng) if status == "submitted" else None,
        "recorded_at": _recorded_at(rng),
        "inspector_id": inspector_id,
        "notes": rng.choice(NOTES),
    }


def firm(rng, office_id, n):
    """A firm (the operator of sites)."""
    return {
        "id": new_id(rng),
        "office_id": office_id,
        "tax_id": f"{rng.randrange(10**7, 10**8)}",
        "name": f"海港第{n}加油站股份有限公司",
        "contact_name": "陳經理",
        "phone": f"02-2422-{rng.randrange(10000):04d}",
        "address": f"基隆市仁愛區愛一路 {n} 號",
    }


def site(rng, office_id, firm_id, n):
    """A site (a market or a gas station) of a firm."""
    return {
        "id": new_id(rng),
        "office_id": office_id,
        "firm_id": firm_id,
        "name": f"仁愛市場第{n}區" if n % 2 else f"中正路加油站{n}",
        "address": f"基隆市仁愛區仁二路 {200 + n} 號",
        "lat": round(25.12 + rng.random() / 50, 5),
        "lon": round(121.73 + rng.random() / 50, 5),
        "kind": "market" if n % 2 else "gas_station",
    }


def instrument(rng, site_record, n):
    """A scale at a market, a fuel dispenser at a gas station; returns (record, type, params)."""
    scale = site_record["kind"] == "market"
    params = rng.choice(SCALES) if scale else DISPENSER
    record = {
        "id": new_id(rng),
        "site_id": site_record["id"],
        "type": "nawi" if scale else "fuel_dispenser",
        "serial": f"SN-{n:07d}",
        "make": "Acme" if scale else "Tatsuno",
        "model": "T-30" if scale else "Sunny-2",
        "accuracy_class": params["accuracy_class"],
        "params": {k: v for k, v in params.items() if k != "accuracy_class"},
        "seal_number": f"KL-S-{n:06d}",
        "last_verified": "2023-05-02",
        "due_date": "2025-05-02",
        "nozzle_count": None if scale else 1,  # one nozzle a register row: checks as in runs A–N
    }
    return record, record["type"], register_copy(record)["instrument_params"]


def job(rng, office_id, site_record, instrument_ids, n):
    """A verification job at a site, covering its instruments."""
    day = (datetime(2024, 1, 2) + timedelta(days=n % 540)).date().isoformat()
    return {
        "id": new_id(rng),
        "office_id": office_id,
        "kind": "instrument_verification",
        "application_number": f"KL-2024-{n:06d}",
        "applicant_name": "仁愛市場自治會",
        "site_id": site_record["id"],
        "instrument_ids": instrument_ids,
        "window_start": f"{day}T09:00:00+08:00",
        "window_end": f"{day}T12:00:00+08:00",
        "estimated_minutes": 45,
        "status": "dispatched",
        "notes": "",
    }


def assignment(job_record, inspector_id):
    """The assignment that puts a job into the inspector's bucket."""
    day = job_record["window_start"][:10]
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, job_record["id"])),
        "job_id": job_record["id"],
        "inspector_ids": [inspector_id],
        "date": day,
    }


def job_of(job_record, instruments_by_id):
    """The `Job` a check needs, from a job record and its instrument records (by id)."""
    instruments = []
    for instrument_id in job_record["instrument_ids"]:
        record = instruments_by_id[instrument_id]
        params = register_copy(record)["instrument_params"]
        instruments.append((instrument_id, record["type"], params))
    return Job(job_record["id"], job_record["office_id"], instruments)


def scope_records(total, office_id, inspector_id, *, seed=7):
    """Yield (collection, record) for a scope of `total` records, in a valid write order.

    Sites and instruments come before the jobs that need them, each job's assignment
    right after it (so the job enters the inspector's bucket), and checks last.
    """
    rng = random.Random(seed)
    plan = scope_plan(total)
    jobs = []
    firms = [firm(rng, office_id, n) for n in range(plan.firms)]
    yield from (("firms", record) for record in firms)
    for n in range(plan.sites):
        place = site(rng, office_id, firms[n % len(firms)]["id"], n)
        yield "sites", place
        made = [instrument(rng, place, n * INSTRUMENTS_PER_SITE + i) for i in range(8)]
        yield from (("instruments", record) for record, _, _ in made)
        for k in range(JOBS_PER_SITE):
            work = job(rng, office_id, place, [r["id"] for r, _, _ in made], n * 4 + k)
            yield "jobs", work
            yield "assignments", assignment(work, inspector_id)
            jobs.append(Job(work["id"], office_id, [(r["id"], t, p) for r, t, p in made]))
    for n in range(plan.checks):
        yield "checks", new_check(rng, jobs[n % len(jobs)], inspector_id, serial=n)


def device_checks(count, jobs, inspector_id, *, seed=11):
    """`count` new checks recorded offline on a tablet for the given jobs."""
    rng = random.Random(seed)
    return [new_check(rng, jobs[n % len(jobs)], inspector_id) for n in range(count)]
