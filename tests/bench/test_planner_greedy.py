"""The benchmark's greedy baselines: job by job to the nearest free qualified crew, and a
nearest-neighbour tour per crew; both keep every hard rule (the checker runs on them)."""

from dataclasses import replace

from bench.planner_greedy import greedy_plan, nearest_job_plan
from domain.planning.model import Crew
from tests.planner.small_day import H, inspectors, job, site, small_day

CREWS = (Crew("car-1", ("chen",)), Crew("car-2", ("lin",)))


def visits(plan):
    return {r.vehicle_id: [v.job_id for v in r.visits] for r in plan.routes}


def test_each_job_goes_to_the_nearest_free_qualified_crew_in_the_dispatchers_order():
    far_then_near = (
        job("late", site(1, 0.01), window=(10 * H, 17 * H)),
        job("urgent", site(2, 0.03), priority=3),
        job("station", site(3, -0.01), skills=frozenset({"fuel_dispenser"}), equipment=()),
    )
    plan = greedy_plan(small_day(jobs=far_then_near, crews=CREWS))
    # urgent first (to car-1, the first of two crews at the office); the fuel job only car-1's
    # crew may do; "late" last, to car-2, now the nearest free crew.
    assert visits(plan) == {"car-1": ["urgent", "station"], "car-2": ["late"]}


def test_what_no_crew_can_fit_is_left_with_a_reason():
    short = tuple(replace(p, shift=(8 * H, 9 * H + 10 * 60)) for p in inspectors())
    jobs = tuple(job(f"j{n}", site(n, 0.005 * n)) for n in range(1, 5))
    for planner in (greedy_plan, nearest_job_plan):
        plan = planner(small_day(jobs=jobs, inspectors=short, crews=CREWS))
        served = {v for route in visits(plan).values() for v in route}
        assert (
            len(served) == 2 and {u.job_id for u in plan.unserved} == {j.id for j in jobs} - served
        )


def test_a_free_crew_takes_the_nearest_job_it_may_do():
    jobs = (job("far", site(1, 0.03)), job("near", site(2, 0.01)), job("mid", site(3, 0.02)))
    plan = nearest_job_plan(small_day(jobs=jobs, crews=CREWS[:1]))
    assert visits(plan) == {"car-1": ["near", "mid", "far"]}
