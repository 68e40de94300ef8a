"""Running the notices worker: beside the HTTP server (a thread of the serving process, what
`make run` starts) or alone (`python -m server notices-worker`).

`build_worker(app)` makes a worker on a connection of its own to the app's database (SQLite
connections are never shared across threads), with the app's settings and clock, an SMTP
mailer when a relay is configured and the SMS adapter. `WorkerThread(app)` runs one until
`stop()`; stopping hands back the notices it claimed and has not tried.

    thread = WorkerThread(app).start()
    ...
    thread.stop()
"""

import logging
import threading

from server.database.db import connect
from server.notices.mail import SmtpMailer
from server.notices.scan import scan_all
from server.notices.settings import app_clock, app_settings
from server.notices.sms import SmsLog
from server.notices.worker import NoticeWorker
from sync.server.clock import stamp

log = logging.getLogger(__name__)


def build_worker(app, *, scans=True):
    """A notices worker for `app` on its own database connection (close it when done)."""
    settings = app_settings(app)
    mailer = SmtpMailer(settings) if settings.sends_email else None
    if mailer is None:
        log.warning("NOTICES_SMTP_HOST is not set: e-mail notices wait in the outbox")
    db = connect(app.config["DATABASE"])
    clock = app_clock(app)
    scan = (lambda db, moment: scan_all(db, moment, settings)) if scans else None
    sms = SmsLog(settings.sms_log, clock=lambda: stamp(clock()))
    return NoticeWorker(db, settings, mailer=mailer, sms=sms, clock=clock, scan=scan)


class WorkerThread:
    """The notices worker on a thread of its own, until `stop()`."""

    def __init__(self, app):
        self.app = app
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="notices-worker", daemon=True)

    def start(self):
        """Start the thread; returns self."""
        self.thread.start()
        return self

    def _run(self):
        worker = build_worker(self.app)
        try:
            worker.run(self.stopping)
        finally:
            worker.db.close()

    def stop(self, timeout=10):
        """Ask the worker to stop after the notice it is sending, and wait for it."""
        self.stopping.set()
        self.thread.join(timeout)
