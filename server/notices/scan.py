"""The scans: the notices that time raises, not a write — re-verifications falling due, and
jobs whose window ended while they were not done.

Both are idempotent: every notice they raise has a dedupe key (`domain.notices.dedupe_key`)
— one per instrument and due date, one per overdue job, window and dispatcher — so running
a scan again, or on two servers' workers at once, raises nothing twice. The worker runs them
every `scan_seconds` (hourly by default); `python -m server notices-scan` runs them once.

- **Re-verification due**: an instrument whose `due_date` is today or within
  `due_days_ahead` days (Taiwan's date) and that no open job has in scope yet; to its site's
  firm, by e-mail and SMS, in the firm's language. An instrument whose firm has neither an
  e-mail address nor a phone is counted in the report, so it can be followed up by hand.
- **Overdue jobs**: a job not done or cancelled whose window has ended; by e-mail to each
  active dispatcher of its office with an address (counted when its office has none).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from domain.job_states import TERMINAL_STATUSES
from domain.notices import (
    EMAIL,
    JOB_OVERDUE,
    REVERIFICATION_DUE,
    contacts,
    dedupe_key,
    is_overdue,
    language_of,
)
from server.planner.day import TAIPEI
from sync.codec import loads
from sync.server.clock import stamp
from sync.server.notice_outbox import Notice, enqueue, office_context
from sync.transaction import transaction

_TERMINAL = tuple(str(status) for status in TERMINAL_STATUSES)


@dataclass
class ScanReport:
    """What a scan did: notices raised, and the records no notice could reach."""

    raised: int = 0
    unreachable: list = field(default_factory=list)  # (collection, id) without a contact

    def add(self, other):
        self.raised += other.raised
        self.unreachable += other.unreachable
        return self


def _due_instruments(db, first_day, last_day):
    return db.execute(
        "SELECT i.id, i.data, s.data, f.data, s.office_id FROM records i "
        "JOIN records s ON s.collection = 'sites' AND s.deleted = 0 "
        "  AND s.id = json_extract(i.data, '$.site_id') "
        "LEFT JOIN records f ON f.collection = 'firms' AND f.deleted = 0 "
        "  AND f.id = json_extract(s.data, '$.firm_id') "
        "WHERE i.collection = 'instruments' AND i.deleted = 0 "
        "  AND json_extract(i.data, '$.due_date') BETWEEN ? AND ? "
        "ORDER BY json_extract(i.data, '$.due_date'), i.id",
        [first_day.isoformat(), last_day.isoformat()],
    ).fetchall()


def _instruments_in_open_jobs(db):
    marks = ",".join("?" for _ in _TERMINAL)
    rows = db.execute(
        "SELECT DISTINCT scope.value FROM records j, json_each(j.data, '$.instrument_ids') scope "
        f"WHERE j.collection = 'jobs' AND j.deleted = 0 "
        f"AND json_extract(j.data, '$.status') NOT IN ({marks})",
        list(_TERMINAL),
    ).fetchall()
    return {row[0] for row in rows}


def _due_context(db, instrument, site, firm, office_id):
    return {
        "serial": instrument.get("serial"),
        "instrument_type": instrument.get("type"),
        "due_date": instrument.get("due_date"),
        "site_name": site.get("name"),
        "site_address": site.get("address"),
        "firm_name": firm.get("name"),
        **office_context(db, office_id),
    }


def scan_due(db, moment, *, days_ahead):
    """Raise the re-verification notices due at `moment` (see the module docstring)."""
    today = moment.astimezone(TAIPEI).date()
    report, now = ScanReport(), stamp(moment)
    with transaction(db):
        planned = _instruments_in_open_jobs(db)
        for row in _due_instruments(db, today, today + timedelta(days=days_ahead)):
            instrument_id, instrument, site = row[0], loads(row[1]), loads(row[2])
            firm, office_id = loads(row[3]) if row[3] else {}, row[4]
            if instrument_id in planned:
                continue
            found = contacts(firm.get("email"), firm.get("phone"))
            if not found:
                report.unreachable.append(("instruments", instrument_id))
                continue
            context = _due_context(db, instrument, site, firm, office_id)
            key = dedupe_key(REVERIFICATION_DUE, instrument_id, due_date=instrument["due_date"])
            language = language_of(firm.get("language"))
            for channel, address in found:
                notice = Notice(
                    REVERIFICATION_DUE,
                    channel,
                    address,
                    language,
                    "instruments",
                    instrument_id,
                    office_id,
                    context,
                )
                report.raised += enqueue(db, notice, key=key, now=now)
    return report


def _open_jobs(db):
    marks = ",".join("?" for _ in _TERMINAL)
    rows = db.execute(
        "SELECT j.data, s.data FROM records j "
        "LEFT JOIN records s ON s.collection = 'sites' "
        "  AND s.id = json_extract(j.data, '$.site_id') "
        f"WHERE j.collection = 'jobs' AND j.deleted = 0 "
        f"AND json_extract(j.data, '$.status') NOT IN ({marks})",
        list(_TERMINAL),
    ).fetchall()
    return [(loads(job), loads(site) if site else {}) for job, site in rows]


def _dispatchers(db, office_id):
    rows = db.execute(
        "SELECT id, json_extract(data, '$.email') FROM records WHERE collection = 'users' "
        "AND deleted = 0 AND office_id = ? AND json_extract(data, '$.role') = 'dispatcher' "
        "AND coalesce(json_extract(data, '$.active'), 1) = 1 "
        "AND json_extract(data, '$.email') IS NOT NULL ORDER BY id",
        [office_id],
    ).fetchall()
    return [(user_id, email) for user_id, email in rows if email.strip()]


def _overdue_context(db, job, site):
    context = {
        name: job.get(name) for name in ("application_number", "kind", "status", "window_end")
    }
    return {**context, "site_name": site.get("name"), **office_context(db, job["office_id"])}


def scan_overdue(db, moment, *, language):
    """Raise a notice to the office's dispatchers for each overdue job (module docstring)."""
    report, now = ScanReport(), stamp(moment)
    with transaction(db):
        for job, site in _open_jobs(db):
            if not is_overdue(job, moment):
                continue
            dispatchers = _dispatchers(db, job["office_id"])
            if not dispatchers:
                report.unreachable.append(("jobs", job["id"]))
                continue
            context = _overdue_context(db, job, site)
            for user_id, address in dispatchers:
                key = dedupe_key(JOB_OVERDUE, job["id"], window_end=job["window_end"], to=user_id)
                office_id = job["office_id"]
                notice = Notice(
                    JOB_OVERDUE, EMAIL, address, language, "jobs", job["id"], office_id, context
                )
                report.raised += enqueue(db, notice, key=key, now=now)
    return report


def scan_all(db, moment, settings):
    """Both scans at `moment`; returns their combined report."""
    report = scan_due(db, moment, days_ahead=settings.due_days_ahead)
    return report.add(scan_overdue(db, moment, language=settings.staff_language))
