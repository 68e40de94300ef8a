"""Which change raises which notice: the rules of the notices, as pure functions.

An applicant hears of their job at four stages — received, scheduled, in progress, done —
by e-mail to `applicant_email` and by SMS to `applicant_phone` (each that is given), in
`applicant_language` (Traditional Chinese unless the job says English). A firm hears, by the
same channels, that an instrument at its site falls due for re-verification within N days
(taxi meters are re-verified every year). A dispatcher hears by e-mail of a job whose window
has ended while it is not done.

Every notice has a dedupe key: the outbox stores at most one notice per key and channel, so
a rule that fires twice for the same event (a scan run again, a retried write) raises one
notice. A stage notice fires on the write that enters the stage:

- `job_received` — the job's create;
- `job_scheduled` — a move to `scheduled` from `requested` or `needs_review` (a job recalled
  from `dispatched` to `scheduled` is no news to the applicant); keyed by the job's version,
  so a job planned again after it was unassigned is announced again with its new date;
- `job_in_progress`, `job_done` — a move into that status; once per job.

    >>> job_stage_notice("update", {"status": "requested"}, {"status": "scheduled"})
    'job_scheduled'
    >>> job_stage_notice("update", {"status": "dispatched"}, {"status": "scheduled"}) is None
    True
    >>> dedupe_key("job_scheduled", "j1", version=3)
    'job_scheduled:j1:v3'
"""

from datetime import date, datetime, timedelta

from domain.job_states import TERMINAL_STATUSES, JobStatus

JOB_RECEIVED = "job_received"
JOB_SCHEDULED = "job_scheduled"
JOB_IN_PROGRESS = "job_in_progress"
JOB_DONE = "job_done"
REVERIFICATION_DUE = "reverification_due"
JOB_OVERDUE = "job_overdue"
#: Every kind of notice, in the order a job meets them.
NOTICE_KINDS = (
    JOB_RECEIVED,
    JOB_SCHEDULED,
    JOB_IN_PROGRESS,
    JOB_DONE,
    REVERIFICATION_DUE,
    JOB_OVERDUE,
)

EMAIL = "email"
SMS = "sms"
CHANNELS = (EMAIL, SMS)

ZH_TW = "zh_TW"
EN = "en"
#: The languages a notice is written in; the first is the default.
LANGUAGES = (ZH_TW, EN)

#: How many days ahead of its due date an instrument's re-verification is announced.
DUE_DAYS_AHEAD = 30

#: The status a job enters → the stage notice it raises (see the module docstring).
_STAGE_OF_STATUS = {
    JobStatus.SCHEDULED: JOB_SCHEDULED,
    JobStatus.IN_PROGRESS: JOB_IN_PROGRESS,
    JobStatus.DONE: JOB_DONE,
}
#: Moves into `scheduled` that announce nothing new.
_QUIET_INTO_SCHEDULED = frozenset({JobStatus.DISPATCHED})


def job_stage_notice(op, old, new):
    """The stage notice a job write raises (`op` create/update/delete), or None."""
    if op == "create":
        return JOB_RECEIVED
    if op != "update":
        return None
    before, after = old.get("status"), new.get("status")
    if before == after or after not in _STAGE_OF_STATUS:
        return None
    if after == JobStatus.SCHEDULED and before in _QUIET_INTO_SCHEDULED:
        return None
    return _STAGE_OF_STATUS[after]


def dedupe_key(kind, record_id, *, version=None, due_date=None, window_end=None, to=None):
    """The key that makes a notice happen once: kind, record and what makes it new.

    >>> dedupe_key("job_done", "j1")
    'job_done:j1'
    >>> dedupe_key("reverification_due", "i1", due_date="2030-01-31")
    'reverification_due:i1:2030-01-31'
    >>> dedupe_key("job_overdue", "j1", window_end="2030-01-01T17:00:00+08:00", to="u1")
    'job_overdue:j1:2030-01-01T17:00:00+08:00:u1'
    """
    if kind == JOB_SCHEDULED:
        return f"{kind}:{record_id}:v{version}"
    if kind == REVERIFICATION_DUE:
        return f"{kind}:{record_id}:{due_date}"
    if kind == JOB_OVERDUE:
        return f"{kind}:{record_id}:{window_end}:{to}"
    return f"{kind}:{record_id}"


def language_of(value):
    """A record's notice language: the one it names if known, else the default.

    >>> language_of("en"), language_of(None), language_of("fr")
    ('en', 'zh_TW', 'zh_TW')
    """
    return value if value in LANGUAGES else LANGUAGES[0]


def contacts(email, phone):
    """[(channel, address)] for the given e-mail address and phone number (either may be None).

    >>> contacts("a@example.org", None)
    [('email', 'a@example.org')]
    """
    found = [(EMAIL, email), (SMS, phone)]
    return [(channel, address.strip()) for channel, address in found if address and address.strip()]


def due_for_notice(due_date, today, days_ahead=DUE_DAYS_AHEAD):
    """Whether a re-verification due on `due_date` (ISO date or None) is announced `today`:
    it falls due today or within `days_ahead` days — never one already past.

    >>> due_for_notice("2030-01-31", date(2030, 1, 1))
    True
    >>> due_for_notice("2029-12-31", date(2030, 1, 1)), due_for_notice(None, date(2030, 1, 1))
    (False, False)
    """
    if not due_date:
        return False
    due = date.fromisoformat(due_date)
    return today <= due <= today + timedelta(days=days_ahead)


def is_overdue(job, now):
    """Whether a job's window has ended (before the aware datetime `now`) while it is open.

    >>> from datetime import UTC
    >>> job = {"status": "scheduled", "window_end": "2030-01-01T17:00:00+08:00"}
    >>> is_overdue(job, datetime(2030, 1, 1, 10, tzinfo=UTC))
    True
    >>> is_overdue({**job, "status": "done"}, datetime(2030, 1, 1, 10, tzinfo=UTC))
    False
    """
    if job.get("status") in TERMINAL_STATUSES or not job.get("window_end"):
        return False
    return datetime.fromisoformat(job["window_end"]) < now
