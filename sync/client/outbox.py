"""`outbox`: every local edit as a mutation with a gapless per-device id. All SQL on `outbox`
is here.

A mutation's `state`: `pending` (to push), `rejected` (refused; visible with its `error` until
fixed), `acked` (acknowledged; kept — the newest `KEEP_ACKED` — so a server restored from an
older backup can be given them again), `superseded` (folded into a later save, discarded or
purged). `add_mutation` runs in the transaction that writes the record, so an edit and its
mutation exist together or not at all (Replicache's rule). Functions run inside the caller's
transaction.
"""

import orjson

from sync.client.database import dumps
from sync.client.meta import get_meta, set_meta, take_mutation_id

UNSETTLED = ("pending", "rejected")
REFUSED = ("rejected", "superseded")
# Every text value in the fields of pending mutations (blob hashes among them), for
# `sha256 IN (...)`: one pass over the outbox, not one per blob.
PENDING_TEXTS = (
    "SELECT tree.value FROM outbox, json_tree(outbox.fields) AS tree "
    "WHERE outbox.state = 'pending' AND tree.type = 'text'"
)
# Pending mutations, and refused ones a restored server no longer has (id above its last).
TO_SEND = "(state = 'pending' OR (state IN ('rejected', 'superseded') AND mutation_id > ?))"
NO_REFILL = 1 << 62
WIRE_COLUMNS = "mutation_id, collection, record_id, op, base_version, fields"
WIRE_KEYS = ("mutation_id", "collection", "record_id", "op", "base_version")


# --- local edits ----------------------------------------------------------------------


def _of_record(db, columns, collection, record_id, condition, params=()):
    """`columns` of the record's mutations that meet `condition`, oldest first."""
    return db.execute(
        f"SELECT {columns} FROM outbox WHERE collection = ? AND record_id = ? "
        f"AND {condition} ORDER BY mutation_id",
        [collection, record_id, *params],
    ).fetchall()


def add_mutation(db, collection, record_id, op, base_version, fields):
    """Append a pending mutation; returns its id."""
    mutation_id = take_mutation_id(db)
    db.execute(
        f"INSERT INTO outbox ({WIRE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [mutation_id, collection, record_id, op, base_version, dumps(fields)],
    )
    return mutation_id


def fold_rejected(db, collection, record_id, fields):
    """A new save carries the fields of the record's rejected edits it fixes (they are replaced).

    Without this, a fix of one bad field would silently drop the good fields that were
    rejected together with it.
    """
    rows = _of_record(db, "fields", collection, record_id, "state = 'rejected'")
    folded = {}
    for (earlier,) in rows:
        folded.update(orjson.loads(earlier))
    supersede_rejected(db, collection, record_id)
    return {**folded, **fields}


def supersede_rejected(db, collection, record_id):
    """Give up the record's rejected edits (fixed by a later save, discarded, or purged)."""
    db.execute(
        "UPDATE outbox SET state = 'superseded' WHERE collection = ? AND record_id = ? "
        "AND state = 'rejected'",
        [collection, record_id],
    )


def has_pending_create(db, collection, record_id):
    """True while the record's create waits to be pushed."""
    condition = "op = 'create' AND state = 'pending'"
    return bool(_of_record(db, "1", collection, record_id, condition))


def unsettled_mutations(db, collection, record_id, states=UNSETTLED):
    """The record's mutations in the given states, oldest first: [(op, fields), ...]."""
    condition = f"state IN ({','.join('?' for _ in states)})"
    rows = _of_record(db, "op, fields", collection, record_id, condition, states)
    return [(op, orjson.loads(fields)) for op, fields in rows]


def has_pending(db, collection, record_id):
    """True while the record has a mutation the server has not answered."""
    return bool(unsettled_mutations(db, collection, record_id, ("pending",)))


def unsettled_keys(db):
    """The (collection, id) of every record with a pending or rejected mutation."""
    marks = ",".join("?" for _ in UNSETTLED)
    rows = db.execute(
        f"SELECT DISTINCT collection, record_id FROM outbox WHERE state IN ({marks})", UNSETTLED
    ).fetchall()
    return {tuple(row) for row in rows}


def record_state(db, collection, record_id):
    """What the app shows beside a record: pending edits and the errors of rejected ones."""
    condition = "state IN ('pending', 'rejected')"
    rows = _of_record(db, "state, error", collection, record_id, condition)
    return {
        "pending": sum(1 for state, _ in rows if state == "pending"),
        "errors": [orjson.loads(error) for state, error in rows if state == "rejected" and error],
    }


def unsettled_by_record(db):
    """`{(collection, id): {"pending": n, "rejected": n}}` of every record with unsettled
    mutations (one read, for badges on long lists)."""
    rows = db.execute(
        "SELECT collection, record_id, state, count(*) FROM outbox "
        "WHERE state IN ('pending', 'rejected') GROUP BY collection, record_id, state"
    ).fetchall()
    found = {}
    for collection, record_id, state, n in rows:
        found.setdefault((collection, record_id), {"pending": 0, "rejected": 0})[state] = n
    return found


def counts(db):
    """How many mutations are pending and how many rejected."""
    pending, rejected = db.execute(
        "SELECT count(*) FILTER (WHERE state = 'pending'), "
        "count(*) FILTER (WHERE state = 'rejected') FROM outbox"
    ).fetchone()
    return {"pending": pending, "rejected": rejected}


# --- pushing --------------------------------------------------------------------------


def _server_last(db):
    """The `last_mutation_id` of the latest push answer (refused mutations above it are
    re-sent); unknown → nothing is re-sent."""
    return int(get_meta(db, "server_last_mutation_id", NO_REFILL))


def _wire(row):
    mutation = {**dict(zip(WIRE_KEYS, row[:5], strict=True)), "fields": orjson.loads(row[5])}
    if len(row) > 6 and row[6] != "pending":  # a refill: the id, never the refused effect
        mutation.update(op="update", base_version=mutation["base_version"] or 1, fields={})
    return mutation


def pending_batch(db, limit, *, after=0):
    """The oldest pending mutations with ids above `after`, in wire shape (SYNC-PROTOCOL §2).

    Mutation ids are gapless: a server restored from a backup wants again the ids it had
    refused too. Those are re-sent as updates that change nothing (refills); their answer
    is ignored and they stay refused on the device.
    """
    rows = db.execute(
        f"SELECT {WIRE_COLUMNS}, state FROM outbox "
        f"WHERE {TO_SEND} AND mutation_id > ? ORDER BY mutation_id LIMIT ?",
        [_server_last(db), after, limit],
    ).fetchall()
    return [_wire(row) for row in rows]


def probe_mutation(db):
    """The newest acknowledged mutation, resent to learn where a restored server stands."""
    rows = db.execute(
        f"SELECT {WIRE_COLUMNS} FROM outbox WHERE state = 'acked' ORDER BY mutation_id DESC LIMIT 1"
    ).fetchall()
    return [_wire(row) for row in rows]


def gap_unfillable(db, last_mutation_id):
    """True when the server wants mutations from `last + 1` that this device no longer holds."""
    sql = f"SELECT min(mutation_id) FROM outbox WHERE {TO_SEND}"
    row = db.execute(sql, [last_mutation_id]).fetchone()
    return row[0] is not None and row[0] > last_mutation_id + 1


def is_refused(db, mutation_id):
    """True for a mutation the server refused (or a refused one given up since)."""
    row = db.execute("SELECT state FROM outbox WHERE mutation_id = ?", [mutation_id]).fetchone()
    return row is not None and row[0] in REFUSED


def mark_acked(db, mutation_id, now):
    """The server acknowledged the mutation (applied, merged, or applied with a conflict)."""
    db.execute(
        "UPDATE outbox SET state = 'acked', acked_at = ?, error = NULL WHERE mutation_id = ?",
        [now, mutation_id],
    )


def mark_rejected(db, mutation_id, error):
    """The server refused the mutation: it stays visible with `error` until fixed."""
    db.execute(
        "UPDATE outbox SET state = 'rejected', error = ? WHERE mutation_id = ?",
        [dumps(error), mutation_id],
    )


def reopen_after(db, last_mutation_id):
    """Make acknowledged mutations the server no longer has (id > its last) pending again;
    return the (collection, record_id) of each. Refused ids above it are re-sent as refills."""
    set_meta(db, "server_last_mutation_id", last_mutation_id)
    rows = db.execute(
        "SELECT collection, record_id FROM outbox WHERE state = 'acked' AND mutation_id > ?",
        [last_mutation_id],
    ).fetchall()
    db.execute(
        "UPDATE outbox SET state = 'pending', acked_at = NULL "
        "WHERE state = 'acked' AND mutation_id > ?",
        [last_mutation_id],
    )
    return [tuple(row) for row in rows]


def prune_acked(db, keep):
    """Forget all but the newest `keep` acknowledged mutations.

    By count, not by the device clock (which may be years off): enough to cover the
    server's retention window at a busy inspector's pace.
    """
    db.execute(
        "DELETE FROM outbox WHERE state = 'acked' AND mutation_id < (SELECT "
        "min(mutation_id) FROM (SELECT mutation_id FROM outbox WHERE state = 'acked' "
        "ORDER BY mutation_id DESC LIMIT ?))",
        [keep],
    )
