"""Field-app benchmark: cold start to the job list, the live verdict after a keystroke,
scrolling the job list and memory, on a tablet holding 10,000 local records.

One run seeds a data folder (`bench.app_seed`: a signed-in inspector, a replica filled as a
pull fills it), then starts fresh processes (`bench/app_child.py`, headless):

1. cold start: `cold` (the app, until the first frame drawn with job rows in the today
   screen's list) and its baseline `empty` (an empty Kivy app's first frame), in turn, after
   one warm-up of each; timed from the parent's spawn, median and minimum;
2. one `session`: the job list scrolled top to bottom a step a frame, then keystrokes on the
   check forms of a scale (with eccentricity points) and a water meter; each frame timed until
   drawn, beside the same screen redrawn unchanged (the renderer's own cost); resident memory
   after start, after scrolling and after typing.

It prints each figure with its target and PASS/MISS, and exits 0 either way: it reports, it
does not gate. `--quick` is a smoke run. See bench/README.md ("Field app benchmark").

    .venv/bin/python bench/app_bench.py            # the full run
    .venv/bin/python bench/app_bench.py --quick    # a small one
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository's packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report
from bench.app_seed import TODAY, seed_tablet

CHILD = Path(__file__).resolve().parent / "app_child.py"
FULL = {"records": 10_000, "runs": 5, "frames": 300, "keystrokes": 200}
QUICK = {"records": 1_500, "runs": 1, "frames": 30, "keystrokes": 20}
TARGETS = {
    "cold_start_seconds": 1.5,
    "keystroke_ms": 10.0,
    "scroll_frame_ms": 16.0,
    "resident_mb": 250.0,
}
CHILD_TIMEOUT = 600


@dataclass
class ColdStart:
    """One fresh process: seconds from its spawn to the frame, and its own marks."""

    seconds: float
    in_process: float
    imports: float
    build: float
    memory: dict
    rows: int = 0


@dataclass
class Results:
    """Everything one benchmark run measured."""

    records: int
    counts: dict
    seed_seconds: float
    empty: list
    cold: list
    session: dict


def run_child(mode, data_dir, *args, kivy_home):
    """Start `bench/app_child.py mode ...` in a fresh process; (spawn time, its RESULT)."""
    command = [sys.executable, str(CHILD), mode, str(data_dir), TODAY.isoformat(), *map(str, args)]
    environment = {**os.environ, "KIVY_HOME": str(kivy_home)}
    spawned = time.time()
    done = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=CHILD_TIMEOUT
    )
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not results:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"app_child.py {mode} ended {done.returncode}:\n{tail}")
    return spawned, json.loads(results[-1][len("RESULT ") :])


def cold_start(mode, data_dir, kivy_home):
    """One fresh process of `mode` (`cold` or `empty`) to its first frame."""
    spawned, marks = run_child(mode, data_dir, kivy_home=kivy_home)
    if "error" in marks:
        raise RuntimeError(f"app_child.py {mode}: {marks['error']}")
    return ColdStart(
        seconds=marks["frame"] - spawned,
        in_process=marks["frame"] - marks["started"],
        imports=marks["imported"] - marks["started"],
        build=marks["built"] - marks["imported"],
        memory=marks["memory"],
        rows=marks.get("rows", 0),
    )


def measure_cold_starts(data_dir, runs, kivy_home):
    """`runs` cold starts of the app and of the empty app, in turn, after a warm-up of each."""
    empty, cold = [], []
    for n in range(runs + 1):
        first_empty = cold_start("empty", data_dir, kivy_home)
        first_cold = cold_start("cold", data_dir, kivy_home)
        if n:  # run 0 is the warm-up (byte-code and disk caches)
            empty.append(first_empty)
            cold.append(first_cold)
    return empty, cold


def run_benchmark(records, runs, frames, keystrokes, directory):
    """Seed, time the cold starts, run one session; return the `Results`."""
    directory = Path(directory)
    started = time.perf_counter()
    seeded = seed_tablet(directory / "tablet", records)
    seed_seconds = time.perf_counter() - started
    kivy_home = directory / "kivy-home"
    empty, cold = measure_cold_starts(seeded.data_dir, runs, kivy_home)
    forms = [":".join(seeded.nawi), ":".join(seeded.water_meter)]
    _, session = run_child(
        "session", seeded.data_dir, frames, keystrokes, *forms, kivy_home=kivy_home
    )
    return Results(records, seeded.counts, seed_seconds, empty, cold, session)


def ms(seconds):
    """Median and 95th percentile of `seconds`, in milliseconds."""
    values = sorted(1000 * s for s in seconds)
    return statistics.median(values), values[min(len(values) - 1, int(0.95 * len(values)))]


def judged(ok):
    return "PASS" if ok else "MISS"


def figure_rows(results):
    """(figure, measured, target, PASS/MISS or '') rows for the report."""
    cold = statistics.median(r.seconds for r in results.cold)
    empty = statistics.median(r.seconds for r in results.empty)
    session = results.session
    scroll = session["scroll"]
    scroll_median, scroll_p95 = ms(scroll["seconds"])
    rows = [
        (
            "empty Kivy app, spawn to first frame (baseline)",
            f"{empty:.2f} s (min {min(r.seconds for r in results.empty):.2f})",
            "",
            "",
        ),
        (
            f"cold start to the job list ({results.records:,} records)",
            f"{cold:.2f} s (min {min(r.seconds for r in results.cold):.2f}; "
            f"{cold / empty:.1f}x empty)",
            f"< {TARGETS['cold_start_seconds']} s",
            judged(cold < TARGETS["cold_start_seconds"]),
        ),
    ]
    for name, typing in session["typing"].items():
        median, p95 = ms(typing["seconds"])
        redraw, _ = ms(typing["redraw"])
        handler, _ = ms(typing["handler_seconds"])
        rows.append(
            (
                f"keystroke + frame, {name} form ({typing['rows']} rows), median",
                f"{median:.1f} ms (p95 {p95:.1f}; redraw {redraw:.1f}; handler {handler:.2f})",
                f"< {TARGETS['keystroke_ms']:.0f} ms",
                judged(median < TARGETS["keystroke_ms"]),
            )
        )
    rows.append(
        (
            f"scrolling the job list ({scroll['items']} items), median frame",
            f"{scroll_median:.1f} ms (p95 {scroll_p95:.1f}; redraw {ms(scroll['redraw'])[0]:.1f})",
            f"< {TARGETS['scroll_frame_ms']:.0f} ms",
            judged(scroll_median < TARGETS["scroll_frame_ms"]),
        )
    )
    resident = max(session["memory_started"]["rss"], session["memory_scrolled"]["rss"])
    empty_resident = statistics.median(r.memory["rss"] for r in results.empty)
    rows.append(
        (
            "resident memory after start and scrolling (larger)",
            f"{resident:.0f} MB (empty app {empty_resident:.0f})",
            f"< {TARGETS['resident_mb']:.0f} MB",
            judged(resident < TARGETS["resident_mb"]),
        )
    )
    return rows


def detail_lines(results):
    """Context: where a cold start's time goes, the main thread's share, memory, renderer."""
    session, cold = results.session, results.cold
    scroll = session["scroll"]
    main_scroll = ms(scroll["main_seconds"])
    counts = ", ".join(f"{name} {n:,}" for name, n in results.counts.items())
    lines = [
        f"replica: {counts} (seeded in {results.seed_seconds:.1f} s, not timed)",
        f"cold start, in the process (first line to frame): median "
        f"{statistics.median(r.in_process for r in cold):.2f} s — imports "
        f"{statistics.median(r.imports for r in cold):.2f} s, building the app "
        f"{statistics.median(r.build for r in cold):.2f} s; job rows on the first frame "
        f"{cold[0].rows}; empty app in the process "
        f"{statistics.median(r.in_process for r in results.empty):.2f} s",
        f"scrolling: {scroll['pixels_per_frame']:.0f} px a frame, {scroll['rows_seen']} job "
        f"rows shown; main thread before the GL finished: median {main_scroll[0]:.1f} ms, "
        f"p95 {main_scroll[1]:.1f} ms",
    ]
    for name, typing in session["typing"].items():
        main = ms(typing["main_seconds"])
        handler = ms(typing["handler_seconds"])
        lines.append(
            f"typing, {name}: {len(typing['seconds'])} keys into {typing['fields']} fields; "
            f"main thread median {main[0]:.1f} ms (p95 {main[1]:.1f}); handler (set_reading, "
            f"re-judge, update rows) median {handler[0]:.2f} ms (p95 {handler[1]:.2f}); "
            f"{typing['judged_rows']}/{typing['rows']} rows judged, verdict {typing['verdict']}"
        )
    memory = [session[k] for k in ("memory_started", "memory_scrolled", "memory_typed")]
    lines.append(
        "resident memory: after start {:.0f} MB, after scrolling {:.0f} MB, after typing on "
        "both forms {:.0f} MB (peak {:.0f} MB); at the cold start's frame {:.0f} MB".format(
            *(m["rss"] for m in memory),
            memory[-1]["peak"],
            statistics.median(r.memory["rss"] for r in cold),
        )
    )
    lines.append(f"renderer: {session['renderer']}; {os.cpu_count()} CPUs")
    return lines


def print_report(results, out=sys.stdout):
    """Print the figures as a table, then the details."""
    report.print_report(figure_rows(results), detail_lines(results), out)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--records", type=int, help="local records (default 10,000)")
    parser.add_argument("--runs", type=int, help="cold starts of each kind (default 5)")
    parser.add_argument("--frames", type=int, help="frames of scrolling (default 300)")
    parser.add_argument("--keystrokes", type=int, help="keys pressed on each form (default 200)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run the benchmark and print its report; always exits 0."""
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    chosen = {name: getattr(args, name) or sizes[name] for name in sizes}
    print(
        "field app benchmark: {records:,} records, {runs} cold starts, {frames} frames, "
        "{keystrokes} keys a form".format(**chosen),
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="verifield-app-bench-") as directory:
        results = run_benchmark(**chosen, directory=directory)
    print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
