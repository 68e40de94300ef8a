"""The worker sends notices to a real SMTP server on loopback and records each outcome; a
server that closes connections or refuses causes retries, never a lost or doubled notice."""

from datetime import UTC, datetime, timedelta

import pytest

from server.notices import outbox
from server.notices.mail import SmtpMailer
from server.notices.settings import app_settings, notice_settings
from server.notices.sms import SmsLog, read_sms_log
from server.notices.worker import NoticeWorker
from tests.notices.smtp_sink import free_port


def notice_ids(db, channel="email"):
    rows = db.execute("SELECT id FROM notices WHERE channel = ? ORDER BY id", [channel])
    return [row[0] for row in rows]


def expected_message_ids(db):
    return sorted(f"<notice-{i}@keelung.example.org>" for i in notice_ids(db))


def more_jobs(world, count, **fields):
    for n in range(count):
        world.new_job(
            application_number=f"KL-{n:04d}", applicant_email=f"a{n}@example.org", **fields
        )


def test_the_worker_delivers_each_notice_once_and_records_it_sent(world, worker, sink, app):
    assert worker.drain() == 4  # the world's two jobs: received, by e-mail and by SMS
    assert sorted(sink.message_ids()) == expected_message_ids(world.db)
    assert outbox.counts(world.db) == {"sent": 4}
    sms = read_sms_log(app_settings(app).sms_log)
    assert sorted(line["notice_id"] for line in sms) == notice_ids(world.db, "sms")
    assert {line["to"] for line in sms} == {"0912-345-678"}
    assert worker.drain() == 0 and len(sink.messages) == 2


def test_a_notice_is_in_the_applicants_language(world, worker, sink):
    world.new_job(
        application_number="KL-EN-1", applicant_email="en@example.org", applicant_language="en"
    )
    worker.drain()
    by_to = {m["To"]: m for m in sink.messages}
    english = by_to["en@example.org"]
    number = world.a.job["application_number"]
    (chinese,) = [m for m in sink.messages if m["Subject"].endswith(f" {number}")]
    assert english["Subject"] == "We received your application KL-EN-1"
    assert english["Content-Language"] == "en"
    assert "https://office.example.org/lookup" in english.get_content()
    assert chinese["Subject"] == f"已收到您的申請 {number}"
    assert chinese["Content-Language"] == "zh-TW"
    assert "查詢碼 7Q4K9X" in chinese.get_content()
    assert english["From"] == "Verifield <notices@keelung.example.org>"


def test_connections_closed_before_acceptance_are_retried_without_loss_or_duplicate(
    world, worker, sink
):
    more_jobs(world, 6)
    sink.misbehave = ["at_rcpt", "before_data", "refuse_421", None, "before_data", "at_rcpt"]
    for _ in range(10):
        worker.drain()
    ids = sink.message_ids()
    assert sorted(ids) == expected_message_ids(world.db)  # every one, each exactly once
    assert len(ids) == len(set(ids)) == 8
    assert outbox.counts(world.db) == {"sent": 16}
    retried = world.db.execute(
        "SELECT count(*) FROM notices WHERE channel = 'email' AND attempts > 1"
    ).fetchone()[0]
    assert retried == 5


def test_a_message_accepted_but_unacknowledged_is_resent_with_its_message_id(world, worker, sink):
    sink.misbehave = ["after_accept"]
    for _ in range(5):
        worker.drain()
    ids = sink.message_ids()
    assert len(ids) == 3 and len(set(ids)) == 2  # one notice twice on the wire, same id
    assert sorted(set(ids)) == expected_message_ids(world.db)
    assert outbox.counts(world.db) == {"sent": 4}


def test_a_refused_recipient_fails_at_once_with_the_reason(world, worker, sink):
    sink.misbehave = ["refuse_550"]
    worker.drain()
    failed = world.db.execute(
        "SELECT attempts, last_error FROM notices WHERE status = 'failed'"
    ).fetchall()
    assert len(failed) == 1
    attempts, reason = failed[0]
    assert attempts == 1 and "550" in reason
    assert outbox.counts(world.db) == {"failed": 1, "sent": 3}


class FakeClock:
    def __init__(self):
        self.moment = datetime(2030, 1, 1, 8, tzinfo=UTC)

    def __call__(self):
        return self.moment

    def advance(self, seconds):
        self.moment += timedelta(seconds=seconds)


def test_a_relay_that_is_down_gets_backoff_then_the_notice_fails(world, app, tmp_path):
    settings = app_settings(app)
    settings = type(settings)(
        **{**settings.__dict__, "smtp_port": free_port(), "retry_base_seconds": 30.0}
    )
    clock = FakeClock()
    worker = NoticeWorker(
        world.db,
        settings,
        mailer=SmtpMailer(settings),
        sms=SmsLog(str(tmp_path / "s")),
        clock=clock,
    )
    delays, claimed = [], 4  # both e-mails, and at the first run both SMS too
    for _ in range(settings.max_attempts):
        assert worker.run_once() == claimed
        claimed = 2
        row = world.db.execute(
            "SELECT status, next_attempt_at FROM notices WHERE channel = 'email' LIMIT 1"
        ).fetchone()
        if row[0] == "failed":
            break
        due = datetime.fromisoformat(row[1])
        delays.append((due - clock()).total_seconds())
        assert worker.run_once() == 0  # not before its time
        clock.moment = due
    assert delays == [30.0, 60.0, 120.0, 240.0]
    failed = world.db.execute(
        "SELECT attempts, last_error FROM notices WHERE status = 'failed'"
    ).fetchall()
    assert [attempts for attempts, _ in failed] == [5, 5]
    assert all("ConnectionRefusedError" in reason for _, reason in failed)
    assert outbox.counts(world.db) == {"failed": 2, "sent": 2}


def test_a_batch_whose_lease_runs_short_is_handed_back_untried(world, app, tmp_path, sink):
    settings = app_settings(app)
    clock = FakeClock()
    sms = SmsLog(str(tmp_path / "s"))
    worker = NoticeWorker(world.db, settings, mailer=SmtpMailer(settings), sms=sms, clock=clock)
    original = worker._settle

    def slow_settle(notice):
        original(notice)
        clock.advance(settings.lease_seconds - 2 * settings.smtp_timeout)  # a very slow send

    worker._settle = slow_settle
    assert worker.run_once() == 4
    assert outbox.counts(world.db) == {"sent": 1, "pending": 3}
    assert world.db.execute("SELECT sum(attempts) FROM notices").fetchone()[0] == 1


def test_a_lease_too_short_for_a_send_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="NOTICES_LEASE_SECONDS"):
        notice_settings({"NOTICES_LEASE_SECONDS": 20, "NOTICES_SMTP_TIMEOUT": 10})
