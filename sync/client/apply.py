"""Phase 4 of a sync run: apply what the server sends — each push answer and each pulled
page — to the replica, each in one local transaction.

A push answer settles the mutations it answers: the server's copy of each record is kept
and the visible copy re-based on it; a rejection stays visible with its error and a notice.
A `last_mutation_id` below what the device sent means a server restored from a backup: the
acknowledged mutations above it become pending again.

A page is applied and its cursor stored in one transaction, so a crash leaves the old state
or the new one. Pulled data becomes the record's server copy; the visible copy is re-based on
it, so an edit that is not pushed yet is never overwritten. A `removed` record is purged —
after its pending edits are pushed, if it has any.

A full resync (new epoch, or `410`) marks every record `stale`; the re-pull clears the mark of
every record it sends, and when it reaches the end, records still stale (the server no longer
has them for this device) are purged unless they hold edits to push.

`replica.hook(step)` is called at the named steps, so tests can kill the app between any two.
"""

from dataclasses import dataclass

import orjson

from sync.client import blobs, meta, notices, outbox, records
from sync.client.database import relaxed_durability
from sync.client.pulled_change import PulledChange
from sync.transaction import transaction

SETTLING = ("applied", "merged", "conflict")


@dataclass(frozen=True)
class PushOutcome:
    """What one push answer did: its statuses, whether to retry, and where the server stands."""

    statuses: tuple
    retry: bool
    last_mutation_id: int
    epoch_changed: bool
    reopened: int


def apply_push_answer(replica, sent, answer, now, *, probe=False):
    """Apply a push answer — epoch, `last_mutation_id` and results — in one transaction.

    MUST apply the results in order up to the first `retry`, and nothing after it.
    MUST make the mutations the server does not have (id above its `last_mutation_id`)
    pending again, with their blobs to be checked again.
    MUST keep a rejected mutation's record visible with its error and a notice.
    MUST NOT take a probe's record as the local copy (the full re-pull brings the current
    one), nor change a refused mutation re-sent to a restored server (a refill).
    """
    last = int(answer.get("last_mutation_id") or 0)
    by_id = {m["mutation_id"]: m for m in sent}
    statuses, retry = [], False
    with transaction(replica.db) as db:
        changed = meta.epoch_changed(db, answer.get("epoch"))
        if changed:
            start_full_resync(db, answer["epoch"])
        else:
            meta.adopt_epoch(db, answer.get("epoch"))
        replica.hook("push:epoch")
        for result in answer.get("results") or []:
            mutation = by_id.get(result.get("mutation_id"))
            if mutation is None:
                continue
            status = apply_result(db, mutation, result, now, keep_local=probe)
            statuses.append(status)
            replica.hook("push:result")
            if status == "retry":
                retry = True
                break
        reopened = reopen_after(db, last)
        meta.set_meta(db, "position_unknown", None)
        replica.hook("push:commit")
    replica.hook("push:committed")
    return PushOutcome(tuple(statuses), retry, last, changed, reopened)


def apply_result(db, mutation, result, now, *, keep_local=False):
    """Apply one result; returns its status. `retry` changes nothing, nor does the answer
    to a refill (a refused mutation re-sent to a restored server: it stays refused)."""
    status = result.get("status")
    if status != "retry" and outbox.is_refused(db, mutation["mutation_id"]):
        return status
    if status in SETTLING:
        _settle(db, mutation, result, now, keep_local=keep_local)
        if status == "conflict":
            notices.add(db, "conflict", {"fields": mutation["fields"], **result}, now, mutation)
    elif status == "rejected":
        _reject(db, mutation, result, now)
    return status


def _settle(db, mutation, result, now, *, keep_local):
    outbox.mark_acked(db, mutation["mutation_id"], now)
    record = result.get("record")
    collection, record_id = mutation["collection"], mutation["record_id"]
    row = records.freshness(db, collection, record_id)
    # A duplicate's stored result may be older than what a pull brought since.
    older = record and row and not row[1] and (row[0] or 0) > record["version"]
    if record and not keep_local and not older:
        records.store_server_copy(db, collection, record_id, record)
    else:
        records.rebase(db, collection, record_id)
    if row and row[2]:
        records.purge_if_due(db, collection, record_id)


def _reject(db, mutation, result, now):
    error = result.get("error") or {"code": "rejected", "message": "rejected by the server"}
    outbox.mark_rejected(db, mutation["mutation_id"], error)
    notices.add(db, "rejected", {"error": error, "fields": mutation["fields"]}, now, mutation)
    records.rebase(db, mutation["collection"], mutation["record_id"])
    records.purge_if_due(db, mutation["collection"], mutation["record_id"])


def reopen_after(db, last_mutation_id):
    """Make acknowledged mutations the server no longer has (id > its last) pending again;
    return how many.

    Only a server restored from a backup answers with a `last_mutation_id` below what it
    acknowledged; a record purged since gets a row again, to be purged after the push. The
    blobs those mutations reference become pending again: the server may have lost them too.
    """
    reopened = outbox.reopen_after(db, last_mutation_id)
    if reopened:
        blobs.recheck_after(db, last_mutation_id)
    for collection, record_id in set(reopened):
        records.ensure_row(db, collection, record_id, purge_pending=True)
        records.rebase(db, collection, record_id)
    return len(reopened)


def apply_page(replica, page):
    """Apply a pulled page and store its cursor in one transaction.

    MUST apply every change of the page and store its cursor in one local transaction.
    MUST NOT let pulled data overwrite an edit not yet pushed: it becomes the server copy and
    the edit is re-based on it.
    MUST purge a `removed` record only once no mutation of it is pending; a job removed
    takes the records hanging off it.
    MUST at the end of a full resync purge what the server did not send again, except
    records with edits still to push.
    A page is re-fetchable with its cursor, so it is committed without a storage sync; the
    next local save syncs it too.
    """
    with relaxed_durability(replica.db), transaction(replica.db) as db:
        replica.hook("pull:begin")
        writer = PageWriter(db)
        for change in page.get("changes") or []:
            writer.apply(change)
            replica.hook("pull:change")
        writer.flush()
        finish_page(db, page)
        replica.hook("pull:cursor")
    replica.hook("pull:committed")


def apply_change(db, change):
    """Apply one change of a page: a record put, or `removed` (a job takes its children)."""
    collection, record_id = change["collection"], change["id"]
    if change.get("removed"):
        family = records.job_children(db, record_id) if collection == "jobs" else []
        for key in [(collection, record_id), *family]:
            records.purge_or_defer(db, *key)
        return
    record = {**(change.get("data") or {}), "version": change.get("version")}
    record["deleted"] = bool(change.get("deleted"))
    records.store_server_copy(db, collection, record_id, record)
    records.clear_purge_pending(db, collection, record_id)


def _plain_put_row(change):
    """The row of a put stored as it came, or None (a `removed`: apply it as values).

    A `PulledChange` (HTTP pulls) gives its data bytes untouched; a dict change is encoded.
    """
    if isinstance(change, PulledChange):
        return change.storage_row()
    if change.get("removed"):
        return None
    record_id = change["id"]
    text = orjson.dumps(records.stored_form(change.get("data") or {}, record_id))
    deleted = int(bool(change.get("deleted")))
    return (change["collection"], record_id, change.get("version"), deleted, text, deleted)


class PageWriter:
    """Applies a page's changes in order, as `apply_change` does, with a fast path.

    A put of a record without unsettled edits (nearly every change of an initial pull) is
    buffered and written in one batch; anything else (a `removed`, a record with edits to
    re-base on the new copy) first flushes the buffer, then goes through `apply_change`, so
    the order of the page is kept. `flush()` before leaving the transaction.
    """

    def __init__(self, db):
        self.db = db
        self.unsettled = outbox.unsettled_keys(db)
        self.rows = []

    def apply(self, change):
        """Apply (or buffer) one change of the page: a dict, or a `PulledChange`."""
        row = None if self._unsettled(change) else _plain_put_row(change)
        if row is None:
            self.flush()
            apply_change(self.db, change.as_dict() if isinstance(change, PulledChange) else change)
            return
        self.rows.append(row)

    def _unsettled(self, change):
        if isinstance(change, PulledChange):
            return (change.collection, change.id) in self.unsettled
        return (change["collection"], change["id"]) in self.unsettled

    def flush(self):
        """Write the buffered puts."""
        if self.rows:
            records.put_plain(self.db, self.rows)
            self.rows = []


def finish_page(db, page):
    """Store the page's cursor (and epoch); at the end of a full resync, sweep."""
    meta.set_meta(db, "cursor", page.get("cursor"))
    meta.adopt_epoch(db, page.get("epoch"))
    if not page.get("has_more") and meta.get_meta(db, "full_resync"):
        records.sweep_stale(db)
        meta.set_meta(db, "full_resync", None)


def start_full_resync(db, epoch=None):
    """Discard the cursor and pull everything again; the server may have lost mutations too
    (`position_unknown`: the next push first asks it where it stands)."""
    meta.set_meta(db, "cursor", None)
    meta.set_meta(db, "full_resync", 1)
    meta.set_meta(db, "position_unknown", 1)
    if epoch:
        meta.set_meta(db, "epoch", epoch)
    records.mark_all_stale(db)
