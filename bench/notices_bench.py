"""Notices benchmark: how many e-mails a second the notices worker hands to a local SMTP server.

A real office app (`create_app`) on a fresh SQLite file, its relay set to an aiosmtpd server
on a loopback port (in a process of its own) that keeps a count of what it accepts. `count`
job notices (Traditional Chinese and English, a snapshot like the one a job write stores)
are put in the outbox in one transaction (not timed); then the worker
(`server.notices.running.build_worker`, as `make run` starts it) drains the outbox: claim,
render, SMTP over one kept-open connection, `sent` committed after each `250`. The figure is
e-mails / wall time of the drain; every notice must be recorded sent and received once.

    python -m bench.notices_bench            # 2,000 notices
    python -m bench.notices_bench --quick    # 200
"""

import argparse
import contextlib
import multiprocessing
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller

from server import create_app
from server.database.db import connect
from server.notices import outbox
from server.notices.running import build_worker
from sync.server.clock import utc_now
from sync.server.notice_outbox import Notice, enqueue
from sync.transaction import transaction

#: The issue's target: e-mails a second to a local SMTP server.
TARGET_PER_SECOND = 50


class CountingRelay:
    """An aiosmtpd handler that accepts every message and counts them (in shared memory)."""

    def __init__(self, accepted):
        self.accepted = accepted

    async def handle_DATA(self, server, session, envelope):
        with self.accepted.get_lock():
            self.accepted.value += 1
        return "250 Message accepted"


def _serve_relay(port, accepted, ready, stop):
    controller = Controller(CountingRelay(accepted), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


@contextlib.contextmanager
def local_relay():
    """An SMTP server on a free loopback port, in a process of its own (the worker and the
    relay do not share a GIL, as they would not in an office): yields (accepted, port),
    `accepted.value` being how many messages it accepted."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    accepted, ready, stop = context.Value("i", 0), context.Event(), context.Event()
    relay = context.Process(target=_serve_relay, args=(port, accepted, ready, stop))
    relay.start()
    try:
        if not ready.wait(30):
            raise RuntimeError("the local SMTP server did not start")
        yield accepted, port
    finally:
        stop.set()
        relay.join(10)


def job_notice(n):
    """The n-th notice of the run: a job's stage notice, every fourth in English."""
    context = {
        "application_number": f"KEELUNG-20301201-{n:04d}",
        "lookup_code": f"{n * 7919 % 10**6:06d}",
        "applicant_name": "仁愛市場自治會",
        "kind": "taxi_meter_verification",
        "status": "scheduled",
        "window_start": "2030-12-01T09:00:00+08:00",
        "window_end": "2030-12-01T17:00:00+08:00",
        "planned_start": "2030-12-01T10:30:00+08:00",
        "office_name_zh": "基隆分局",
        "office_name_en": "Keelung",
    }
    language = "en" if n % 4 == 0 else "zh_TW"
    return Notice(
        "job_scheduled", "email", f"applicant{n}@example.org", language, "jobs", f"job-{n}",
        None, context,
    )  # fmt: skip


@dataclass(frozen=True)
class NoticesFigure:
    """One run: notices sent, the wall time of the drain, and what the relay accepted."""

    count: int
    seconds: float
    accepted: int
    sent: int

    @property
    def per_second(self):
        return self.count / self.seconds

    @property
    def verdict(self):
        complete = self.accepted == self.sent == self.count
        return "PASS" if complete and self.per_second >= TARGET_PER_SECOND else "MISS"


def run_notices(count, workdir):
    """Fill the outbox with `count` e-mail notices and time the worker sending them all."""
    with local_relay() as (relay, port):
        app = create_app(
            {
                "DATABASE": str(Path(workdir) / "notices.sqlite"),
                "NOTICES_SMTP_HOST": "127.0.0.1",
                "NOTICES_SMTP_PORT": port,
                "NOTICES_SMS_LOG": str(Path(workdir) / "sms.jsonl"),
            }
        )
        db = connect(app.config["DATABASE"])
        with transaction(db):
            for n in range(count):
                enqueue(db, job_notice(n), key=f"bench:{n}", now=utc_now())
        worker = build_worker(app, scans=False)
        started = time.perf_counter()
        worker.drain()
        seconds = time.perf_counter() - started
        worker.close()
        worker.db.close()
        sent = outbox.counts(db).get("sent", 0)
        db.close()
        return NoticesFigure(count, seconds, relay.value, sent)


def notices_report(*, quick=False, out=sys.stdout):
    """Run the notices figure and print it; returns the `NoticesFigure`."""
    count = 200 if quick else 2000
    with tempfile.TemporaryDirectory() as workdir:
        figure = run_notices(count, workdir)
    print("Notices worker → local SMTP server (aiosmtpd on loopback)", file=out)
    print(
        f"  {figure.count} e-mails in {figure.seconds:.2f} s: {figure.per_second:,.0f} e-mails/s "
        f"(target ≥ {TARGET_PER_SECOND}/s) — accepted {figure.accepted}, recorded sent "
        f"{figure.sent}  {figure.verdict}",
        file=out,
    )
    return figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 notices instead of 2,000")
    notices_report(quick=parser.parse_args(argv).quick)


if __name__ == "__main__":
    main()
