"""Jobs the engine left out are placed where they still fit, at the cheapest position, the
most urgent first; what fits nowhere stays out, and no window or shift is broken."""

from dataclasses import replace

from domain.planning.checker import check_plan
from domain.planning.model import Crew, Plan, Unserved
from server.planner.insertion import fill_gaps
from server.planner.timeline import time_routes
from tests.planner.small_day import H, inspectors, job, site, small_day

CREW = (Crew("car-1", ("chen",)),)


def placed_in_order(world, left_out, planned=()):
    capable = {j.id: [0] for j in world.jobs}
    plan, placed = fill_gaps(world, CREW, capable, {0: list(planned)}, left_out)
    routes, dropped = time_routes(world, CREW, plan)
    assert dropped == []
    visited = {v.job_id for v in routes[0].visits}
    unserved = tuple(Unserved(j.id, "left out") for j in world.jobs if j.id not in visited)
    assert check_plan(world, Plan(routes, unserved, ())) == []
    return [j.id for j in plan[0]], placed


def test_a_left_out_job_goes_where_it_adds_least_travel():
    near, middle, far = (job(n, site(n, 0.01 * k)) for k, n in enumerate("abc", start=1))
    world = small_day(jobs=(near, middle, far), crews=CREW)
    order, placed = placed_in_order(world, [middle], planned=[near, far])
    assert order == ["a", "b", "c"] and placed == {"b"}


def test_a_job_that_fits_nowhere_stays_out():
    closed = job("closed", site(1, 0.01), window=(8 * H, 8 * H))  # nobody is there at 08:00
    world = small_day(jobs=(closed,), crews=CREW)
    assert placed_in_order(world, [closed]) == ([], set())


def test_the_most_urgent_job_gets_the_last_room_in_the_day():
    short_day = tuple(replace(p, shift=(8 * H, 9 * H + 40 * 60)) for p in inspectors())
    usual = job("usual", site(1, 0.01))
    urgent = job("urgent", site(2, 0.0, 0.01), priority=3)
    other = job("other", site(3, -0.01))
    world = small_day(jobs=(usual, urgent, other), inspectors=short_day, crews=CREW)
    order, placed = placed_in_order(world, [usual, other, urgent])
    assert "urgent" in order and len(order) == 2 and placed == set(order)
