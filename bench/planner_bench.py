"""Planner benchmark: Solomon VRPTW gaps, generated branch days against a greedy baseline, and
the time of a mid-day re-plan.

Run it as ``python -m bench.planner_bench`` (the full run: all 56 Solomon instances at 5 s and
at 1 s each, three branch days, a re-plan; about eight minutes) or with ``--quick`` (three
instances, one day; well under a minute). Figures go in bench/README.md.

- **Solomon**: each instance (VRPLIB files with their best-known solutions) goes through our
  engine interface (`server.planner.engine`) under the DIMACS convention — every arc's length
  truncated to one decimal, so lengths and times are integers in tenths — with its fleet and
  capacity; the gap is to the best-known distance.
- **Branch days** (`bench.planner_days`): the planner against the greedy dispatcher that sends
  each job to the nearest free qualified crew (`bench.planner_greedy.greedy_plan`), both with
  the crews the planner chooses for the day (`server.planner.pairing`), all
  checked by `domain.planning.checker`: jobs served and travel time, on the whole day and on
  the jobs the greedy served (the same work, so the travel compares like with like: the same
  jobs for the same crews). A stronger baseline, a nearest-neighbour tour per crew
  (`nearest_job_plan`), is printed beside it.
- **Re-plan**: at 12:00 of a planned day, visits begun are started, an urgent job arrives,
  and the day is planned again from where each crew is; the wall time of the whole call.
"""

import argparse
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import vrplib

from bench.planner_days import branch_day
from bench.planner_greedy import greedy_plan, nearest_job_plan
from domain.planning.model import Crew, Departure, StartedVisit
from server.planner.engine import Fleet, RoutingProblem, Stop, solve
from server.planner.pairing import choose_crews
from server.planner.planning import propose
from server.planner.timeline import travel_seconds

SOLOMON = Path(__file__).resolve().parent / "data" / "solomon"  # VRPLIB files, MIT (LICENSE)
QUICK_INSTANCES = ("C101", "R101", "RC201")
H = 3600


@dataclass(frozen=True)
class Gap:
    name: str
    cost: float
    best: float
    feasible: bool

    @property
    def percent(self):
        return 100 * (self.cost - self.best) / self.best


def solomon_problem(path):
    """The instance as our routing problem, in tenths (DIMACS: arcs truncated to 0.1)."""
    data = vrplib.read_instance(str(path))
    coords = np.asarray(data["node_coord"], dtype=float)
    deltas = coords[:, None, :] - coords[None, :, :]
    tenths = np.floor(np.sqrt((deltas**2).sum(axis=2)) * 10 + 1e-9).astype(np.int64)
    windows = np.asarray(data["time_window"], dtype=np.int64) * 10
    service = np.broadcast_to(np.asarray(data["service_time"]) * 10, (len(coords),))
    stops = tuple(
        Stop(n, int(service[n]), (int(windows[n][0]), int(windows[n][1])), int(data["demand"][n]))
        for n in range(1, len(coords))
    )
    fleet = Fleet(
        0,
        0,
        (int(windows[0][0]), int(windows[0][1])),
        count=int(data["vehicles"]),
        capacity=int(data["capacity"]),
    )
    return RoutingProblem((tenths,), stops, (fleet,))


def solomon_gap(path, seconds):
    """Solve one instance for `seconds`; its gap to the best-known solution."""
    problem = solomon_problem(path)
    result = solve(problem, seconds=seconds, seed=1)
    visited = sorted(stop for route in result.routes for stop in route.stops)
    best = vrplib.read_solution(str(path.with_suffix(".sol")))["cost"]
    complete = visited == list(range(len(problem.stops)))
    return Gap(path.stem, result.travel / 10, float(best), result.feasible and complete)


def solomon_run(seconds, names=None, out=sys.stdout):
    paths = sorted(SOLOMON.glob("*.vrp"))
    if names:
        paths = [p for p in paths if p.stem in names]
    gaps = []
    print(f"\nSolomon at {seconds:g} s per instance (DIMACS, gap to best known)", file=out)
    for path in paths:
        gap = solomon_gap(path, seconds)
        gaps.append(gap)
        flag = "" if gap.feasible else "  INFEASIBLE"
        print(
            f"  {gap.name:6} {gap.cost:9.1f}  bks {gap.best:9.1f}  gap {gap.percent:6.2f} %{flag}",
            file=out,
        )
    if not gaps:
        raise FileNotFoundError(f"no Solomon instances (*.vrp) in {SOLOMON}")
    mean = sum(g.percent for g in gaps) / len(gaps)
    worst = max(gaps, key=lambda g: g.percent)
    print(
        f"  mean gap {mean:.2f} %, worst {worst.name} {worst.percent:.2f} %, "
        f"{sum(g.feasible for g in gaps)}/{len(gaps)} feasible",
        file=out,
    )
    return gaps


def total_travel(problem, plan):
    return sum(travel_seconds(problem, route) for route in plan.routes)


def only_jobs(problem, job_ids):
    return replace(problem, jobs=tuple(j for j in problem.jobs if j.id in job_ids))


@dataclass(frozen=True)
class DayResult:
    seed: int
    jobs: int
    greedy_served: int
    greedy_travel: int
    served: int
    travel: int
    same_served: int
    same_travel: int
    nearest_served: int
    nearest_travel: int

    @property
    def saving(self):
        """How much less the planner travels than the greedy on the greedy's jobs (%)."""
        return 100 * (1 - self.same_travel / self.greedy_travel)


def day_run(seed, seconds, jobs=150):
    """Greedy and planner on one generated day, with the crews the planner chooses for it
    (every plan passes the checker or raises)."""
    day = branch_day(seed, jobs)
    day = replace(day, crews=choose_crews(day, propose, seconds, seed))
    greedy = greedy_plan(day)
    nearest = nearest_job_plan(day)
    ours = propose(day, seconds=seconds, seed=seed)
    greedy_ids = set(greedy.served_ids())
    same_day = only_jobs(day, greedy_ids)  # the same work for the same crews
    same = propose(same_day, seconds=seconds, seed=seed)
    return DayResult(
        seed,
        len(day.jobs),
        len(greedy_ids),
        total_travel(day, greedy),
        len(ours.served_ids()),
        total_travel(day, ours),
        len(same.served_ids()),
        total_travel(same_day, same),
        len(nearest.served_ids()),
        total_travel(day, nearest),
    )


def days_run(count, seconds, out=sys.stdout):
    print(
        f"\nBranch days: 12 inspectors, 4 offices, 150 jobs; planner {seconds:g} s "
        "vs the greedy dispatcher (each job to the nearest free qualified crew)",
        file=out,
    )
    results = [day_run(seed, seconds) for seed in range(1, count + 1)]
    for r in results:
        whole = 100 * (1 - r.travel / r.greedy_travel)
        whole = f"{whole:.0f} % less" if whole >= 0 else f"{-whole:.0f} % more"
        print(
            f"  day {r.seed}: greedy {r.greedy_served:3d} served, {r.greedy_travel / H:5.1f} h "
            f"travel | planner {r.served:3d} served, {r.travel / H:5.1f} h ({whole}) "
            f"| on the greedy's {r.greedy_served} jobs: {r.same_served} served, "
            f"{r.same_travel / H:5.1f} h ({r.saving:.0f} % less travel) "
            f"| nearest-job tours {r.nearest_served:3d} served, {r.nearest_travel / H:5.1f} h",
            file=out,
        )
    return results


def mid_day(problem, plan, at, urgent):
    """The day at `at` o'clock: visits begun are started, crews set out from their last,
    and `urgent` has arrived."""
    started, crews = [], []
    for route in plan.routes:
        begun = [v for v in route.visits if v.start < at]
        started += [
            StartedVisit(v.job_id, route.vehicle_id, route.inspector_ids, v.start, v.end)
            for v in begun
        ]
        start = None
        if begun:
            start = Departure(problem.job(begun[-1].job_id).place, max(at, begun[-1].end))
        crews.append(Crew(route.vehicle_id, route.inspector_ids, start))
    return replace(
        problem, jobs=(*problem.jobs, urgent), started=tuple(started), crews=tuple(crews), now=at
    )


def replan_run(seconds, replan_seconds, out=sys.stdout):
    day = branch_day(1)
    plan = propose(day, seconds=seconds, seed=1)
    template = next(j for j in day.jobs if j.office_id == "KEELUNG" and j.id in plan.served_ids())
    urgent = replace(
        template,
        id="URGENT",
        priority=3,
        window=(12 * H, 15 * H),
        place=replace(template.place, id="urgent-site", lat=template.place.lat + 0.004),
    )
    later = mid_day(day, plan, 12 * H, urgent)
    clock = time.perf_counter()
    again = propose(later, seconds=replan_seconds, previous=plan)
    took = time.perf_counter() - clock
    served = "planned" if "URGENT" in again.served_ids() else "not planned"
    print(
        f"\nRe-plan at 12:00 with an urgent job ({len(later.started)} visits started): "
        f"{took:.2f} s wall (engine {replan_seconds:g} s), urgent job {served}, "
        f"{len(again.served_ids())} visits planned",
        file=out,
    )
    return took, again


def main(argv=None, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run for the smoke test")
    parser.add_argument("--seconds", default="5,1", help="seconds per Solomon instance")
    parser.add_argument("--days", type=int, default=3, help="generated branch days")
    parser.add_argument("--day-seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    if args.quick:
        gaps = solomon_run(0.5, QUICK_INSTANCES, out)
        days = days_run(1, 1.0, out)
        took, _ = replan_run(1.0, 0.5, out)
        return {"solomon": {0.5: gaps}, "days": days, "replan": took}
    runs = {s: solomon_run(s, out=out) for s in map(float, args.seconds.split(","))}
    days = days_run(args.days, args.day_seconds, out)
    took, _ = replan_run(args.day_seconds, 1.0, out)
    return {"solomon": runs, "days": days, "replan": took}


if __name__ == "__main__":
    main()
