"""The notices worker: claims ready notices, sends each, records how it went.

Exactly once, as far as a relay allows it. What is *recorded* is exactly once: one outbox
row per notice, marked `sent` only after the relay accepted the message, never marked twice.
What goes *over the wire* is at least once: a relay that accepted a message and then lost
the connection before its `250` reached us, or a worker that died between the relay's `250`
and the commit of `sent`, leaves a notice whose outcome is unknown — and it is sent again,
because sending again is recoverable and losing it is not. The window is kept as small as
it can be: `sent` is committed right after each `250`, one notice at a time; a resend carries
the same Message-ID (and the SMS log the same notice id), so a duplicate can be recognised.

A claim leases a batch; every notice in it is marked `sending` and its attempt counted
before anything is sent, so a worker that dies leaves its batch to be taken over when the
lease ends (`outbox.claim`). A failed send is tried again after a doubling delay
(`NoticeSettings.retry_delay`) until `max_attempts`, then recorded `failed` with the reason;
a recipient the relay refuses outright fails at once.

    worker = NoticeWorker(db, settings, mailer=SmtpMailer(settings), sms=SmsLog(path))
    worker.run_once()            # one batch; returns how many notices it settled
    worker.run(stop_event)       # until the event is set
"""

import logging
import sqlite3
import uuid
from datetime import timedelta

from domain.notices import EMAIL, SMS
from server.notices import outbox
from server.notices.mail import SendFailed, build_message
from server.notices.messages import render
from sync.server.clock import system_now

log = logging.getLogger(__name__)


class NoticeWorker:
    """Sends the outbox's notices through a mailer and an SMS adapter."""

    def __init__(self, db, settings, *, mailer, sms, clock=system_now, scan=None):
        self.db = db
        self.settings = settings
        self.mailer = mailer
        self.sms = sms
        self.clock = clock
        self.scan = scan
        self.worker_id = f"worker-{uuid.uuid4()}"
        self.next_scan = None
        self.stop = None  # the `run` loop's event: a stop is heeded between two notices

    @property
    def channels(self):
        """The channels this worker sends: SMS always, e-mail when a relay is configured."""
        return (EMAIL, SMS) if self.mailer is not None else (SMS,)

    def run_once(self):
        """Claim one batch and settle each notice in it; returns how many were claimed.

        A notice is sent only while the batch's lease has time left for one more send (three
        SMTP timeouts): past that, another worker may take the batch over, so the rest is
        handed back untried instead (`outbox.release`).
        """
        claimed_at = self.clock()
        batch = outbox.claim(
            self.db,
            self.worker_id,
            claimed_at,
            lease_seconds=self.settings.lease_seconds,
            limit=self.settings.batch_size,
            channels=self.channels,
        )
        last_start = claimed_at + timedelta(
            seconds=self.settings.lease_seconds - 3 * self.settings.smtp_timeout
        )
        for notice in batch:
            if self.stop is not None and self.stop.is_set():
                break  # the rest is handed back by `run` (`outbox.release`)
            if self.clock() > last_start:
                outbox.release(self.db, self.worker_id)
                break
            self._settle(notice)
        return len(batch)

    def run(self, stop):
        """Send until `stop` (a `threading.Event`) is set; scan on the scan interval. Stopping
        waits for the notice being sent, not for the rest of its batch."""
        self.stop = stop
        try:
            while not stop.is_set():
                self._scan_if_due()
                if self._run_guarded() == 0:
                    stop.wait(self.settings.poll_seconds)
        finally:
            outbox.release(self.db, self.worker_id)
            self.close()

    def _run_guarded(self):
        try:
            return self.run_once()
        except sqlite3.OperationalError:  # the database was busy: try again after the poll
            log.exception("notices worker could not reach the database")
            return 0

    def drain(self, *, limit=None):
        """Send until no notice is ready now (or `limit` are settled); returns how many."""
        settled = 0
        while limit is None or settled < limit:
            claimed = self.run_once()
            if claimed == 0:
                break
            settled += claimed
        return settled

    def close(self):
        """Close the channels' connections."""
        for channel in (self.mailer, self.sms):
            if channel is not None:
                channel.close()

    def _scan_if_due(self):
        if self.scan is None:
            return
        moment = self.clock()
        if self.next_scan is None or moment >= self.next_scan:
            try:
                self.scan(self.db, moment)
            except Exception:  # a scan that fails must not stop the sending
                log.exception("notice scan failed; it runs again at the next interval")
            self.next_scan = moment + timedelta(seconds=self.settings.scan_seconds)

    def _settle(self, notice):
        if notice["attempts"] > self.settings.max_attempts:  # taken over after crashes
            reason = f"outcome unknown after {self.settings.max_attempts} attempts"
            outbox.mark_failed(self.db, notice["id"], self.worker_id, reason)
            return
        try:
            self._send(notice)
        except SendFailed as failure:
            self._record_failure(notice, failure)
            return
        except Exception as error:  # a notice that cannot be rendered must not stop the rest
            log.exception("notice %s could not be sent", notice["id"])
            self._record_failure(notice, SendFailed(f"{type(error).__name__}: {error}"))
            return
        outbox.mark_sent(self.db, notice["id"], self.clock())

    def _send(self, notice):
        links = {"lookup_url": self.settings.public_url.rstrip("/") + "/lookup"}
        words = render(notice["kind"], notice["language"], notice["context"], links)
        if notice["channel"] == SMS:
            self.sms.send(notice["id"], notice["recipient"], words.sms)
            return
        message = build_message(
            notice["id"], self.settings.mail_from, notice["recipient"], notice["language"], words
        )
        self.mailer.send(message)

    def _record_failure(self, notice, failure):
        reason = f"attempt {notice['attempts']}: {failure}"
        if failure.permanent or notice["attempts"] >= self.settings.max_attempts:
            log.warning("notice %s failed for good: %s", notice["id"], reason)
            outbox.mark_failed(self.db, notice["id"], self.worker_id, reason)
            return
        delay = self.settings.retry_delay(notice["attempts"])
        when = self.clock() + timedelta(seconds=delay)
        outbox.mark_retry(self.db, notice["id"], self.worker_id, reason, when)
