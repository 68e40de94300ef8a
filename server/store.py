"""The server's storage façade: synced records, queries over them, and the audit log.

Every synced record (offices, users' public fields, vehicles, firms, sites, instruments, jobs,
assignments) is written only through `sync.server.records.write_record`, so that devices get
it by sync; this module adds what the API needs around it — validation against the domain
schema (422 with a message per field, nothing stored), version checks (412), an audit entry
with field→[old, new] for every write, and filtered, paged queries. Views call these
functions and nothing below them; a PostgreSQL backend would replace this module and the sync
server half, nothing else.

    >>> changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4})
    {'b': [2, 3], 'c': [None, 4]}
"""

import json

from flask_smorest import abort

from domain.ids import new_record_id
from domain.records import RecordInvalid, validate_record
from server.clock import iso, now
from sync.server.records import (
    RecordExists,
    RecordMissing,
    get_record,
    list_records,
    write_record,
)
from sync.transaction import transaction

__all__ = ["get_record", "transaction"]

#: Envelope fields the server sets; never accepted from a client, never diffed.
ENVELOPE = ("version", "deleted", "updated_seq")


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

    Record writes are audited by `write_record` itself, in the same transaction.
    """
    db.execute(
        "INSERT INTO audit_log (at, user_id, device_id, action, collection, record_id, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            iso(now()),
            actor.user_id,
            actor.device_id,
            action,
            collection,
            record_id,
            json.dumps(changes or {}, ensure_ascii=False, default=str),
        ],
    )


def fetch(db, collection, record_id, *, include_deleted=False):
    """The record, or 404 when it does not exist (or is deleted)."""
    record = get_record(db, collection, record_id)
    if record is None or (record.get("deleted") and not include_deleted):
        abort(404, message=f"No {collection} record with id {record_id}.")
    return record


def check_version(record, expected_version):
    """412 when the client edited an older version than the stored one."""
    if expected_version is not None and expected_version != record["version"]:
        abort(
            412,
            message=f"The record is at version {record['version']}, "
            f"not {expected_version}: reload it and apply the change again.",
            errors={"version": [record["version"]]},
        )


def _write(db, collection, record_id, fields, actor, op):
    """write_record, with the store's refusals turned into 409 / 404."""
    try:
        return write_record(db, collection, record_id, fields, actor=actor, op=op)
    except RecordExists:
        abort(409, message=f"A {collection} record with id {record_id} already exists.")
    except RecordMissing:
        abort(404, message=f"No {collection} record with id {record_id}.")


def create(db, collection, fields, actor):
    """Validate and store a new record (the client may choose its id); returns it."""
    fields = {**fields, "id": fields.get("id") or new_id()}
    loaded = validate(collection, fields)
    return _write(db, collection, loaded["id"], loaded, actor, "create")


def update(db, collection, record_id, fields, actor, *, expected_version=None):
    """Validate and apply a partial change to a live record; returns the new record.

    The changed fields are checked on their own (a message per bad field) and then the
    merged record as a whole (cross-field rules such as a window that ends after it starts).
    """
    if "id" in fields and fields["id"] != record_id:
        abort(422, errors={"json": {"id": ["The id of a record cannot change."]}})
    with transaction(db):
        before = fetch(db, collection, record_id)
        check_version(before, expected_version)
        changes = validate(collection, {**fields, "id": record_id}, partial=True)
        validate(collection, {**domain_fields(before), **changes})
        return _write(db, collection, record_id, changes, actor, "update")


def delete(db, collection, record_id, actor, *, expected_version=None):
    """Soft-delete a record (a tombstone that devices receive by sync)."""
    with transaction(db):
        check_version(fetch(db, collection, record_id), expected_version)
        _write(db, collection, record_id, {}, actor, "delete")


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
