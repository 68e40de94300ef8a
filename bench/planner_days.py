"""Generated branch days for the planner benchmark: the demo branch's twelve inspectors and
eight vehicles in its four offices, and about 150 jobs with skills, equipment and windows.

`branch_day(seed, jobs=150)` draws one day (deterministic per seed): sites in the offices'
towns (Matsu's on Nangan, Beigan and Dongyin, reached by ferry), job kinds of their site
kinds, service times by kind and instrument count, full-day, half-day and two-hour windows,
priorities, joint market audits for two inspectors, and shifts of 08:00–17:30. The branch
has four vehicles more than the demo's eight (`EXTRA_VEHICLES`), so every inspector can drive.
"""

import random
from datetime import date

from domain.planning.durations import service_minutes
from domain.planning.model import Gear, Inspector, Place, PlanJob, PlanProblem, Vehicle
from server.demo import people, places
from server.demo.generate import JOB_KINDS_AT, NEEDS
from server.planner.ferry import FerryTravel, island_at

H = 3600
SHIFT = (8 * H, 17 * H + 30 * 60)
#: Share of the day's jobs per office.
SHARE = {"KEELUNG": 0.38, "WUDU": 0.27, "SUAO": 0.23, "MATSU": 0.12}
SITE_KINDS = (
    "market",
    "gas_station",
    "taxi_company",
    "shop",
    "utility",
    "township_stall",
    "container_yard",
)
SITE_WEIGHTS = (3, 4, 4, 7, 1, 0.5, 2)
#: Vehicles the benchmark's branch has beyond the demo's eight, so every inspector can drive.
EXTRA_VEHICLES = (
    ("RAB-1204", "KEELUNG", 5, ("proving_measure", "fuel_sample_kit", "test_weights")),
    ("RAB-1205", "KEELUNG", 3, ("test_weights", "taximeter_roller")),
    ("RAB-2203", "WUDU", 5, ("test_weights", "test_weights_large", "fuel_sample_kit")),
    ("RAB-6202", "MATSU", 5, ("test_weights", "proving_measure", "fuel_sample_kit")),
)
WINDOWS = (
    ((8 * H + 30 * 60, 17 * H + 30 * 60), 5),
    ((8 * H + 30 * 60, 12 * H), 2),
    ((13 * H + 30 * 60, 17 * H), 2),
)


def office_place(office):
    return Place(
        office["code"],
        office["lat"],
        office["lon"],
        office["code"],
        island_at(office["lat"], office["lon"]),
    )


def branch_day(seed, jobs=150, day=date(2030, 1, 7)):
    """One generated day of the whole branch as a plan problem."""
    rng = random.Random(seed)
    offices = {o["code"]: o for o in places.OFFICES}
    inspectors = tuple(
        Inspector(username, office, frozenset(skills), SHIFT, name)
        for username, name, role, office, skills in people.PEOPLE
        if role == "inspector"
    )
    vehicles = tuple(
        Vehicle(
            plate,
            office,
            office_place(offices[office]),
            seats,
            tuple(Gear(k, *people.EQUIPMENT[k]) for k in kinds),
            plate,
        )
        for plate, office, seats, kinds in people.VEHICLES + EXTRA_VEHICLES
    )
    counts = {code: round(jobs * share) for code, share in SHARE.items()}
    counts["KEELUNG"] += jobs - sum(counts.values())
    made = tuple(_job(rng, code, n) for code, count in counts.items() for n in range(count))
    names = {code: offices[code]["name_en"].split(" (")[0] for code in offices}
    return PlanProblem(day, made, inspectors, vehicles, FerryTravel.matsu(), office_names=names)


def _job(rng, code, n):
    district, lat, lon, spread, _ = rng.choice(places.AREAS[code])
    lat, lon = lat + rng.uniform(-spread, spread), lon + rng.uniform(-spread, spread)
    site_kind = rng.choices(SITE_KINDS, SITE_WEIGHTS)[0]
    kind = rng.choice(JOB_KINDS_AT[site_kind])
    skills, equipment, _ = NEEDS[kind]
    instruments = rng.randint(1, 3) if kind not in ("accident_visit", "firm_visit") else 0
    window = _window(rng)
    return PlanJob(
        id=f"{code}-{n:03d}",
        office_id=code,
        place=Place(f"site-{code}-{n}", lat, lon, code, island_at(lat, lon)),
        window=window,
        service=service_minutes(kind, instruments) * 60,
        skills=frozenset(skills),
        equipment=tuple(Gear(k, *people.EQUIPMENT[k]) for k in equipment),
        priority=rng.choice((0, 0, 0, 1, 2, 3)),
        inspectors_needed=2 if kind == "market_audit" else 1,
        label=kind,
    )


def _window(rng):
    choices, weights = zip(*WINDOWS, strict=True)
    if rng.random() < 0.15:
        start = rng.randrange(9 * H, 15 * H, 1800)
        return (start, start + 2 * H)
    return rng.choices(choices, weights)[0]
