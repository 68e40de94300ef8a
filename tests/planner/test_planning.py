"""The planner proposes plans the checker accepts, keeps hard rules hard, and says why."""

from dataclasses import replace

from domain.planning.checker import check_plan
from domain.planning.model import Crew, Gear, Inspector, Lock
from server.planner.planning import propose
from tests.planner.small_day import MEASURE, OFFICE, H, job, site, small_day

FAST = {"seconds": 0.3}


def route_of(plan, job_id):
    return next(r for r in plan.routes if job_id in {v.job_id for v in r.visits})


def reasons(plan):
    return {gap.job_id: gap.reason for gap in plan.unserved}


def test_a_day_that_fits_is_planned_whole_and_feasible():
    world = small_day()
    plan = propose(world, **FAST)
    assert sorted(plan.served_ids()) == sorted(j.id for j in world.jobs)
    assert check_plan(world, plan) == []
    for route in plan.routes:
        starts = [visit.start for visit in route.visits]
        assert starts == sorted(starts)
        assert all(visit.arrival <= visit.start for visit in route.visits)


def test_skills_and_equipment_are_never_violated_even_when_a_nearer_crew_is_free():
    world = small_day()
    plan = propose(world, **FAST)
    assert "chen" in route_of(plan, "station").inspector_ids
    assert route_of(plan, "station").vehicle_id == "car-1"  # the only proving measure
    assert "lin" in route_of(plan, "taxi").inspector_ids


def test_each_impossible_job_gets_its_own_reason():
    world = small_day(
        jobs=(
            job("taxi-suao", site(1, 0.01), skills=frozenset({"water_meter"}), equipment=()),
            job("heavy", site(2, 0.01), equipment=(Gear("test_weights", 500, "kg"),)),
            job("long", site(3, 0.01), service=10 * H),
            job("past", site(4, 0.01), window=(8 * H, 9 * H)),
            job("fine", site(5, 0.01)),
        ),
        now=10 * H,
    )
    plan = propose(world, **FAST)
    why = reasons(plan)
    assert why["taxi-suao"] == "no inspector with skill water_meter in Keelung"
    assert why["heavy"] == "no vehicle in Keelung carries the 500 kg test weights"
    assert why["long"].startswith("does not fit in any shift")
    assert why["past"].startswith("window already past")
    assert plan.served_ids() == ["fine"]


def test_skill_and_equipment_in_different_vehicles_is_explained():
    world = small_day(
        jobs=(
            job("station", site(1, 0.01), skills=frozenset({"taximeter"}), equipment=(MEASURE,)),
        ),
        crews=(Crew("car-1", ("chen",)), Crew("car-2", ("lin",))),
    )
    assert "different vehicles" in reasons(propose(world, **FAST))["station"]


def test_a_joint_audit_goes_to_a_crew_of_two():
    world = small_day(jobs=(*small_day().jobs, job("audit", site(9, 0.01), inspectors_needed=2)))
    plan = propose(world, **FAST)
    assert set(route_of(plan, "audit").inspector_ids) == {"chen", "lin"}
    assert check_plan(world, plan) == []


def test_a_joint_audit_with_one_inspector_in_the_office_is_explained():
    world = small_day(
        inspectors=small_day().inspectors[:1],
        jobs=(job("audit", site(9, 0.01), inspectors_needed=2),),
    )
    assert reasons(propose(world, **FAST))["audit"] == "needs 2 inspectors; Keelung has 1 today"


def test_locks_to_an_inspector_and_to_a_time_are_kept():
    world = small_day(
        locks=(
            Lock("market", ("lin",)),
            Lock("shop", start=15 * H),
            Lock("scale", ("chen",), 9 * H),
        ),
        crews=(Crew("car-1", ("chen",)), Crew("car-2", ("lin",))),
    )
    plan = propose(world, **FAST)
    assert route_of(plan, "market").inspector_ids == ("lin",)
    shop = next(v for r in plan.routes for v in r.visits if v.job_id == "shop")
    assert shop.start == 15 * H
    scale = next(v for v in route_of(plan, "scale").visits if v.job_id == "scale")
    assert route_of(plan, "scale").inspector_ids == ("chen",) and scale.start == 9 * H


def test_a_lock_that_cannot_be_kept_is_reported_not_broken():
    world = small_day(locks=(Lock("market", start=7 * H),))
    assert "outside its window" in reasons(propose(world, **FAST))["market"]
    absent = small_day(locks=(Lock("market", ("wang",)),))
    assert "not working" in reasons(propose(absent, **FAST))["market"]


def test_urgent_jobs_win_when_the_day_is_too_short():
    short = tuple(replace(p, shift=(8 * H, 11 * H)) for p in small_day().inspectors[:1])
    jobs = tuple(job(f"j{n}", site(n, 0.005 * n), service=50 * 60) for n in range(1, 5))
    jobs = (*jobs[:3], replace(jobs[3], priority=3))
    world = small_day(inspectors=short, jobs=jobs)
    plan = propose(world, **FAST)
    assert "j4" in plan.served_ids()
    assert len(plan.served_ids()) == 2
    assert all(reason.startswith("not enough time") for reason in reasons(plan).values())


def test_matsu_jobs_wait_for_the_ferry():
    nangan = replace(OFFICE, id="matsu", lat=26.1600, lon=119.9490, area="MATSU", island="nangan")
    beigan = replace(nangan, id="beigan-site", lat=26.2230, lon=119.9990, island="beigan")
    people = (Inspector("hsu", "MATSU", frozenset({"nawi"}), (8 * H, 17 * H + 1800), "許"),)
    cars = (replace(small_day().vehicles[0], office_id="MATSU", depot=nangan),)
    world = small_day(
        inspectors=people,
        vehicles=cars,
        jobs=(replace(job("beigan", beigan), office_id="MATSU"),),
        office_names={"MATSU": "Matsu"},
    )
    plan = propose(world, **FAST)
    [visit] = plan.routes[0].visits
    assert 9 * H + 15 * 60 <= visit.arrival <= 9 * H + 30 * 60  # the 09:00 boat, 15 minutes
    assert plan.routes[0].back >= 10 * H + 15 * 60  # back on the 10:00 boat at the earliest
    assert check_plan(world, plan) == []


def _three_inspectors(**changes):
    huang = Inspector("huang", "KEELUNG", frozenset({"nawi"}), (8 * H, 17 * H), "黃家豪")
    third_car = replace(small_day().vehicles[1], id="car-3", plate="RAB-1203")
    return small_day(
        inspectors=(*small_day().inspectors, huang),
        vehicles=(*small_day().vehicles, third_car),
        **changes,
    )


def test_inspectors_locked_together_on_a_joint_audit_ride_together():
    audit = job("audit", site(9, 0.01), inspectors_needed=2)
    for pair in (("chen", "huang"), ("lin", "huang"), ("chen", "lin")):
        world = _three_inspectors(jobs=(*small_day().jobs, audit), locks=(Lock("audit", pair),))
        plan = propose(world, **FAST)
        assert set(route_of(plan, "audit").inspector_ids) == set(pair), pair
        assert check_plan(world, plan) == []


def test_a_lock_to_two_inspectors_in_different_vehicles_is_explained():
    world = _three_inspectors(
        locks=(Lock("market", ("chen", "lin")),),
        crews=(Crew("car-1", ("chen",)), Crew("car-2", ("lin", "huang"))),
    )
    assert reasons(propose(world, **FAST))["market"] == (
        "locked to 陳志明 and 林淑芬 together, who are in different vehicles today"
    )
