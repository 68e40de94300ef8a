"""The feasibility checker accepts a plan that keeps every rule and names each rule broken."""

from dataclasses import replace

import pytest

from domain.planning.checker import PlanInfeasible, check_plan, require_feasible
from domain.planning.model import (
    Departure,
    Gear,
    Inspector,
    Lock,
    Plan,
    StartedVisit,
    Unserved,
)
from tests.domain.planning.world import H, good_plan, job, problem, timed_route


def kinds(problem, plan):
    return {violation.kind for violation in check_plan(problem, plan)}


def test_a_plan_that_keeps_every_rule_passes():
    world = problem()
    assert check_plan(world, good_plan(world)) == []
    assert require_feasible(world, good_plan(world)) == good_plan(world)


def test_a_missing_skill_is_caught():
    world = problem(jobs=(job("j1", 10, skills=frozenset({"taximeter", "water_meter"})),))
    plan = Plan((timed_route(world, "car1", ["chen"], ["j1"]),))
    violations = check_plan(world, plan)
    assert [v.kind for v in violations] == ["skill", "skill"]
    assert "taximeter" in violations[0].message and "water_meter" in violations[1].message


def test_the_crew_pools_its_skills():
    world = problem(jobs=(job("j1", 10, skills=frozenset({"taximeter", "nawi"})),))
    assert kinds(world, Plan((timed_route(world, "car1", ["chen", "lin"], ["j1"]),))) == set()


def test_missing_equipment_is_caught_by_kind_and_capacity():
    world = problem(jobs=(job("j1", 10, equipment=(Gear("test_weights", 300, "kg"),)),))
    violations = check_plan(world, Plan((timed_route(world, "car1", ["chen"], ["j1"]),)))
    assert [v.kind for v in violations] == ["equipment"]
    assert "300 kg test weights" in violations[0].message


def test_more_inspectors_than_seats_is_caught():
    world = problem(jobs=(job("j1", 10, equipment=()),))
    plan = Plan((timed_route(world, "car2", ["chen", "lin"], ["j1"]),))
    assert kinds(world, plan) == {"seats"}


def test_a_team_job_with_one_inspector_is_caught():
    world = problem(jobs=(job("j1", 10, inspectors_needed=2),))
    assert kinds(world, Plan((timed_route(world, "car1", ["chen"], ["j1"]),))) == {"team"}
    assert kinds(world, Plan((timed_route(world, "car1", ["chen", "lin"], ["j1"]),))) == set()


def test_a_start_outside_the_window_is_caught():
    world = problem(jobs=(job("j1", 10, window=(8 * H, 8 * H + 5 * 60)),))
    plan = Plan((timed_route(world, "car1", ["chen"], ["j1"], depart=9 * H),))
    assert kinds(world, plan) == {"window"}


def test_an_arrival_faster_than_the_trip_is_caught():
    world = problem()
    route = good_plan(world).routes[0]
    first = route.visits[0]
    rushed = replace(first, arrival=first.arrival - 60)
    plan = Plan((replace(route, visits=(rushed, *route.visits[1:])),))
    assert "travel" in kinds(world, plan)


def test_a_short_service_is_caught():
    world = problem()
    route = good_plan(world).routes[0]
    short = replace(route.visits[0], end=route.visits[0].start + 60)
    plan = Plan((replace(route, visits=(short, *route.visits[1:])),))
    assert "window" in kinds(world, plan)


def test_a_day_longer_than_the_shift_is_caught():
    late = Inspector("chen", "o1", frozenset({"nawi"}), (8 * H, 9 * H))
    world = problem(inspectors=(late,))
    assert kinds(world, Plan((timed_route(world, "car1", ["chen"], ["j1", "j2", "j3"]),))) == {
        "shift"
    }


def test_setting_out_before_the_shift_is_caught():
    world = problem()
    plan = Plan((timed_route(world, "car1", ["chen"], ["j1", "j2", "j3"], depart=7 * H),))
    assert "shift" in kinds(world, plan)


def test_an_inspector_lock_is_kept_or_caught():
    world = problem(locks=(Lock("j1", inspector_ids=("lin",)),))
    assert kinds(world, Plan((timed_route(world, "car1", ["chen"], ["j1", "j2", "j3"]),))) == {
        "lock"
    }


def test_a_time_lock_is_kept_or_caught():
    world = problem(locks=(Lock("j2", start=11 * H),))
    assert kinds(world, good_plan(world)) == {"lock"}


def test_a_locked_job_left_out_with_a_reason_is_reported_not_hidden():
    world = problem(locks=(Lock("j3", start=11 * H),))
    plan = Plan(
        (timed_route(world, "car1", ["chen"], ["j1", "j2"]),),
        (Unserved("j3", "the locked time is outside every shift"),),
    )
    assert check_plan(world, plan) == []


@pytest.mark.parametrize(
    "plan_of",
    [
        lambda w: Plan((timed_route(w, "car1", ["chen"], ["j1", "j2"]),)),
        lambda w: Plan((timed_route(w, "car1", ["chen"], ["j1", "j2", "j3", "j3"]),)),
        lambda w: Plan(
            (timed_route(w, "car1", ["chen"], ["j1", "j2", "j3"]),), (Unserved("j3", "x"),)
        ),
        lambda w: Plan((timed_route(w, "car1", ["chen"], ["j1", "j2"]),), (Unserved("j3", " "),)),
        lambda w: Plan(good_plan(w).routes, (Unserved("j9", "not ours"),)),
    ],
    ids=["missing", "twice", "served-and-unserved", "no-reason", "unknown"],
)
def test_every_job_is_placed_once_or_left_out_with_a_reason(plan_of):
    world = problem()
    assert kinds(world, plan_of(world)) == {"coverage"}


def test_an_inspector_in_two_routes_is_caught():
    world = problem(jobs=(job("j1", 10, equipment=()), job("j2", 20, equipment=())))
    plan = Plan(
        (
            timed_route(world, "car1", ["chen"], ["j1"]),
            timed_route(world, "car2", ["chen"], ["j2"]),
        )
    )
    assert kinds(world, plan) == {"crew"}


def test_another_offices_inspector_is_caught():
    stranger = Inspector("wang", "o2", frozenset({"nawi"}), (8 * H, 17 * H))
    world = problem(inspectors=(stranger,))
    plan = Plan((timed_route(world, "car1", ["wang"], ["j1", "j2", "j3"]),))
    assert kinds(world, plan) == {"crew"}


def test_a_started_visit_must_stay_as_it_was():
    visit = StartedVisit("j1", "car1", ("chen",), 9 * H, 9 * H + 1800)
    world = problem(started=(visit,))
    start = Departure(world.job("j1").place, visit.end)
    route = timed_route(world, "car1", ["chen"], ["j2", "j3"], depart=start.time)
    route = replace(route, start=start.place)
    route = replace(route, visits=tuple(_shift_from(world, route)))
    assert check_plan(world, Plan((route,), started=(visit,))) == []
    assert kinds(world, Plan((route,))) == {"started"}
    moved = replace(visit, start=visit.start + 60)
    assert kinds(world, Plan((route,), started=(moved,))) == {"started"}
    early = replace(route, depart=visit.end - 60)
    assert "started" in kinds(world, Plan((early,), started=(visit,)))


def _shift_from(world, route):
    """The route's visits re-timed from its start place (j1's site)."""
    here, free = route.start, route.depart
    for visit in route.visits:
        job = world.job(visit.job_id)
        arrival = free + world.travel.seconds(here, job.place, free)
        start = max(arrival, job.window[0])
        yield replace(visit, arrival=arrival, start=start, end=start + job.service)
        here, free = job.place, start + job.service


def test_require_feasible_raises_with_every_violation():
    world = problem(locks=(Lock("j2", start=11 * H),))
    with pytest.raises(PlanInfeasible) as raised:
        require_feasible(world, good_plan(world))
    assert [v.kind for v in raised.value.violations] == ["lock"]
