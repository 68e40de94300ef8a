"""The worker runs beside the HTTP server (a thread of the serving process) and alone from
the CLI; the CLI scans and reports."""

import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import requests

from server.notices import outbox
from server.notices.commands import notices_scan_command, notices_status_command
from server.notices.running import WorkerThread
from tests.notices.smtp_sink import free_port
from tests.notices.test_worker_crash import ROOT, wait_for, worker_env


def test_the_worker_thread_sends_while_the_app_runs_and_stops_cleanly(world, app, sink):
    thread = WorkerThread(app).start()
    try:
        deadline = time.monotonic() + 10
        while outbox.counts(world.db).get("sent", 0) < 4:
            assert time.monotonic() < deadline, outbox.counts(world.db)
            time.sleep(0.02)
    finally:
        thread.stop()
    assert not thread.thread.is_alive()
    assert len(sink.messages) == 2


def test_the_worker_command_sends_what_is_ready_and_says_so(world, app, sink):
    result = app.test_cli_runner().invoke(args=["notices-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Settled 4 notice(s); 0 pending, 0 sending, 4 sent, 0 failed." in result.output
    assert len(sink.messages) == 2


def test_the_scan_command_reports_who_cannot_be_reached(world, app):
    app.config["CLOCK"] = lambda: datetime(2030, 1, 2, tzinfo=UTC)  # the world's jobs are late
    result = app.test_cli_runner().invoke(notices_scan_command)
    assert result.exit_code == 0, result.output
    assert "Raised 0 notice(s)." in result.output
    assert f"jobs/{world.a.job['id']}: add a contact" in result.output
    status = app.test_cli_runner().invoke(notices_status_command)
    assert "4 pending" in status.output  # the world's received notices


def test_a_stop_hands_back_the_rest_of_the_batch_untried(world, worker, sink):
    stop = threading.Event()
    sink.misbehave = []
    original = worker._settle

    def settle_then_stop(notice):
        original(notice)
        stop.set()  # asked to stop while the first notice of the batch was being sent

    worker._settle = settle_then_stop
    worker.run(stop)
    assert outbox.counts(world.db) == {"sent": 1, "pending": 3}
    untried = world.db.execute(
        "SELECT attempts, lease_owner FROM notices WHERE status = 'pending'"
    ).fetchall()
    assert untried == [(0, None)] * 3


def test_python_m_server_serves_and_sends_notices_from_one_process(world, app, sink, tmp_path):
    port = free_port()
    env = {
        **worker_env(app, sink),
        "FLASK_PORT": str(port),
    }
    served = subprocess.Popen(
        [sys.executable, "-m", "server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: len(sink.messages) == 2)
        answer = requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5)
        assert answer.status_code == 200
    finally:
        served.send_signal(signal.SIGINT)
        output = served.communicate(timeout=20)[0].decode()
    assert outbox.counts(world.db) == {"sent": 4}, output
