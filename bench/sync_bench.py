"""Sync benchmark: push and pull throughput over real HTTP on loopback, against SQLite's ceiling.

One run seeds an office server with one inspector's scope of check-shaped records (through
the record store, before any timing), starts the server in its own process, and drives it
with the tablet's real sync stack — `Replica` + `SyncEngine` + `HttpTransport` — to measure:

1. the ceiling: a plain bulk insert of the same rows (same JSON text) into SQLite, rows/s;
   and the push floor: every row the pushed checks left in the server's database (record,
   change log, memberships, audit, stored result, blob links) bulk-inserted, mutations/s;
   and the push bound: the floor plus validating and judging each pushed check;
2. a fresh device's initial pull of the whole scope: wall time, records/s, bytes per record;
3. push: the device, now offline, records new checks; one engine run pushes them (batched,
   zstd-compressed): mutations/s and bytes per record.

It prints each figure with its target and PASS/MISS, and exits 0 either way: it reports, it
does not gate. `--quick` is a smoke run of a few seconds. See bench/README.md.

    .venv/bin/python bench/sync_bench.py            # the full run (make bench)
    .venv/bin/python bench/sync_bench.py --quick    # a small one
"""

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository's packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench import report
from bench.ceiling import bulk_insert_rate
from bench.check_records import device_checks
from bench.push_bound import bound_rate, domain_seconds
from bench.push_floor import mutation_rate, pushed_rows
from bench.seed import seed_server, server_config, stored_rows
from bench.server_process import ServerProcess
from bench.wire_meter import MeteredTransport
from sync.client.engine import SyncEngine
from sync.client.replica import Replica
from sync.server.pull import MAX_LIMIT
from sync.server.push import MAX_MUTATIONS_PER_PUSH

FULL = {"records": 50_000, "push": 10_000}
QUICK = {"records": 3_000, "push": 1_000}
TARGETS = {
    "push_of_bound": 0.60,  # push at least 60 % of the push bound measured in the same run
    "pull_ratio": 0.30,
    "initial_pull_seconds": 5.0,
    "pull_bytes": 200,
    "push_bytes": 400,
}


@dataclass
class Device:
    """A tablet: its replica, the metered transport to the server, and its sync engine."""

    replica: Replica
    transport: MeteredTransport
    engine: SyncEngine


@dataclass
class PullFigures:
    """A fresh device's initial pull."""

    records: int
    expected: int
    seconds: float
    requests: int
    body_bytes: int
    header_bytes: int
    wait_seconds: float


@dataclass
class PushFigures:
    """One engine run pushing what the device recorded offline."""

    mutations: int
    acknowledged: int
    save_seconds: float
    push_seconds: float
    run_seconds: float
    requests: int
    sent: int
    received: int
    header_bytes: int
    wait_seconds: float


@dataclass
class Results:
    """Everything one benchmark run measured."""

    scope: int
    ceiling: float
    floor: float
    bound: float
    pull: PullFigures
    push: PushFigures
    seed_seconds: float


def login(url, username, password, device_id):
    """A device token for `username` on `device_id` (`POST /api/v1/auth/token`)."""
    body = {
        "username": username,
        "password": password,
        "device_id": device_id,
        "device_name": "bench tablet",
    }
    response = requests.post(f"{url}/api/v1/auth/token", json=body, timeout=30)
    response.raise_for_status()
    return response.json()["token"]


def fresh_device(directory, url, seeded):
    """A new tablet logged in as the seeded inspector, syncing in the largest allowed steps."""
    replica = Replica(directory / "tablet" / "replica.db")
    token = login(url, seeded.username, seeded.password, replica.device_id)
    transport = MeteredTransport(url, token)
    engine = SyncEngine(replica, transport, batch_size=MAX_MUTATIONS_PER_PUSH, page_limit=MAX_LIMIT)
    return Device(replica, transport, engine)


def _local_count(replica):
    return replica.db.execute("SELECT count(*) FROM records").fetchone()[0]


def _run(engine):
    status = engine.run()
    if status.outcome != "ok":
        raise RuntimeError(f"sync run ended {status.outcome}: {status.last_error}")
    return status


def measure_pull(device, expected):
    """Time one engine run of a device with an empty replica: the initial pull."""
    device.transport.reset()
    started = time.perf_counter()
    _run(device.engine)
    seconds = time.perf_counter() - started
    meter = device.transport.meters["pull"]
    return PullFigures(
        records=_local_count(device.replica),
        expected=expected,
        seconds=seconds,
        requests=meter.requests,
        body_bytes=meter.body_bytes,
        header_bytes=meter.headers,
        wait_seconds=meter.seconds,
    )


def record_offline(replica, checks):
    """Save checks on the tablet as the app does (record + outbox mutation); returns seconds."""
    started = time.perf_counter()
    for check in checks:
        fields = {key: value for key, value in check.items() if key != "id"}
        replica.save("checks", check["id"], fields, op="create")
    return time.perf_counter() - started


def measure_push(device, checks):
    """Record `checks` offline, then time the engine run that pushes them.

    The push phase ends when the run's first pull request starts (the run then pulls its
    own records back, which is reported separately as the whole run's time).
    """
    save_seconds = record_offline(device.replica, checks)
    device.transport.reset()
    started = time.perf_counter()
    _run(device.engine)
    run_seconds = time.perf_counter() - started
    push, pull = device.transport.meters["push"], device.transport.meters["pull"]
    acknowledged = device.replica.db.execute(
        "SELECT count(*) FROM outbox WHERE state = 'acked'"
    ).fetchone()[0]
    return PushFigures(
        mutations=len(checks),
        acknowledged=acknowledged,
        save_seconds=save_seconds,
        push_seconds=(pull.first_started or time.perf_counter()) - started,
        run_seconds=run_seconds,
        requests=push.requests,
        sent=push.sent,
        received=push.received,
        header_bytes=push.headers,
        wait_seconds=push.seconds,
    )


def run_benchmark(records, push_count, directory):
    """Seed, measure the ceiling, start the server, pull, push; return the `Results`."""
    directory = Path(directory)
    config = server_config(directory / "server" / "verifield.sqlite")
    started = time.perf_counter()
    seeded = seed_server(config, records)
    seed_seconds = time.perf_counter() - started
    rows = stored_rows(config["DATABASE"])
    ceiling = bulk_insert_rate(rows, directory)
    with ServerProcess(config) as server:
        device = fresh_device(directory, server.url, seeded)
        try:
            pull = measure_pull(device, len(rows))
            checks = device_checks(push_count, seeded.jobs, seeded.inspector_id)
            push = measure_push(device, checks)
        finally:
            device.replica.close()
    kept = pushed_rows(config["DATABASE"], device.replica.device_id, [c["id"] for c in checks])
    floor = mutation_rate(kept, push_count, directory)
    bound = bound_rate(floor, domain_seconds(checks))
    return Results(sum(seeded.counts.values()), ceiling, floor, bound, pull, push, seed_seconds)


def figure_rows(results):
    """(figure, measured, target, PASS/MISS or '') rows for the report."""
    pull, push = results.pull, results.push
    pull_rate = pull.records / pull.seconds
    push_rate = push.mutations / push.push_seconds
    pull_bytes = pull.body_bytes / pull.records
    push_bytes = (push.sent + push.received) / push.mutations

    def judged(ok):
        return "PASS" if ok else "MISS"

    return [
        ("ceiling: SQLite bulk insert, same rows", f"{results.ceiling:,.0f} rows/s", "", ""),
        (
            "push floor: rows a pushed check leaves, bulk insert",
            f"{results.floor:,.0f} mut/s ({results.floor / results.ceiling:.1%})",
            "",
            "",
        ),
        (
            "push bound: floor + validating and judging each",
            f"{results.bound:,.0f} mut/s ({results.bound / results.ceiling:.1%})",
            "",
            "",
        ),
        (
            f"initial pull of {pull.records:,} records",
            f"{pull.seconds:.2f} s",
            f"< {TARGETS['initial_pull_seconds']:.0f} s",
            judged(pull.seconds < TARGETS["initial_pull_seconds"]),
        ),
        (
            "pull throughput (ratio to ceiling)",
            f"{pull_rate:,.0f} rec/s ({pull_rate / results.ceiling:.1%})",
            f">= {TARGETS['pull_ratio']:.0%}",
            judged(pull_rate / results.ceiling >= TARGETS["pull_ratio"]),
        ),
        (
            f"push throughput, {push.mutations:,} mutations (of bound)",
            f"{push_rate:,.0f} mut/s ({push_rate / results.bound:.0%} of bound; "
            f"{push_rate / results.ceiling:.1%} of ceiling)",
            f">= {TARGETS['push_of_bound']:.0%} of bound",
            judged(push_rate / results.bound >= TARGETS["push_of_bound"]),
        ),
        (
            "bytes/record pulled (bodies, both ways)",
            f"{pull_bytes:,.0f} B",
            f"<= {TARGETS['pull_bytes']} B",
            judged(pull_bytes <= TARGETS["pull_bytes"]),
        ),
        (
            "bytes/record pushed (request + answer)",
            f"{push_bytes:,.0f} B ({push.sent / push.mutations:,.0f} + "
            f"{push.received / push.mutations:,.0f})",
            f"<= {TARGETS['push_bytes']} B",
            judged(push_bytes <= TARGETS["push_bytes"]),
        ),
    ]


def detail_lines(results):
    """Context for the figures: sizes, request counts, header overhead, the whole push run."""
    pull, push = results.pull, results.push
    complete = "complete" if pull.records == pull.expected else f"EXPECTED {pull.expected:,}"
    return [
        f"scope seeded: {results.scope:,} records in {results.seed_seconds:.1f} s (not timed)",
        f"pull: {pull.requests} requests, {pull.body_bytes / 1e6:.2f} MB bodies + "
        f"{pull.header_bytes / 1e3:.1f} kB headers; device holds {pull.records:,} ({complete})",
        f"pull: {pull.wait_seconds:.2f} s waiting for answers (server + loopback), "
        f"{pull.seconds - pull.wait_seconds:.2f} s on the device (decode, apply, commit)",
        f"push: {push.requests} requests of <= {MAX_MUTATIONS_PER_PUSH}; "
        f"{push.acknowledged:,}/{push.mutations:,} acknowledged; "
        f"{push.header_bytes / 1e3:.1f} kB headers",
        f"push: {push.wait_seconds:.2f} s waiting for answers (server + loopback), "
        f"{push.push_seconds - push.wait_seconds:.2f} s on the device (batch, encode, apply)",
        f"push: offline saves {push.mutations / push.save_seconds:,.0f}/s on the tablet; "
        f"whole run (push, then pull own records back) {push.run_seconds:.2f} s",
    ]


def print_report(results, out=sys.stdout):
    """Print the figures as a table, then the details."""
    report.print_report(figure_rows(results), detail_lines(results), out)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (seconds)")
    parser.add_argument("--records", type=int, help="scope size (default 50,000)")
    parser.add_argument("--push", type=int, help="checks pushed (default 10,000)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run the benchmark and print its report; always exits 0."""
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    records, push_count = args.records or sizes["records"], args.push or sizes["push"]
    print(f"sync benchmark: scope {records:,} records, push {push_count:,} checks", flush=True)
    with tempfile.TemporaryDirectory(prefix="verifield-bench-") as directory:
        results = run_benchmark(records, push_count, directory)
    print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
