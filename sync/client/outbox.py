"""The outbox: local edits as mutations with gapless per-device ids, and what push answers do.

`add_mutation` runs in the transaction that writes the record, so an edit and its mutation
exist together or not at all (Replicache's rule). `apply_push_answer` applies one push answer
— its epoch, its `last_mutation_id` and every result — in one transaction. All functions run
inside the caller's transaction.
"""

import orjson

from sync.client.local_records import (
    dumps,
    ensure_row,
    purge_if_due,
    rebase,
    store_server_copy,
)
from sync.client.replica_schema import get_meta, set_meta

SETTLING = ("applied", "merged", "conflict")
# Every text value in the fields of pending mutations (blob hashes among them), for
# `sha256 IN (...)`: one pass over the outbox, not one per blob.
PENDING_TEXTS = (
    "SELECT tree.value FROM outbox, json_tree(outbox.fields) AS tree "
    "WHERE outbox.state = 'pending' AND tree.type = 'text'"
)


def take_mutation_id(db):
    """The next mutation id of this device (the caller's transaction makes it gapless)."""
    mutation_id = int(get_meta(db, "next_mutation_id", "1"))
    set_meta(db, "next_mutation_id", mutation_id + 1)
    return mutation_id


def fold_rejected(db, collection, record_id, fields):
    """A new save carries the fields of the record's rejected edits it fixes (they are replaced).

    Without this, a fix of one bad field would silently drop the good fields that were
    rejected together with it.
    """
    rows = db.execute(
        "SELECT mutation_id, op, fields FROM outbox WHERE collection = ? AND record_id = ? "
        "AND state = 'rejected' ORDER BY mutation_id",
        [collection, record_id],
    ).fetchall()
    folded = {}
    for _, _, earlier in rows:
        folded.update(orjson.loads(earlier))
    db.execute(
        "UPDATE outbox SET state = 'superseded' WHERE collection = ? AND record_id = ? "
        "AND state = 'rejected'",
        [collection, record_id],
    )
    return {**folded, **fields}


def add_mutation(db, collection, record_id, op, base_version, fields):
    """Append a pending mutation; returns its id."""
    mutation_id = take_mutation_id(db)
    db.execute(
        "INSERT INTO outbox (mutation_id, collection, record_id, op, base_version, fields) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [mutation_id, collection, record_id, op, base_version, dumps(fields)],
    )
    return mutation_id


REFUSED = ("rejected", "superseded")
# Pending mutations, and refused ones a restored server no longer has (id above its last).
TO_SEND = "(state = 'pending' OR (state IN ('rejected', 'superseded') AND mutation_id > ?))"
NO_REFILL = 1 << 62


def _server_last(db):
    """The `last_mutation_id` of the latest push answer (refused mutations above it are
    re-sent); unknown → nothing is re-sent."""
    return int(get_meta(db, "server_last_mutation_id", NO_REFILL))


def _wire(row):
    keys = ("mutation_id", "collection", "record_id", "op", "base_version")
    mutation = {**dict(zip(keys, row[:5], strict=True)), "fields": orjson.loads(row[5])}
    if row[6] != "pending":  # a refill: the server needs the id, never the refused effect
        mutation.update(op="update", base_version=mutation["base_version"] or 1, fields={})
    return mutation


def pending_batch(db, limit, *, after=0):
    """The oldest pending mutations with ids above `after`, in wire shape (SYNC-PROTOCOL §2).

    Mutation ids are gapless: a server restored from a backup wants again the ids it had
    refused too. Those are re-sent as updates that change nothing (refills); their answer
    is ignored and they stay refused on the device.
    """
    rows = db.execute(
        "SELECT mutation_id, collection, record_id, op, base_version, fields, state FROM outbox "
        f"WHERE {TO_SEND} AND mutation_id > ? ORDER BY mutation_id LIMIT ?",
        [_server_last(db), after, limit],
    ).fetchall()
    return [_wire(row) for row in rows]


def reopen_after(db, last_mutation_id):
    """Make acknowledged mutations the server no longer has (id > its last) pending again.

    Only a server restored from a backup answers with a `last_mutation_id` below what it
    acknowledged; a record purged since gets a row again, to be purged after the push. The
    blobs those mutations reference become pending again: the server may have lost them too.
    """
    set_meta(db, "server_last_mutation_id", last_mutation_id)  # refused ids above it: refills
    rows = db.execute(
        "SELECT collection, record_id FROM outbox WHERE state = 'acked' AND mutation_id > ?",
        [last_mutation_id],
    ).fetchall()
    db.execute(
        "UPDATE outbox SET state = 'pending', acked_at = NULL "
        "WHERE state = 'acked' AND mutation_id > ?",
        [last_mutation_id],
    )
    if rows:  # the restored server lost the blobs uploaded for them too: ask it (HEAD) first
        db.execute(
            "UPDATE blobs SET state = 'pending' WHERE state = 'uploaded' "
            f"AND sha256 IN ({PENDING_TEXTS} AND outbox.mutation_id > ?)",
            [last_mutation_id],
        )
    for collection, record_id in set(rows):
        ensure_row(db, collection, record_id, purge_pending=True)
        rebase(db, collection, record_id)
    return len(rows)


def gap_unfillable(db, last_mutation_id):
    """True when the server wants mutations from `last + 1` that this device no longer holds."""
    sql = f"SELECT min(mutation_id) FROM outbox WHERE {TO_SEND}"
    row = db.execute(sql, [last_mutation_id]).fetchone()
    return row[0] is not None and row[0] > last_mutation_id + 1


def probe_mutation(db):
    """The newest acknowledged mutation, resent to learn where a restored server stands."""
    rows = db.execute(
        "SELECT mutation_id, collection, record_id, op, base_version, fields FROM outbox "
        "WHERE state = 'acked' ORDER BY mutation_id DESC LIMIT 1"
    ).fetchall()
    keys = ("mutation_id", "collection", "record_id", "op", "base_version")
    return [
        {**dict(zip(keys, row[:5], strict=True)), "fields": orjson.loads(row[5])} for row in rows
    ]


def _is_refused(db, mutation_id):
    row = db.execute("SELECT state FROM outbox WHERE mutation_id = ?", [mutation_id]).fetchone()
    return row is not None and row[0] in REFUSED


def _notice(db, kind, mutation, detail, now):
    db.execute(
        "INSERT INTO notices (kind, collection, record_id, mutation_id, detail, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            kind,
            mutation["collection"],
            mutation["record_id"],
            mutation["mutation_id"],
            dumps(detail),
            now,
        ],
    )


def _settle(db, mutation, result, now, *, keep_local):
    db.execute(
        "UPDATE outbox SET state = 'acked', acked_at = ?, error = NULL WHERE mutation_id = ?",
        [now, mutation["mutation_id"]],
    )
    record = result.get("record")
    collection, record_id = mutation["collection"], mutation["record_id"]
    row = db.execute(
        "SELECT version, stale, purge_pending FROM records WHERE collection = ? AND id = ?",
        [collection, record_id],
    ).fetchone()
    # A duplicate's stored result may be older than what a pull brought since.
    older = record and row and not row[1] and (row[0] or 0) > record["version"]
    if record and not keep_local and not older:
        store_server_copy(db, collection, record_id, record)
    else:
        rebase(db, collection, record_id)
    if row and row[2]:
        purge_if_due(db, collection, record_id)


def _reject(db, mutation, result, now):
    error = result.get("error") or {"code": "rejected", "message": "rejected by the server"}
    db.execute(
        "UPDATE outbox SET state = 'rejected', error = ? WHERE mutation_id = ?",
        [dumps(error), mutation["mutation_id"]],
    )
    _notice(db, "rejected", mutation, {"error": error, "fields": mutation["fields"]}, now)
    rebase(db, mutation["collection"], mutation["record_id"])
    purge_if_due(db, mutation["collection"], mutation["record_id"])


def apply_result(db, mutation, result, now, *, keep_local=False):
    """Apply one result; returns its status. `retry` changes nothing, nor does the answer
    to a refill (a refused mutation re-sent to a restored server: it stays refused)."""
    status = result.get("status")
    if status != "retry" and _is_refused(db, mutation["mutation_id"]):
        return status
    if status in SETTLING:
        _settle(db, mutation, result, now, keep_local=keep_local)
        if status == "conflict":
            _notice(db, "conflict", mutation, {"fields": mutation["fields"], **result}, now)
    elif status == "rejected":
        _reject(db, mutation, result, now)
    return status
