"""Deterministic generation of the demo branch's records (a fixed random seed).

`generate(today)` returns `{collection: [fields, ...]}` in write order — offices, users,
vehicles, firms, sites, instruments, jobs, assignments — shaped by the domain schemas. The
same `today` always gives the same records (ids included), so tests can count on them.
"""

import random
from datetime import date, datetime, time, timedelta, timezone

from domain.ids import ordered_id
from domain.planning.durations import service_minutes
from domain.records.vocabulary import COLLECTIONS
from server.demo import people, places

SEED = 20130101
TAIPEI = timezone(timedelta(hours=8))
FIRMS_PER_OFFICE = {"KEELUNG": 120, "WUDU": 70, "SUAO": 55, "MATSU": 20}
JOBS_PER_DAY = 22

#: Re-verification interval per instrument type (years).
INTERVAL_YEARS = {
    "taximeter": 1,
    "fuel_dispenser": 2,
    "nawi": 2,
    "personal_scale": 2,
    "sphygmomanometer": 2,
    "ir_ear_thermometer": 2,
    "water_meter": 8,
    "electricity_meter": 8,
    "gas_meter_diaphragm": 10,
}

#: Accuracy class written on instruments of a type (None where the type has none).
CLASSES = {
    "nawi": "III",
    "fuel_dispenser": "0.5",
    "water_meter": "2",
    "electricity_meter": "B",
    "gas_meter_diaphragm": "1.5",
    "personal_scale": "IIII",
}

#: Instrument type -> the parameters its checks are judged with (several models per type).
PARAMS = {
    "nawi": (
        {"e": 5, "max": 15000, "unit": "g"},
        {"e": 2, "max": 6000, "unit": "g"},
        {"e": 0.05, "max": 150, "unit": "kg"},
    ),
    "fuel_dispenser": ({"mmq": 2, "scale_interval": 0.01},),
    "water_meter": ({"q1": 0.025, "q3": 2.5}, {"q1": 0.04, "q3": 4}),
    "electricity_meter": ({"i_min": 0.25, "i_tr": 0.5, "i_max": 60},),
    "gas_meter_diaphragm": ({"q_min": 0.016, "q_t": 0.25, "q_max": 2.5},),
    "personal_scale": ({"e": 0.1, "max": 150, "unit": "kg"},),
}

#: Site kind -> the job kinds done there.
JOB_KINDS_AT = {
    "gas_station": ("fuel_dispenser_inspection", "fuel_sampling"),
    "taxi_company": ("taxi_meter_verification",),
    "market": ("instrument_inspection", "market_audit"),
    "shop": ("instrument_verification", "market_audit", "firm_visit"),
    "utility": ("instrument_verification",),
    "township_stall": ("free_home_instrument_check", "accident_visit"),
    "container_yard": ("import_sampling",),
}
#: Job kind -> (required skills, required equipment kinds, minutes of a typical job); a
#: job's estimate is `domain.planning.durations.service_minutes` of its instruments.
NEEDS = {
    "fuel_dispenser_inspection": (["fuel_dispenser"], ["proving_measure"], 90),
    "fuel_sampling": (["fuel_sampling"], ["fuel_sample_kit"], 45),
    "taxi_meter_verification": (["taximeter"], ["taximeter_roller"], 120),
    "instrument_inspection": (["nawi"], ["test_weights"], 60),
    "instrument_verification": (["nawi"], ["test_weights_large"], 90),
    "market_audit": (["shop_audit"], [], 120),
    "firm_visit": (["firm_visit"], [], 60),
    "free_home_instrument_check": (
        ["sphygmomanometer", "ir_ear_thermometer"],
        ["bp_reference_manometer", "ir_blackbody"],
        180,
    ),
    "accident_visit": (["accident_visit"], [], 90),
    "import_sampling": (["import_sampling"], [], 60),
}


class Generator:
    """Draws records from one seeded random source."""

    def __init__(self, today, seed=SEED):
        self.rng = random.Random(seed)
        self.today = today
        # Ids are UUIDv7 as on devices, stamped from a month before `today` one ms apart.
        month_ago = datetime.combine(today - timedelta(days=30), time(8), tzinfo=TAIPEI)
        self.id_clock = int(month_ago.timestamp() * 1000)
        # The demo holds the register and the planned work, in write order; no results.
        self.out = {c: [] for c in COLLECTIONS[: COLLECTIONS.index("assignments") + 1]}

    def new_id(self):
        self.id_clock += 1
        return ordered_id(self.rng, self.id_clock)

    def add(self, collection, fields):
        fields = {"id": self.new_id(), **fields}
        self.out[collection].append(fields)
        return fields

    def offices(self):
        self.office_ids = {o["code"]: self.add("offices", dict(o))["id"] for o in places.OFFICES}

    def users(self):
        for username, name, role, office, skills in people.PEOPLE:
            self.add(
                "users",
                {
                    "username": username,
                    "display_name": name,
                    "role": role,
                    "office_id": self.office_ids[office],
                    "skills": list(skills),
                    "active": True,
                    **self.shift(role),
                },
            )

    @staticmethod
    def shift(role):
        if role != "inspector":
            return {}
        return {"shift_start": people.SHIFT[0], "shift_end": people.SHIFT[1]}

    def vehicles(self):
        for plate, office, seats, equipment in people.VEHICLES:
            self.add(
                "vehicles",
                {
                    "office_id": self.office_ids[office],
                    "plate": plate,
                    "seats": seats,
                    "equipment": people.equipment(equipment, plate),
                    "active": True,
                },
            )

    def place(self, code):
        district, lat, lon, spread, roads = self.rng.choice(places.AREAS[code])
        address = f"{district}{self.rng.choice(roads)}{self.rng.randint(1, 300)}號"
        return (
            address,
            round(lat + self.rng.uniform(-spread, spread), 6),
            round(lon + self.rng.uniform(-spread, spread), 6),
        )

    def firms_and_sites(self):
        kinds = list(places.SITE_KINDS)
        weights = [6, 3, 5, 8, 2, 2, 1]
        for code, count in FIRMS_PER_OFFICE.items():
            for _ in range(count):
                kind = self.rng.choices(kinds, weights)[0]
                suffix = self.rng.choice(places.SITE_KINDS[kind][0])
                name = f"{self.rng.choice(places.FIRM_WORDS)}{suffix}"
                contact = self.rng.choice(places.SURNAMES) + self.rng.choice(places.GIVEN)
                firm_address = self.place(code)[0]
                firm = self.add(
                    "firms",
                    {
                        "office_id": self.office_ids[code],
                        "address": firm_address,
                        "name": name,
                        "tax_id": f"{self.rng.randint(10**7, 10**8 - 1)}",
                        "contact_name": contact,
                        "phone": f"0{self.rng.choice([2, 3, 836])}-"
                        f"{self.rng.randint(2000000, 9999999)}",
                    },
                )
                for n in range(2 if self.rng.random() < 0.15 else 1):
                    address, lat, lon = self.place(code)
                    site = self.add(
                        "sites",
                        {
                            "firm_id": firm["id"],
                            "office_id": self.office_ids[code],
                            "name": name if n == 0 else f"{name}第二營業所",
                            "kind": kind,
                            "address": address,
                            "lat": lat,
                            "lon": lon,
                        },
                    )
                    self.instruments(site, kind, code)

    def instruments(self, site, kind, code):
        for itype, low, high in places.SITE_KINDS[kind][1]:
            for _ in range(self.rng.randint(low, high)):
                last = self.today - timedelta(days=self.rng.randint(20, 720))
                due = last + timedelta(days=365 * INTERVAL_YEARS[itype])
                self.add(
                    "instruments",
                    {
                        "site_id": site["id"],
                        "type": itype,
                        "accuracy_class": CLASSES.get(itype),
                        "params": dict(self.rng.choice(PARAMS.get(itype, ({},)))),
                        "nozzle_count": self.rng.randint(1, 8)
                        if itype == "fuel_dispenser"
                        else None,
                        "serial": f"{code}{itype[:2].upper()}{self.rng.randint(10**6, 10**7 - 1)}",
                        "make": self.rng.choice(places.MAKES[itype]),
                        "model": f"M-{self.rng.randint(100, 999)}",
                        "seal_number": f"TW{self.rng.randint(10**7, 10**8 - 1)}",
                        "last_verified": last.isoformat(),
                        "due_date": due.isoformat(),
                    },
                )

    def jobs(self):
        sites = self.out["sites"]
        by_site = {}
        for instrument in self.out["instruments"]:
            by_site.setdefault(instrument["site_id"], []).append(instrument["id"])
        codes = {v: k for k, v in self.office_ids.items()}
        inspectors = [u for u in self.out["users"] if u["role"] == "inspector"]
        vehicles = self.out["vehicles"]
        for offset in range(-2, 5):
            day = self.today + timedelta(days=offset)
            for n in range(JOBS_PER_DAY):
                site = self.rng.choice(sites)
                kind = self.rng.choice(JOB_KINDS_AT[site["kind"]])
                skills, equipment, _ = NEEDS[kind]
                start = datetime.combine(day, time(8, 30), TAIPEI)
                scope = by_site.get(site["id"], [])
                in_scope = scope[: self.rng.randint(1, 6)] if scope else []
                job = self.add(
                    "jobs",
                    {
                        "kind": kind,
                        "office_id": site["office_id"],
                        "site_id": site["id"],
                        "instrument_ids": in_scope,
                        "application_number": (
                            f"{codes[site['office_id']]}-{day:%Y%m%d}-{n + 1:04d}"
                        ),
                        "lookup_code": f"{self.rng.randint(0, 999999):06d}",
                        "window_start": start.isoformat(),
                        "window_end": (start + timedelta(hours=9)).isoformat(),
                        "priority": self.rng.choice([0, 0, 1, 2, 3]),
                        "required_skills": skills,
                        "required_equipment": [
                            {
                                "kind": k,
                                "capacity": people.EQUIPMENT[k][0],
                                "unit": people.EQUIPMENT[k][1],
                            }
                            for k in equipment
                        ],
                        "estimated_minutes": service_minutes(kind, len(in_scope)),
                        "inspectors_needed": 2 if kind == "market_audit" else 1,
                        "status": self.status_for(offset),
                    },
                )
                if job["status"] != "requested":
                    self.assign(job, day, n, inspectors, vehicles)

    def status_for(self, offset):
        if offset < 0:
            return self.rng.choice(["done", "done", "done", "needs_review", "cancelled"])
        if offset == 0:
            return self.rng.choice(["dispatched", "in_progress", "scheduled"])
        return self.rng.choice(["requested", "requested", "scheduled"])

    def assign(self, job, day, n, inspectors, vehicles):
        local = [u for u in inspectors if u["office_id"] == job["office_id"]] or inspectors
        skilled = [u for u in local if set(job["required_skills"]) & set(u["skills"])] or local
        cars = [v for v in vehicles if v["office_id"] == job["office_id"]] or vehicles
        self.add(
            "assignments",
            {
                "job_id": job["id"],
                "inspector_ids": [self.rng.choice(skilled)["id"]],
                "vehicle_id": self.rng.choice(cars)["id"],
                "date": day.isoformat(),
                "planned_start": f"{day}T{8 + n % 9:02d}:{self.rng.choice(['00', '30'])}:00+08:00",
                "route_order": n % 6,
                "locked": False,
            },
        )


def generate(today=None):
    """The demo records for a week around `today` (a `date`): `{collection: [fields]}`."""
    generator = Generator(today or date.today())
    for step in (
        generator.offices,
        generator.users,
        generator.vehicles,
        generator.firms_and_sites,
        generator.jobs,
    ):
        step()
    return generator.out
