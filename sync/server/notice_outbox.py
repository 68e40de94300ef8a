"""The notice outbox: the notices a change raises, written in the change's own transaction.

A transactional outbox: `write_record` calls `raise_record_notices` inside its transaction, so
a job write — from the REST API or from a device's push, both of which end there — and the
notices it raises (`domain.notices`) are committed together or not at all. A refused or
rolled-back write leaves no notice; a committed one never loses its notice. The scans of the
server (re-verification due, overdue jobs) write their notices with `enqueue` too.

A notice row holds everything its message is made from (`context`, a snapshot taken when it
was raised), so a resend renders the same message. `UNIQUE (dedupe_key, channel)` makes a
rule that fires twice for one event store one notice. The server's worker sends the rows
(`status` pending → sending → sent, or back to pending for a retry, or failed); the table
is `sync.server.schema.NOTICES_SQL`.

    >>> import sqlite_utils
    >>> from sync.server.schema import ensure_schema
    >>> db = sqlite_utils.Database(memory=True)
    >>> ensure_schema(db)
    >>> notice = Notice("job_done", "email", "a@example.org", "en", "jobs", "j1", None, {})
    >>> enqueue(db, notice, key="job_done:j1", now="2030-01-01T00:00:00.000+00:00")
    True
    >>> enqueue(db, notice, key="job_done:j1", now="2030-01-01T00:00:01.000+00:00")
    False
"""

from dataclasses import dataclass

from domain.ids import new_record_id
from domain.notices import contacts, dedupe_key, job_stage_notice, language_of
from sync.codec import dumps
from sync.server.stored_row import read_row

#: The job fields a stage notice's message is made from.
_JOB_CONTEXT_FIELDS = (
    "application_number",
    "lookup_code",
    "applicant_name",
    "kind",
    "status",
    "window_start",
    "window_end",
)


@dataclass(frozen=True)
class Notice:
    """A notice to send: what, by which channel to whom, in which language, about which
    record, and the snapshot its message is made from."""

    kind: str
    channel: str
    recipient: str
    language: str
    collection: str
    record_id: str
    office_id: str | None
    context: dict


def enqueue(db, notice, *, key, now):
    """Store `notice` as pending (inside the caller's transaction); False if its key and
    channel are already stored (the notice exists: nothing is written)."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO notices (id, dedupe_key, kind, channel, recipient, language, "
        "collection, record_id, office_id, context, next_attempt_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            new_record_id(),
            key,
            notice.kind,
            notice.channel,
            notice.recipient,
            notice.language,
            notice.collection,
            notice.record_id,
            notice.office_id,
            dumps(notice.context),
            now,
            now,
        ],
    )
    return cursor.rowcount == 1


def office_context(db, office_id):
    """What a message says of the office: its names and phone (when the record has one)."""
    row = read_row(db, "offices", office_id) if office_id else None
    office = row.data if row else {}
    return {
        "office_name_zh": office.get("name_zh"),
        "office_name_en": office.get("name_en"),
        "office_phone": office.get("phone"),
    }


def _assignment_context(db, job_id):
    row = db.execute(
        "SELECT json_extract(data, '$.date'), json_extract(data, '$.planned_start') "
        "FROM records WHERE collection = 'assignments' AND parent_id = ? AND deleted = 0 "
        "ORDER BY updated_seq DESC LIMIT 1",
        [job_id],
    ).fetchone()
    return {"scheduled_date": row[0], "planned_start": row[1]} if row else {}


def job_context(db, job):
    """The snapshot a job's stage notice is made from: the job, its office, its assignment."""
    context = {name: job.get(name) for name in _JOB_CONTEXT_FIELDS}
    context.update(office_context(db, job.get("office_id")))
    context.update(_assignment_context(db, job["id"]))
    return context


def raise_record_notices(db, collection, old, new, *, op, version, now):
    """Enqueue the notices a record write raises (`domain.notices`); runs inside the write's
    transaction. Returns how many were stored."""
    if collection != "jobs":
        return 0
    kind = job_stage_notice(op, old or {}, new)
    found = contacts(new.get("applicant_email"), new.get("applicant_phone"))
    if kind is None or not found:
        return 0
    context = job_context(db, new)
    key = dedupe_key(kind, new["id"], version=version)
    language = language_of(new.get("applicant_language"))
    stored = 0
    for channel, address in found:
        notice = Notice(
            kind, channel, address, language, "jobs", new["id"], new.get("office_id"), context
        )
        stored += enqueue(db, notice, key=key, now=now)
    return stored
