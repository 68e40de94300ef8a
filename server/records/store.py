"""The server's storage façade: synced records, queries over them, and the audit log.

Every synced record (offices, users' public fields, vehicles, firms, sites, instruments, jobs,
assignments) is written only through `sync.server.records.write_record`, so that devices get
it by sync; this module adds what the API needs around it — validation against the domain
schema (422 with a message per field, nothing stored), the caller's permission check,
version checks (412), and filtered, paged queries. A write reads the record once, loads the
change once (`sync.server.record_change.load_change`) and hands the row it read to
`write_record`, which writes the audit entry (field→[old, new]) in the same transaction.
Views call these functions and nothing below them; a PostgreSQL backend would replace this
module and the sync server half, nothing else.

    >>> changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4})
    {'b': [2, 3], 'c': [None, 4]}
"""

import json

from flask_smorest import abort

from domain.ids import new_record_id
from domain.records import ENVELOPE, RecordInvalid, validate_record
from server.database.clock import iso
from sync.server.audit import append_audit
from sync.server.record_change import load_change
from sync.server.records import (
    RecordExists,
    RecordMissing,
    get_record,
    list_records,
    record_of,
    write_record,
)
from sync.server.stored_row import read_row
from sync.transaction import transaction

__all__ = ["get_record", "transaction"]


def new_id():
    """A new record id: a lower-case UUIDv7 string (`domain.ids`)."""
    return new_record_id()


def changed_fields(before, after):
    """`{field: [old, new]}` for every domain field whose value differs."""
    keys = sorted((set(before) | set(after)) - set(ENVELOPE))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def domain_fields(record):
    """A stored record without its sync envelope."""
    return {k: v for k, v in record.items() if k not in ENVELOPE}


def validate(collection, fields, *, partial=False):
    """The fields as loaded by the collection's domain schema; 422 naming each bad field."""
    try:
        return validate_record(collection, fields, partial=partial)
    except RecordInvalid as error:
        abort(422, errors={"json": error.messages})


def audit(db, actor, action, collection=None, record_id=None, changes=None):
    """Append one audit entry for an event that is not a record write (login, revoke...).

    Record writes are audited by `write_record` itself, in the same transaction; both go
    through `sync.server.audit.append_audit` (one statement, one clock, one precision).
    """
    append_audit(db, actor, action, collection, record_id, changes)


def _missing(collection, record_id):
    abort(404, message=f"No {collection} record with id {record_id}.")


def fetch(db, collection, record_id, *, include_deleted=False):
    """The record, or 404 when it does not exist (or is deleted)."""
    record = get_record(db, collection, record_id)
    if record is None or (record.get("deleted") and not include_deleted):
        _missing(collection, record_id)
    return record


def _live_row(db, collection, record_id):
    """The record's stored row, or 404 when it does not exist (or is deleted)."""
    row = read_row(db, collection, record_id)
    if row is None or row.deleted:
        _missing(collection, record_id)
    return row


def check_version(record, expected_version):
    """412 when the client edited an older version than the stored one."""
    if expected_version is not None and expected_version != record["version"]:
        abort(
            412,
            message=f"The record is at version {record['version']}, "
            f"not {expected_version}: reload it and apply the change again.",
            errors={"version": [record["version"]]},
        )


def _write(db, collection, record_id, fields, actor, op, stored):
    """write_record with the row already read, the store's refusals turned into 409 / 404."""
    try:
        return write_record(db, collection, record_id, fields, actor=actor, op=op, stored=stored)
    except RecordExists:
        abort(409, message=f"A {collection} record with id {record_id} already exists.")
    except RecordMissing:
        _missing(collection, record_id)


def create(db, collection, fields, actor, *, authorize=None):
    """Validate and store a new record (the client may choose its id); returns it.

    `authorize(None, fields)` — the caller's permission check (403) — runs once the fields
    are valid, before anything is written.
    """
    fields = {**fields, "id": fields.get("id") or new_id()}
    loaded = validate(collection, fields)
    if authorize:
        authorize(None, fields)
    with transaction(db):
        stored = read_row(db, collection, loaded["id"])
        return _write(db, collection, loaded["id"], loaded, actor, "create", stored)


def _loaded_change(collection, record_id, before, fields):
    try:
        return load_change(collection, record_id, domain_fields(before), fields)
    except RecordInvalid as error:
        abort(422, errors={"json": error.messages})


def update(db, collection, record_id, fields, actor, *, expected_version=None, authorize=None):
    """Validate and apply a partial change to a live record; returns the new record.

    The record is read once and the change loaded once with it: a bad changed field is a
    422 naming it; then `authorize(record, fields)` (the caller's permission check, 403);
    then the version (412) and the merged record as a whole (cross-field rules such as a
    window that ends after it starts, 422).
    """
    with transaction(db):
        row = _live_row(db, collection, record_id)
        before = record_of(row)
        changes, problem = _loaded_change(collection, record_id, before, fields)
        if authorize:
            authorize(before, fields)
        if "id" in fields and fields["id"] != record_id:
            abort(422, errors={"json": {"id": ["The id of a record cannot change."]}})
        check_version(before, expected_version)
        if problem is not None:
            abort(422, errors={"json": problem.messages})
        return _write(db, collection, record_id, changes, actor, "update", row)


def delete(db, collection, record_id, actor, *, expected_version=None, authorize=None):
    """Soft-delete a record (a tombstone that devices receive by sync); `authorize(record)`
    is the caller's permission check (403), before the version check (412)."""
    with transaction(db):
        row = _live_row(db, collection, record_id)
        before = record_of(row)
        if authorize:
            authorize(before)
        check_version(before, expected_version)
        _write(db, collection, record_id, {}, actor, "delete", row)


def count_records(db, collection=None):
    """How many records are stored (all collections, or one) — tombstones included."""
    if collection is None:
        return db.execute("SELECT count(*) FROM records").fetchone()[0]
    sql = "SELECT count(*) FROM records WHERE collection = ?"
    return db.execute(sql, [collection]).fetchone()[0]


def count_audit(db):
    """How many audit entries exist."""
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def list_audit(db, *, filters, limit, offset):
    """Audit entries, newest first, filtered by equality on their columns."""
    where, params = ["1 = 1"], []
    for column in ("user_id", "device_id", "action", "collection", "record_id"):
        if filters.get(column) is not None:
            where.append(f"{column} = ?")
            params.append(filters[column])
    if filters.get("since") is not None:
        where.append("at >= ?")
        params.append(iso(filters["since"]))
    clause = " AND ".join(where)
    total = db.execute(f"SELECT count(*) FROM audit_log WHERE {clause}", params).fetchone()[0]
    cursor = db.execute(
        f"SELECT * FROM audit_log WHERE {clause} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    columns = [c[0] for c in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor]
    for row in rows:
        row["changes"] = json.loads(row["changes"])
    return rows, total


def list_all(db, collection):
    """Every live record of a (small) collection, e.g. the offices."""
    return list_records(db, collection, limit=10_000)
