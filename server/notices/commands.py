"""The notices' CLI commands (`python -m server <command>`):

- `notices-worker` — run the worker alone, until Ctrl-C (or, with `--once`, until nothing is
  ready to send now);
- `notices-scan` — raise the notices that are due now (re-verifications, overdue jobs) once;
- `notices-status` — how many notices are pending, sending, sent and failed.

    $ FLASK_NOTICES_SMTP_HOST=127.0.0.1 FLASK_NOTICES_SMTP_PORT=8025 python -m server notices-worker
"""

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from server.database.db import get_db
from server.notices import outbox
from server.notices.running import build_worker
from server.notices.scan import scan_all
from server.notices.settings import app_clock, app_settings


@click.command("notices-worker")
@with_appcontext
@click.option("--once", is_flag=True, help="Send what is ready now, then stop.")
def notices_worker_command(once):
    """Send the outbox's notices (e-mail over SMTP, SMS through its adapter)."""
    worker = build_worker(current_app._get_current_object(), scans=not once)
    if once:
        try:
            settled = worker.drain()
        finally:
            worker.close()
            worker.db.close()
        click.echo(f"Settled {settled} notice(s); {_summary(get_db())}.")
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo("Notices worker running (Ctrl-C stops it).")
    try:
        worker.run(stop)
    except KeyboardInterrupt:
        stop.set()
    finally:
        worker.db.close()
    click.echo(f"Notices worker stopped; {_summary(get_db())}.")


@click.command("notices-scan")
@with_appcontext
def notices_scan_command():
    """Raise the re-verification and overdue notices that are due now (safe to run again)."""
    app = current_app._get_current_object()
    report = scan_all(get_db(), app_clock(app)(), app_settings(app))
    click.echo(f"Raised {report.raised} notice(s).")
    for collection, record_id in report.unreachable:
        click.echo(f"No one to notify for {collection}/{record_id}: add a contact.", err=True)


@click.command("notices-status")
@with_appcontext
def notices_status_command():
    """Show how many notices are in each status."""
    click.echo(_summary(get_db()))


def _summary(db):
    found = outbox.counts(db)
    return ", ".join(
        f"{found.get(status, 0)} {status}" for status in ("pending", "sending", "sent", "failed")
    )


COMMANDS = (notices_worker_command, notices_scan_command, notices_status_command)
