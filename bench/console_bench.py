"""Console benchmark: the day board of an office with 12 inspectors and 150 jobs.

Run it as ``python -m bench.console_bench`` (``--runs N``, default 50). It builds one office
on a file database — 12 inspectors with their shifts and skills, 12 vehicles, 150 sites and
150 jobs on one day, 108 of them assigned (nine per inspector, timed one after another) and
42 waiting — every record validated and written through `write_record`, as the server keeps
them. A dispatcher logs in to `/console` through the login form over HTTP (Waitress on
loopback, the production server), then `GET /console/board?day=...` is timed `--runs` times
after two warm-up requests: the whole answer, read day, checker warnings and page rendered.
The target is under 200 ms; the figure goes in bench/README.md.
"""

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import requests

from bench.seed import PASSWORD, SETUP, server_config
from domain.records import validate_record
from server import create_app
from server.database.db import get_db
from server.identity import users
from server.planner.day import TAIPEI
from server.records import store
from server.serving import make_http_server
from sync.server.records import write_record
from sync.transaction import transaction

INSPECTORS, JOBS, ASSIGNED_EACH = 12, 150, 9
DAY = date(2030, 1, 7)
TARGET_MS = 200
KINDS = (
    ("instrument_verification", ["nawi"], 60),
    ("fuel_dispenser_inspection", ["fuel_dispenser"], 45),
    ("taxi_meter_verification", ["taximeter"], 50),
    ("fuel_sampling", ["fuel_sampling"], 30),
)


def at(hour, minute=0):
    """An ISO date-time of the benchmark's day, local time."""
    return datetime.combine(DAY, clock_time(hour, minute), TAIPEI).isoformat()


def put(db, collection, fields):
    loaded = validate_record(collection, fields)
    return write_record(db, collection, loaded["id"], loaded, actor=SETUP, op="create")


def seed_office(db, rng):
    """The office, its people, vehicles, sites and jobs; returns the dispatcher's username."""
    office = store.create(
        db,
        "offices",
        {
            "code": "KEELUNG",
            "name_zh": "基隆分局",
            "name_en": "Keelung",
            "lat": 25.13,
            "lon": 121.74,
        },
        SETUP,
    )
    skills = sorted({skill for _, needed, _ in KINDS for skill in needed})
    dispatcher = {"username": "dispatcher.bench", "display_name": "周課長", "role": "dispatcher"}
    users.create_user(db, SETUP, {**dispatcher, "office_id": office["id"], "password": PASSWORD})
    people = [
        users.create_user(
            db,
            SETUP,
            {
                "username": f"inspector.{n:02d}",
                "display_name": f"檢查員 {n:02d}",
                "role": "inspector",
                "office_id": office["id"],
                "skills": skills,
                "password": PASSWORD,
            },
        )
        for n in range(INSPECTORS)
    ]
    with transaction(db):
        cars = [
            put(
                db,
                "vehicles",
                {
                    "id": store.new_id(),
                    "office_id": office["id"],
                    "plate": f"RAB-{n:04d}",
                    "seats": 2,
                },
            )
            for n in range(INSPECTORS)
        ]
        for n in range(JOBS):
            _job(db, rng, office, n, people, cars)
    return dispatcher["username"]


def _job(db, rng, office, n, people, cars):
    site = put(
        db,
        "sites",
        {
            "id": store.new_id(),
            "office_id": office["id"],
            "name": f"地點 {n:03d}",
            "address": f"基隆市仁愛區愛{n % 9 + 1}路{n + 1}號",
            "lat": 25.13 + rng.uniform(-0.08, 0.08),
            "lon": 121.74 + rng.uniform(-0.1, 0.1),
            "kind": "shop",
        },
    )
    kind, needed, minutes = KINDS[n % len(KINDS)]
    start, end = rng.choice(((8, 12), (13, 17), (8, 17)))
    job = put(
        db,
        "jobs",
        {
            "id": store.new_id(),
            "office_id": office["id"],
            "kind": kind,
            "application_number": f"KL-{DAY:%Y%m%d}-{n + 1:04d}",
            "site_id": site["id"],
            "window_start": at(start),
            "window_end": at(end),
            "priority": rng.randint(0, 3),
            "required_skills": needed,
            "estimated_minutes": minutes,
            "status": "scheduled" if n < INSPECTORS * ASSIGNED_EACH else "requested",
        },
    )
    if n < INSPECTORS * ASSIGNED_EACH:
        person, order = n % INSPECTORS, n // INSPECTORS
        put(
            db,
            "assignments",
            {
                "id": store.new_id(),
                "job_id": job["id"],
                "inspector_ids": [people[person]["id"]],
                "vehicle_id": cars[person]["id"],
                "date": DAY.isoformat(),
                "planned_start": (
                    datetime.fromisoformat(at(8, 30)) + timedelta(minutes=55 * order)
                ).isoformat(),
                "route_order": order + 1,
            },
        )


def log_in(base, username):
    """A `requests` session logged in to the console through its form."""
    session = requests.Session()
    page = session.get(f"{base}/console/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": PASSWORD, "csrf_token": token}
    answer = session.post(f"{base}/console/login", data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return session


def time_board(runs):
    """Milliseconds of each board request, and the size of the page."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(server_config(Path(folder) / "console.sqlite"))
        with app.app_context():
            username = seed_office(get_db(), random.Random(14))
        server = make_http_server(app, "127.0.0.1", 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            base = f"http://127.0.0.1:{server.server_port}"
            session = log_in(base, username)
            url = f"{base}/console/board?day={DAY.isoformat()}"
            for _ in range(2):
                session.get(url, timeout=10).raise_for_status()
            times, size = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                answer = session.get(url, timeout=10)
                times.append((time.perf_counter() - started) * 1000)
                answer.raise_for_status()
                size = len(answer.content)
            cards = answer.text.count('class="card ')
        finally:
            server.shutdown()
            thread.join(timeout=5)
    return times, size, cards


def main(argv=None, out=sys.stdout):
    """Serve the board and print its figure against the target; it reports, it does not gate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    times, size, cards = time_board(args.runs)
    median = statistics.median(times)
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    verdict = "meets" if p95 < TARGET_MS else "MISSES"
    print(
        f"day board, {INSPECTORS} inspectors, {JOBS} jobs ({cards} cards, {size // 1024} KiB): "
        f"median {median:.1f} ms, p95 {p95:.1f} ms over {args.runs} requests — "
        f"{verdict} the {TARGET_MS} ms target",
        file=out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
