"""A worker killed mid-batch (SIGKILL, a real crash) loses nothing and records nothing twice:
the restarted worker takes the dead one's batch over when its lease ends and sends what the
relay may not have got — with the same Message-ID."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from server.notices import outbox
from tests.notices.test_worker_smtp import expected_message_ids, more_jobs

ROOT = Path(__file__).resolve().parents[2]


def worker_env(app, sink):
    """The environment of a `python -m server` process on the app's database and relay."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FLASK_DATABASE": app.config["DATABASE"],
        "FLASK_NOTICES_SMTP_HOST": "127.0.0.1",
        "FLASK_NOTICES_SMTP_PORT": str(sink.port),
        "FLASK_NOTICES_MAIL_FROM": app.config["NOTICES_MAIL_FROM"],
        "FLASK_NOTICES_SMS_LOG": app.config["NOTICES_SMS_LOG"],
        "FLASK_NOTICES_LEASE_SECONDS": "2",
        "FLASK_NOTICES_SMTP_TIMEOUT": "0.5",
    }


def worker_process(app, sink, *args):
    env = {**worker_env(app, sink), "FLASK_NOTICES_BATCH_SIZE": "200"}  # it dies holding all
    return subprocess.Popen(
        [sys.executable, "-m", "server", "notices-worker", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_killed_worker_loses_nothing_and_doubles_nothing_recorded(world, app, sink):
    more_jobs(world, 40)
    sink.delay = 0.02
    crashed = worker_process(app, sink)
    wait_for(lambda: len(sink.messages) >= 10)
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(timeout=10)
    stranded = outbox.counts(world.db)
    assert stranded.get("sending", 0) > 0 and "pending" not in stranded
    received_before = len(sink.messages)

    time.sleep(2.1)  # the dead worker's lease runs out
    restarted = worker_process(app, sink, "--once")
    output = restarted.communicate(timeout=60)[0].decode()
    assert restarted.returncode == 0, output

    assert outbox.counts(world.db) == {"sent": 2 * 42}
    ids = sink.message_ids()
    assert sorted(set(ids)) == expected_message_ids(world.db)  # none lost
    assert len(ids) - len(set(ids)) <= 1  # at most the one in flight when it died
    assert len(ids) > received_before
