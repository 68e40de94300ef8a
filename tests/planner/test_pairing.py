"""An office pairs two inspectors for a joint audit only when the day is worth more that way;
a lock on the audit to two inspectors pairs them whatever the day."""

from domain.planning.checker import check_plan
from domain.planning.model import Crew, Inspector, Lock, Place, Vehicle
from server.planner.planning import propose
from tests.planner.small_day import H, job, site, small_day

AUDIT = job("audit", site(99, 0.012), inspectors_needed=2)


def busy_day(**changes):
    """A joint audit and fourteen hour-long jobs: more than one crew of two can do."""
    solo = tuple(
        job(f"shop-{n}", site(n, 0.002 * n, 0.001 * (n % 3)), service=H) for n in range(14)
    )
    return small_day(jobs=(AUDIT, *solo), **changes)


def crews_of(plan):
    return {route.inspector_ids for route in plan.routes if route.visits}


def test_a_day_with_more_to_do_apart_keeps_the_two_apart_and_says_how_to_pair_them():
    world = busy_day()
    plan = propose(world, seconds=0.5)
    assert crews_of(plan) == {("chen",), ("lin",)}
    reason = {gap.job_id: gap.reason for gap in plan.unserved}["audit"]
    assert reason.startswith("needs 2 inspectors together; no crew of that size today")
    assert "lock the job to 2 of Keelung's inspectors" in reason
    assert len(plan.served_ids()) == 14 and check_plan(world, plan) == []


def test_a_day_that_is_worth_more_together_pairs_them():
    world = small_day(jobs=(AUDIT, *small_day().jobs[:2]))
    plan = propose(world, seconds=0.5)
    assert {"chen", "lin"} in [set(c) for c in crews_of(plan)]
    assert "audit" in plan.served_ids() and check_plan(world, plan) == []


def test_a_lock_on_the_audit_to_both_pairs_them_on_a_busy_day():
    world = busy_day(locks=(Lock("audit", ("chen", "lin")),))
    plan = propose(world, seconds=0.5)
    assert "audit" in plan.served_ids()
    assert {tuple(sorted(c)) for c in crews_of(plan)} == {("chen", "lin")}
    assert check_plan(world, plan) == []


def test_a_crew_of_two_in_another_office_does_not_count_for_a_joint_audit():
    suao = Place("suao", 24.5950, 121.8510, "SUAO")
    people = tuple(
        Inspector(name, "SUAO", frozenset({"nawi"}), (8 * H, 17 * H), name)
        for name in ("yang", "tsai")
    )
    car = Vehicle("car-9", "SUAO", suao, 5, (), "RAB-3201")
    world = small_day(
        jobs=(AUDIT,),
        inspectors=(*small_day().inspectors, *people),
        vehicles=(*small_day().vehicles, car),
        crews=(Crew("car-1", ("chen",)), Crew("car-2", ("lin",)), Crew("car-9", ("yang", "tsai"))),
    )
    reason = {gap.job_id: gap.reason for gap in propose(world, seconds=0.3).unserved}["audit"]
    assert reason.startswith("needs 2 inspectors together; no crew of that size today")
