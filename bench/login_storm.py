"""Login storm: how fast a normal read is answered while bogus logins hammer the server.

Every bogus login costs the server one argon2 check at the real default cost (64 MiB, 4 lanes,
3 passes: ~0.1 s of every CPU of a small office machine). Unbounded, a handful at once make
every other request wait for CPU; `server.identity.password_hashing` runs only a few at once and
answers the rest 503 at once. The script seeds an office and an inspector (real password
hashes), serves the app in its own process (`bench.server_process`, Waitress), and measures
the latency of an authenticated read (`GET /api/v1/jobs/`) — first alone, then while
`--clients` bogus-login loops run in another process (`StormProcess`: so neither the storm
nor the server shares the reader's interpreter). The login throttle is lifted for the run:
it would turn a storm from one address into cheap 429s after a few tries, and the point is
what the hashing costs when it does run (a storm spread over many addresses, before the
overall brake).

    .venv/bin/python bench/login_storm.py                  # the server's hashing bound
    .venv/bin/python bench/login_storm.py --unbounded      # every login hashes at once

It prints the median and 95th percentile of the read latency, and how the storm's logins
were answered. It reports; it does not gate (tests/e2e/test_login_load_http.py does).
"""

import argparse
import logging
import multiprocessing
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository's packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.seed import PASSWORD, office_and_inspector
from bench.server_process import START_TIMEOUT, ServerProcess, serve
from server import create_app
from server.database.db import get_db

TIMEOUT = 60
USERNAME = "inspector.storm"
#: Limits high enough that no login of the run is throttled.
NO_THROTTLE = {
    "LOGIN_MAX_FAILURES": 10**9,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 10**9,
    "LOGIN_MAX_FAILURES_OVERALL": 10**9,
}
#: Hashing slots for everyone: what the server did before it bounded them.
UNBOUNDED = {"PASSWORD_HASH_SLOTS": 64, "PASSWORD_HASH_QUEUE": 0}


def quiet_serve(config, ports):
    """`bench.server_process.serve`, without Waitress's note on every queued request (a storm
    queues requests by design)."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    serve(config, ports)


class QuietServerProcess(ServerProcess):
    """`ServerProcess` serving through `quiet_serve`."""

    def __enter__(self):
        context = multiprocessing.get_context("spawn")
        ports = context.Queue()
        self.process = context.Process(target=quiet_serve, args=(self.config, ports), daemon=True)
        self.process.start()
        self.port = ports.get(timeout=START_TIMEOUT)
        return self


def _bogus_logins(url, events, counts, lock):
    """Post logins of unknown users with random passwords until `stop` is set; set `answered`
    at the first answer. `events` is `(answered, stop)`."""
    answered, stop = events
    session = requests.Session()
    while not stop.is_set():
        body = {
            "username": f"storm-{secrets.token_hex(4)}",
            "password": secrets.token_urlsafe(12),
            "device_id": f"storm-{secrets.token_hex(4)}",
            "device_name": "storm",
        }
        try:
            status = session.post(f"{url}/api/v1/auth/token", json=body, timeout=TIMEOUT)
            outcome = status.status_code
        except requests.RequestException as error:
            outcome = type(error).__name__
        with lock:
            counts[outcome] += 1
        answered.set()


def storm(url, clients, events, results):
    """Run `clients` bogus-login loops until `stop` is set; put {answer: count} on `results`.
    `events` is `(answered, stop)`: `answered` is set once the storm got its first answer."""
    counts, lock = Counter(), threading.Lock()
    threads = [
        threading.Thread(target=_bogus_logins, args=(url, events, counts, lock), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(dict(counts))


class StormProcess:
    """Bogus logins from `clients` loops in a child process, for the duration of a block.

    The block starts once the storm has had its first answer; after the block, `answers`
    holds how the logins were answered (status → count).
    """

    def __init__(self, url, clients):
        self.url = url
        self.clients = clients
        self.answers = {}

    def __enter__(self):
        context = multiprocessing.get_context("spawn")
        self.answered, self.stop = context.Event(), context.Event()
        self.results = context.Queue()
        events = (self.answered, self.stop)
        self.process = context.Process(
            target=storm, args=(self.url, self.clients, events, self.results), daemon=True
        )
        self.process.start()
        if not self.answered.wait(TIMEOUT):
            self.__exit__()
            raise RuntimeError("The login storm got no answer from the server.")
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.answers = self.results.get(timeout=TIMEOUT)
        self.process.join(timeout=TIMEOUT)
        return False


def read_latencies(url, token, reads, pause=0.02):
    """Milliseconds of `reads` authenticated `GET /api/v1/jobs/`, one after the other."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    latencies = []
    for _ in range(reads):
        started = time.perf_counter()
        response = session.get(f"{url}/api/v1/jobs/", timeout=TIMEOUT)
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        time.sleep(pause)
    return latencies


def summary(latencies):
    """(median, 95th percentile) of latencies in ms."""
    ordered = sorted(latencies)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def log_in(url, username=USERNAME, password=PASSWORD):
    """A bearer token of `username` (one real password check)."""
    body = {"username": username, "password": password, "device_id": "bench-reader"}
    response = requests.post(
        f"{url}/api/v1/auth/token", json={**body, "device_name": "reader"}, timeout=TIMEOUT
    )
    response.raise_for_status()
    return response.json()["token"]


def seed(config):
    """An office and its inspector, with a password hashed at the configured cost."""
    with create_app(config).app_context():
        office_and_inspector(get_db(), USERNAME)


def run(clients, reads, unbounded):
    """Seed, serve, and print the read latency alone and during the storm."""
    with tempfile.TemporaryDirectory() as directory:
        config = {"DATABASE": str(Path(directory) / "storm.sqlite"), **NO_THROTTLE}
        if unbounded:
            config.update(UNBOUNDED)
        seed(config)
        with QuietServerProcess(config) as server:
            token = log_in(server.url)
            read_latencies(server.url, token, 5)  # warm up
            alone = summary(read_latencies(server.url, token, reads))
            with StormProcess(server.url, clients) as running:
                time.sleep(1)  # let the storm fill the server
                stormy = summary(read_latencies(server.url, token, reads))
    bound = "unbounded hashing" if unbounded else "bounded hashing (server defaults)"
    print(f"login storm: {clients} bogus-login clients, {reads} reads each phase, {bound}")
    print(f"  reads alone:        median {alone[0]:7.1f} ms   p95 {alone[1]:7.1f} ms")
    print(f"  reads during storm: median {stormy[0]:7.1f} ms   p95 {stormy[1]:7.1f} ms")
    print(f"  storm answers: {dict(sorted(running.answers.items(), key=str))}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="bogus-login loops at once")
    parser.add_argument("--reads", type=int, default=50, help="reads measured per phase")
    parser.add_argument("--unbounded", action="store_true", help="no hashing bound")
    args = parser.parse_args(argv)
    run(args.clients, args.reads, args.unbounded)


if __name__ == "__main__":
    main()
