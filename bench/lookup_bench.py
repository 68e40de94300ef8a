"""Public lookup benchmark: how fast `POST /api/v1/lookup/` and `GET /lookup` answer.

The demo branch (four offices, a week of jobs) is loaded into a fresh database, plus
`--history` older jobs — a year of a branch's applications, so finding a number is a search
among tens of thousands — written through the record store like any other. The server runs
in its own process (`bench.server_process`: Waitress on loopback, as `make run` serves);
the rate limits are lifted for the run (the point is the lookup's own cost). One client with
a keep-alive session then times, one after the other:

- **found**: the JSON lookup of a demo job with its right code;
- **wrong code** and **unknown number**: the JSON "not found" of each kind (they must cost
  the same: the difference of their medians is printed);
- **page**: the lookup page answering a right number and code (HTML).

It prints the median and 95th percentile of each (ms) against the target — a lookup
answered in under 20 ms — and exits 0: it reports, it does not gate.

    .venv/bin/python bench/lookup_bench.py                  # 20,000 older jobs, 300 lookups
    .venv/bin/python bench/lookup_bench.py --quick          # smoke run
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository's packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.server_process import ServerProcess
from domain.ids import new_record_id
from domain.records import validate_record
from server import create_app
from server.database.db import get_db
from server.demo import LOADER, load_demo
from sync.server.records import list_records, write_record
from sync.transaction import transaction

TARGET_MS = 20.0
TIMEOUT = 30
DAY = date(2026, 12, 2)
#: Limits high enough that no lookup of the run is refused.
NO_LIMITS = {"LOOKUP_MAX_PER_ADDRESS": 10**9, "LOOKUP_MAX_FAILURES_PER_NUMBER": 10**9}


@dataclass
class Figure:
    """The latencies of one kind of request (ms)."""

    name: str
    latencies: list

    @property
    def median(self):
        return statistics.median(self.latencies)

    @property
    def p95(self):
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def seed(config, history):
    """The demo branch and `history` older done jobs; returns `[(number, code), ...]` of
    the demo's jobs."""
    with create_app(config).app_context():
        db = get_db()
        load_demo(db, DAY)
        jobs = list_records(db, "jobs", limit=10_000)
        with transaction(db):
            for n in range(history):
                write_older_job(db, jobs[n % len(jobs)], n)
    return [(job["application_number"], job["lookup_code"]) for job in jobs]


def write_older_job(db, template, n):
    """A done job like `template`, `n // 150 + 8` days older, with a number of its own."""
    days = n // 150 + 8
    start = _shift(template["window_start"], days)
    fields = {k: v for k, v in template.items() if k not in ("version", "deleted", "updated_seq")}
    number = f"{template['application_number'].split('-')[0]}-H{n:06d}"
    fields.update(
        id=new_record_id(),
        application_number=number,
        lookup_code=f"{random.Random(n).randrange(10**6):06d}",
        status="done",
        window_start=start,
        window_end=_shift(template["window_end"], days),
    )
    loaded = validate_record("jobs", fields)
    write_record(db, "jobs", loaded["id"], loaded, actor=LOADER, op="create")


def _shift(text, days):
    return (datetime.fromisoformat(text) - timedelta(days=days)).isoformat()


def timed(send, rounds):
    """Milliseconds of `rounds` calls of `send(n)`, one after the other."""
    latencies = []
    for n in range(rounds):
        started = time.perf_counter()
        send(n)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def measure(url, jobs, rounds):
    """The four figures, each over `rounds` requests."""
    session = requests.Session()
    api = f"{url}/api/v1/lookup/"

    def lookup(number, code, expect):
        body = {"application_number": number, "code": code}
        answer = session.post(api, json=body, timeout=TIMEOUT)
        assert answer.status_code == expect, (answer.status_code, answer.text)

    def page(n):
        number, code = jobs[n % len(jobs)]
        answer = session.get(f"{url}/lookup", params={"number": number, "code": code})
        assert answer.status_code == 200, answer.status_code

    for n in range(20):  # warm up: connections, caches
        lookup(*jobs[n % len(jobs)], 200)
    return [
        Figure("found", timed(lambda n: lookup(*jobs[n % len(jobs)], 200), rounds)),
        Figure(
            "wrong code",
            timed(lambda n: lookup(jobs[n % len(jobs)][0], "ZZZZZZZZ", 404), rounds),
        ),
        Figure("unknown number", timed(lambda n: lookup(f"NONE-{n:06d}", "123456", 404), rounds)),
        Figure("page", timed(page, rounds)),
    ]


def run(history, rounds, directory):
    """Seed, serve and measure; returns the figures."""
    config = {"DATABASE": str(Path(directory) / "lookup.sqlite"), **NO_LIMITS}
    jobs = seed(config, history)
    with ServerProcess(config) as server:
        return measure(server.url, jobs, rounds)


def report(figures, history, rounds, out):
    """Print the figures against the target."""
    print(
        f"public lookup: demo branch + {history} older jobs, {rounds} requests each, "
        "one keep-alive client on loopback",
        file=out,
    )
    for figure in figures:
        verdict = "PASS" if figure.median < TARGET_MS else "MISS"
        print(
            f"  {figure.name:<15} median {figure.median:6.2f} ms   p95 {figure.p95:6.2f} ms"
            f"   target < {TARGET_MS:.0f} ms  {verdict}",
            file=out,
        )
    by_name = {figure.name: figure for figure in figures}
    gap = by_name["wrong code"].median - by_name["unknown number"].median
    print(f"  wrong code − unknown number (medians): {gap:+.3f} ms", file=out)


def main(argv=None, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run for the smoke test")
    parser.add_argument("--history", type=int, default=20_000, help="older jobs stored")
    parser.add_argument("--rounds", type=int, default=300, help="requests of each kind")
    args = parser.parse_args(argv)
    history, rounds = (200, 20) if args.quick else (args.history, args.rounds)
    with tempfile.TemporaryDirectory() as directory:
        figures = run(history, rounds, directory)
    report(figures, history, rounds, out)
    return figures


if __name__ == "__main__":
    main()
