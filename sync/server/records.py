"""The record store: every synced record is read and written here, by the API and by push.

A write bumps the record's `version`, writes a change-log row for every bucket the record is
in (and `removed` for buckets it left), keeps a job's family and dependencies in the right
inspector buckets, appends an audit entry (who, when, from which device, field → [old,
new]) and enqueues the notices the write raises (`sync.server.notice_outbox`) — all in one
transaction, the caller's if one is open (see `transaction`).

    >>> import sqlite_utils
    >>> from sync.server.schema import ensure_schema
    >>> db = sqlite_utils.Database(memory=True)
    >>> ensure_schema(db)
    >>> from domain.access import Actor
    >>> admin = Actor("u-admin", "admin", None)
    >>> office = write_record(db, "offices", "o1", {"name_en": "Keelung"}, actor=admin, op="create")
    >>> office["version"], office["name_en"]
    (1, 'Keelung')
"""

from dataclasses import dataclass

from domain.records import OPS
from domain.relations import parent_for
from sync.codec import dumps, loads
from sync.server.audit import append_audit
from sync.server.buckets import (
    REFERENCE_COLLECTIONS,
    is_inspector_bucket,
    office_for,
    primary_buckets,
)
from sync.server.changelog import buckets_holding, reconcile
from sync.server.clock import utc_now
from sync.server.field_history import note_changed_fields
from sync.server.job_scope import inspectors_holding_job, refresh_job_scope
from sync.server.notice_outbox import raise_record_notices
from sync.server.stored_row import read_row
from sync.transaction import joined_transaction


class _Drop:
    """Marker value: `write_record(..., {"field": DROP}, op="update")` removes the field."""

    def __repr__(self):
        return "DROP"


DROP = _Drop()
#: `write_record(..., stored=UNREAD)`: the caller holds no row; the write reads it.
UNREAD = object()


class RecordExists(ValueError):
    """A create for an id that is already stored (and not deleted)."""


class RecordMissing(LookupError):
    """An update or delete of a record that is not stored."""


def _as_record(data, version, deleted, updated_seq):
    return {**data, "version": version, "deleted": bool(deleted), "updated_seq": updated_seq}


def _merged_data(stored, record_id, fields, op):
    base = {} if op == "create" else stored.data
    merged = {**base, **fields, "id": record_id}
    return {key: value for key, value in merged.items() if value is not DROP}


def _check_op(stored, collection, record_id, op):
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}; expected one of {', '.join(OPS)}")
    if op == "create" and stored is not None and stored.live:
        raise RecordExists(f"{collection}/{record_id} already exists")
    if op != "create" and stored is None:
        raise RecordMissing(f"{collection}/{record_id} does not exist")


def field_changes(old, new):
    """Field → [old, new] for every field whose value differs."""
    if not old:
        return {k: [None, new[k]] for k in sorted(new) if new[k] is not None}
    keys = sorted(set(old) | set(new))
    return {k: [old.get(k), new.get(k)] for k in keys if old.get(k) != new.get(k)}


def _desired_buckets(db, collection, data, office_id, deleted, current):
    desired = primary_buckets(db, collection, data, office_id)
    if collection in REFERENCE_COLLECTIONS:
        desired |= {b for b in current if is_inspector_bucket(b)}
    if deleted:
        desired |= current
    return desired


@dataclass(frozen=True)
class _Row:
    """A record row as it is about to be stored."""

    data: dict
    version: int
    deleted: bool
    office_id: str | None
    seq: int


def _save_row(db, collection, record_id, row, actor, now, new):
    params = [
        row.version,
        int(row.deleted),
        row.seq,
        row.office_id,
        parent_for(collection, row.data),
        dumps(row.data),
        now,
        actor.user_id,
        collection,
        record_id,
    ]
    if new:
        db.execute(
            "INSERT OR REPLACE INTO records (version, deleted, updated_seq, office_id, parent_id, "
            "data, created_at, updated_at, updated_by, collection, id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params[:7] + [now] + params[7:],
        )
    else:
        db.execute(
            "UPDATE records SET version = ?, deleted = ?, updated_seq = ?, office_id = ?, "
            "parent_id = ?, data = ?, updated_at = ?, updated_by = ? "
            "WHERE collection = ? AND id = ?",
            params,
        )


def _job_of(collection, data):
    """The job whose inspector buckets a write to `collection` may change, or None."""
    if collection == "jobs":
        return data["id"]
    return data.get("job_id") if collection == "assignments" else None


def write_record(db, collection, record_id, fields, *, actor, op, stored=UNREAD):
    """Create, update (the given fields) or soft-delete a record; returns the stored record.

    MUST be given fields already validated by `domain.records`. `stored` is the record's
    `StoredRow` (or None) when the caller has read it in this transaction — the write then
    does not read it again. Raises `RecordExists` / `RecordMissing` for an op that does not
    fit what is stored; nothing is written then. A field given the value `DROP` is removed
    from the record. Every changed field's version and writer go to `field_versions` (see
    `sync.server.field_history`).
    """
    with joined_transaction(db):
        if stored is UNREAD:
            stored = read_row(db, collection, record_id)
        _check_op(stored, collection, record_id, op)
        data = _merged_data(stored, record_id, dict(fields), op)
        deleted = op == "delete"
        version = 1 if stored is None else stored.version + 1
        office_id = office_for(db, collection, data)
        now = utc_now()
        job_id = _job_of(collection, data)
        holders = inspectors_holding_job(db, job_id) if job_id else set()
        current = buckets_holding(db, collection, record_id) if stored else set()
        desired = _desired_buckets(db, collection, data, office_id, deleted, current)
        seq = reconcile(db, collection, record_id, desired, resend=True, current=current) or 0
        row = _Row(data, version, deleted, office_id, seq)
        _save_row(db, collection, record_id, row, actor, now, stored is None)
        old = {} if stored is None or op == "create" else stored.data
        changes = field_changes(old, data)
        append_audit(db, actor, op, collection, record_id, changes, now)
        raise_record_notices(db, collection, old, data, op=op, version=version, now=now)
        note_changed_fields(db, collection, record_id, changes, version, actor, now)
        if job_id:
            refresh_job_scope(db, job_id, before=holders)
        return _as_record(data, version, deleted, seq)


def record_of(row):
    """The record (domain fields plus the envelope) of a `StoredRow`."""
    return _as_record(row.data, row.version, row.deleted, row.updated_seq)


def get_record(db, collection, record_id):
    """A stored record (domain fields plus `version`, `deleted`, `updated_seq`), or None."""
    row = read_row(db, collection, record_id)
    return None if row is None else record_of(row)


def _where(collection, filters, office_id, include_deleted):
    clauses, params = ["collection = ?"], [collection]
    if office_id is not None:
        clauses.append("office_id = ?")
        params.append(office_id)
    if not include_deleted:
        clauses.append("deleted = 0")
    for field, value in (filters or {}).items():
        clauses.append(f"json_extract(data, '$.{field}') = ?")
        params.append(value)
    return " AND ".join(clauses), params


def list_records(
    db, collection, *, filters=None, office_id=None, limit=50, offset=0, include_deleted=False
):
    """Stored records of a collection, oldest first; `filters` are field → equal value."""
    where, params = _where(collection, filters, office_id, include_deleted)
    rows = db.execute(
        f"SELECT data, version, deleted, updated_seq FROM records WHERE {where} "
        f"ORDER BY created_at, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [_as_record(loads(r[0]), r[1], r[2], r[3]) for r in rows]


def count_records(db, collection, *, filters=None, office_id=None, include_deleted=False):
    """How many records `list_records` would page through."""
    where, params = _where(collection, filters, office_id, include_deleted)
    return db.execute(f"SELECT count(*) FROM records WHERE {where}", params).fetchone()[0]
