"""The planner benchmark's quick mode runs end to end (no timing or gap target is asserted).

Three Solomon instances through our engine interface, one generated branch day planned by
the planner and by the greedy baseline (both checked), and a mid-day re-plan.
"""

import io

from bench.planner_bench import main


def test_the_quick_benchmark_solves_plans_and_replans():
    out = io.StringIO()
    results = main(["--quick"], out=out)
    gaps = results["solomon"][0.5]
    assert [g.name for g in gaps] == ["C101", "R101", "RC201"]
    assert all(g.feasible and -0.01 <= g.percent < 10 for g in gaps)
    [day] = results["days"]
    assert day.jobs == 150 and day.served >= day.greedy_served > 0
    assert day.same_served == day.greedy_served
    assert results["replan"] > 0
    text = out.getvalue()
    assert "mean gap" in text and "greedy" in text and "Re-plan at 12:00" in text
