"""A small Keelung day for the planner's tests: two crews' worth of people and vehicles and a
handful of jobs a few kilometres apart, on the default straight-line travel source."""

from dataclasses import replace
from datetime import date

from domain.planning.model import Gear, Inspector, Place, PlanJob, PlanProblem, Vehicle
from server.planner.ferry import FerryTravel

H = 3600
OFFICE = Place("keelung", 25.1316, 121.7445, "KEELUNG")
WEIGHTS = Gear("test_weights", 20, "kg")
MEASURE = Gear("proving_measure", 20, "L")
SHIFT = (8 * H, 17 * H)


def site(n, north=0.0, east=0.0):
    return Place(f"site-{n}", OFFICE.lat + north, OFFICE.lon + east, "KEELUNG")


def job(job_id, where, **changes):
    base = PlanJob(
        id=job_id,
        office_id="KEELUNG",
        place=where,
        window=(8 * H + 1800, 17 * H),
        service=30 * 60,
        skills=frozenset({"nawi"}),
        equipment=(WEIGHTS,),
        label=job_id,
    )
    return replace(base, **changes)


def inspectors():
    return (
        Inspector("chen", "KEELUNG", frozenset({"nawi", "fuel_dispenser"}), SHIFT, "陳志明"),
        Inspector("lin", "KEELUNG", frozenset({"taximeter", "nawi"}), SHIFT, "林淑芬"),
    )


def vehicles():
    return (
        Vehicle("car-1", "KEELUNG", OFFICE, 5, (WEIGHTS, MEASURE), "RAB-1201"),
        Vehicle("car-2", "KEELUNG", OFFICE, 3, (WEIGHTS,), "RAB-1202"),
    )


def day_jobs():
    return (
        job("market", site(1, 0.01, 0.00)),
        job("shop", site(2, 0.00, 0.01)),
        job(
            "station",
            site(3, -0.01, 0.00),
            skills=frozenset({"fuel_dispenser"}),
            equipment=(MEASURE,),
        ),
        job("taxi", site(4, 0.00, -0.01), skills=frozenset({"taximeter"}), equipment=()),
        job("scale", site(5, 0.02, 0.01)),
    )


def small_day(**changes):
    base = PlanProblem(
        day=date(2030, 1, 7),
        jobs=day_jobs(),
        inspectors=inspectors(),
        vehicles=vehicles(),
        travel=FerryTravel.matsu(),
        office_names={"KEELUNG": "Keelung"},
    )
    return replace(base, **changes)
