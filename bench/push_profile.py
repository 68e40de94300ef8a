"""Push in process: `apply_push` timed (or profiled) on a seeded server, without HTTP.

Seeds a server database as the benchmark does (`bench.seed.seed_server`), then pushes new
checks (`bench.check_records.device_checks`) straight into `sync.server.push.apply_push` in
batches of `MAX_MUTATIONS_PER_PUSH`, as the inspector's device would: mutations/s, and with
`--profile` the cProfile listing of the functions that took the most time.

    .venv/bin/python bench/push_profile.py                     # 3,000 checks, timed
    .venv/bin/python bench/push_profile.py --profile --top 40  # where the time goes
"""

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository's packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.check_records import device_checks
from bench.push_bound import domain_seconds
from bench.seed import seed_server, server_config
from domain.access import Actor
from server.database.db import connect
from sync.server.push import MAX_MUTATIONS_PER_PUSH, apply_push

DEVICE = "0190f5b8-6c1e-7a00-8000-00000000b001"  # a device id is a UUID


def push_bodies(checks, device_id=DEVICE):
    """The push bodies a device sends for `checks` (creates), in batches."""
    mutations = [
        {
            "mutation_id": n,
            "collection": "checks",
            "record_id": check["id"],
            "op": "create",
            "base_version": None,
            "fields": {key: value for key, value in check.items() if key != "id"},
        }
        for n, check in enumerate(checks, start=1)
    ]
    size = MAX_MUTATIONS_PER_PUSH
    return [
        {"device_id": device_id, "mutations": mutations[start : start + size]}
        for start in range(0, len(mutations), size)
    ]


def push_all(db, actor, bodies):
    """Apply every body; returns (seconds, statuses seen)."""
    statuses = {}
    started = time.perf_counter()
    for body in bodies:
        for entry in apply_push(db, body, actor=actor)["results"]:
            statuses[entry["status"]] = statuses.get(entry["status"], 0) + 1
    return time.perf_counter() - started, statuses


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000, help="scope seeded")
    parser.add_argument("--push", type=int, default=3_000, help="checks pushed")
    parser.add_argument("--profile", action="store_true", help="print a cProfile listing")
    parser.add_argument("--top", type=int, default=30, help="functions listed")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="verifield-push-") as directory:
        config = server_config(Path(directory) / "verifield.sqlite")
        seeded = seed_server(config, args.records)
        checks = device_checks(args.push, seeded.jobs, seeded.inspector_id)
        office_id = seeded.jobs[0].office_id
        actor = Actor(seeded.inspector_id, "inspector", office_id, DEVICE)
        db = connect(config["DATABASE"])
        try:
            bodies = push_bodies(checks)
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            seconds, statuses = push_all(db, actor, bodies)
            if profiler:
                profiler.disable()
        finally:
            db.close()
    print(
        f"push in process: {args.push:,} checks in {seconds:.2f} s = "
        f"{seconds / args.push * 1e6:,.0f} µs a mutation ({args.push / seconds:,.0f} mut/s); "
        f"{statuses}; validating and judging alone: {domain_seconds(checks) * 1e6:,.0f} µs a check"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
