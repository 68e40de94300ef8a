"""Applying one mutation: validate, authorise, merge or decide conflicts, enforce the domain
rules, write, and say what happened.

`apply_mutation(db, actor, mutation)` runs inside push's per-mutation transaction and
returns the result entry (SYNC-PROTOCOL §2); any `Rejected` it raises is answered as
`rejected` by push after rolling the mutation back. Statuses:

- `applied` — made on the stored version (or changing nothing);
- `merged` — made on a stale version, but nobody else touched the sent fields since;
- `conflict` — another writer changed a sent field since the base; ownership decided and the
  losing values are in `conflicts` entries (named in the result's `error`, code `conflict`).

A `create` of a record that already exists is read as an edit made on version 1 — the
device re-sending its own create (e.g. after the server was restored from a backup) —
so nothing is duplicated and nothing another writer changed since is silently replaced.
"""

from domain.records import RecordInvalid, validate_record
from sync.server.attachments import (
    blob_hashes,
    incomplete_flag,
    link_blobs,
    without_server_fields,
)
from sync.server.conflicts import conflict_error, effective_changes, resolve_stale, store_conflicts
from sync.server.evidence import (
    check_amends,
    check_assignees,
    check_immutable,
    check_instrument_copy,
    check_job_transition,
    flag_cancelled_job,
    job_of_result,
    judged_fields,
)
from sync.server.outcome import Rejected, result
from sync.server.permissions import Write, check_permission
from sync.server.record_change import load_change
from sync.server.records import record_of, write_record
from sync.server.stored_row import read_row
from sync.wire import load_mutation


def _load(raw):
    mutation, messages = load_mutation(raw)
    if mutation is None:
        raise Rejected("validation", "The mutation is malformed.", messages)
    return mutation


def _refused(invalid):
    return Rejected("validation", str(invalid), invalid.messages)


def _same_id(record_id, fields):
    if "id" in fields and fields["id"] != record_id:
        raise Rejected(
            "validation", "The record's id cannot change.", {"id": ["Must equal record_id."]}
        )


def _validated(collection, record_id, fields, *, partial):
    _same_id(record_id, fields)
    try:
        loaded = validate_record(collection, {**fields, "id": record_id}, partial=partial)
    except RecordInvalid as invalid:
        raise _refused(invalid) from invalid
    if partial:
        loaded = {k: v for k, v in loaded.items() if k in fields}
    return loaded


def _loaded_change(collection, record_id, old, sent):
    """(the sent fields as loaded, the whole record's `RecordInvalid` or None) for an update
    (`sync.server.record_change.load_change`): a sent field bad in itself is refused now."""
    _same_id(record_id, sent)
    try:
        return load_change(collection, record_id, old, sent)
    except RecordInvalid as invalid:
        raise _refused(invalid) from invalid


def _whole_record_checked(collection, record_id, merged, problem, losses):
    """Refuse an update whose merged record is invalid as a whole.

    The merged record was loaded once with every sent field (`problem`); it is loaded
    again only when a conflict kept some sent fields out of it.
    """
    if losses:
        _validated(collection, record_id, merged, partial=False)
    elif problem is not None:
        raise _refused(problem)


def _op_and_base(m, stored):
    """The op to run and its base: a create of a live record is an edit made on version 1."""
    live = stored is not None and stored.live
    if m["op"] == "create" and live:
        return "update", 1
    if m["op"] != "create" and not live:
        raise Rejected("missing", f"{m['collection']}/{m['record_id']} does not exist.")
    return m["op"], m["base_version"]


def _status(stored, base, losses):
    if losses:
        return "conflict"
    if stored is None or stored.deleted or base == stored.version:
        return "applied"
    return "merged"


def _complete_fields(db, actor, m, op, stored, old, fields, checked):
    """The fields to write once the full record is valid, judged and linked to its blobs."""
    collection, record_id = m["collection"], m["record_id"]
    merged = {**old, **fields, "id": record_id}
    if op == "update":
        _whole_record_checked(collection, record_id, merged, *checked)
    check_amends(db, actor, collection, merged)
    job = job_of_result(db, collection, merged)
    check_instrument_copy(db, collection, merged, job)
    check_assignees(db, collection, merged)
    judged = judged_fields(collection, merged, fields)
    merged.update(judged)
    hashes = blob_hashes(merged)
    link_blobs(db, actor, collection, record_id, hashes, linked=bool(stored and stored.live))
    was_incomplete = bool(stored and "incomplete" in stored.data)
    flag = incomplete_flag(db, collection, record_id)
    extra = {"incomplete": flag} if hashes or was_incomplete else {}
    return {**fields, **judged, **extra}, job


def _unchanged(db, m, stored, status, losses):
    """The answer to an update that changes nothing (identical, or every sent field lost)."""
    error = conflict_error(losses, store_conflicts(db, losses)) if losses else None
    return result(m["mutation_id"], status, record_of(stored), error)


def _sent_fields(m, op, old):
    """(the sent fields as loaded, whole-record problem) — see `_loaded_change`."""
    collection, record_id = m["collection"], m["record_id"]
    if op == "delete":
        return {}, None
    if op == "update":
        return _loaded_change(collection, record_id, old, m["fields"])
    return _validated(collection, record_id, m["fields"], partial=False), None


def apply_mutation(db, actor, raw):
    """Apply one raw mutation; returns its result or raises `Rejected`.

    MUST run inside the caller's transaction; MUST check permission and the domain rules
    before writing; MUST keep every losing value of a conflict. The record's row is read
    once and handed to `write_record`.
    """
    m = _load(raw)
    collection, record_id = m["collection"], m["record_id"]
    stored = read_row(db, collection, record_id)
    op, base = _op_and_base(m, stored)
    old = without_server_fields(stored.data) if stored and op != "create" else {}
    fields, problem = _sent_fields(m, op, old)
    office = stored.office_id if stored else None
    write = Write(collection, op, old, {**old, **fields}, frozenset(fields))
    check_permission(db, actor, write, office)
    if op == "update":
        fields = effective_changes(old, fields)
    if op == "delete" or fields:
        check_immutable(collection, old, op)
    losses = []
    if op == "update" and fields and base < stored.version:
        fields, losses = resolve_stale(db, collection, record_id, stored, fields, base, actor)
    if op == "update" and not fields:
        return _unchanged(db, m, stored, _status(stored, base, losses), losses)
    check_job_transition(actor, collection, old, fields)
    job = None
    if op != "delete":
        fields, job = _complete_fields(db, actor, m, op, stored, old, fields, (problem, losses))
    record = write_record(db, collection, record_id, fields, actor=actor, op=op, stored=stored)
    error = conflict_error(losses, store_conflicts(db, losses)) if losses else None
    if op != "delete":
        flag_cancelled_job(db, collection, record, job=job)
    return result(m["mutation_id"], _status(stored, base, losses), record, error)
