"""Push: apply a device's mutations exactly once, in order, one outcome each (SYNC-PROTOCOL §2).

Replicache's push contract: mutation ids are per device, gapless and increasing. A mutation's
effect, its result in `mutation_results` and the device's raised `last_mutation_id` are
written in one transaction — so a crash leaves either the mutation applied and acknowledged,
or neither. Mutations are committed in groups of up to `GROUP_SIZE` (each in its own
savepoint, so a rejected one is rolled back alone): one commit — one fsync — per group
instead of per mutation, while the write lock is held only for a fraction of a second.
A savepoint costs SQLite a copy of every page the mutation changes, so a group is first
applied without them: a mutation refused before it wrote anything (almost every refusal)
needs no rollback; one that fails after writing rolls the whole group back, and the group
is applied again with a savepoint per mutation.
A duplicate (id <= last) is answered with the result stored the first time and never applied
again; a gap (id > last + 1) stops the push with `retry` for it and every later mutation. One
bad mutation is `rejected` (and counted as processed); the queue behind it goes on.

A stream belongs to one device **and** one user: `last_mutation_id` and the stored results are
kept per (device_id, user_id), the user taken from the token (the body names only the device).
So a user who gets a token on another user's device id pushes into a stream of their own: they
can neither read the other user's stored results nor make the other user's next mutation look
like a duplicate.

    apply_push(db, {"device_id": "...", "mutations": [...]}, actor=actor)
    # → {"epoch": "...", "last_mutation_id": 41, "results": [...]}
"""

import logging
import sqlite3

from sync.codec import dumps, loads
from sync.errors import SyncRequestError
from sync.server.clock import utc_now
from sync.server.mutations import apply_mutation
from sync.server.outcome import Rejected, rejected, result
from sync.server.schema import get_epoch
from sync.transaction import transaction
from sync.wire import load_push_request

MAX_MUTATIONS_PER_PUSH = 500
GROUP_SIZE = 250  # mutations per commit: one fsync each; the write lock is held ~0.25 s
log = logging.getLogger(__name__)


def last_mutation_id(db, device_id, user_id):
    """The id of the last mutation processed in the user's stream on the device (0 if none)."""
    row = db.execute(
        "SELECT last_mutation_id FROM devices WHERE device_id = ? AND user_id = ?",
        [device_id, user_id],
    ).fetchone()
    return row[0] if row else 0


def _register_device(db, actor):
    with transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO devices (device_id, user_id, last_mutation_id, created_at) "
            "VALUES (?, ?, 0, ?)",
            [actor.device_id, actor.user_id, utc_now()],
        )
        db.execute(
            "UPDATE devices SET last_seen_at = ? WHERE device_id = ? AND user_id = ?",
            [utc_now(), actor.device_id, actor.user_id],
        )


def _stored_result(db, actor, mutation_id):
    row = db.execute(
        "SELECT result FROM mutation_results "
        "WHERE device_id = ? AND user_id = ? AND mutation_id = ?",
        [actor.device_id, actor.user_id, mutation_id],
    ).fetchone()
    if row:
        return loads(row[0])
    message = "Already processed; its original result is no longer kept."
    return result(mutation_id, "applied", error={"code": "duplicate", "message": message})


class _WroteThenFailed(Exception):
    """A mutation applied without a savepoint failed after writing: redo the group guarded."""


def _guarded_outcome(db, actor, raw):
    try:
        with transaction(db):
            return apply_mutation(db, actor, raw)
    except Rejected as rejection:
        return rejected(raw["mutation_id"], rejection)
    except sqlite3.OperationalError:
        raise
    except Exception:  # a server bug must not block the device's queue forever
        log.exception("mutation %s of device %s failed", raw["mutation_id"], actor.device_id)
        internal = Rejected("internal", "The server could not apply this mutation; save again.")
        return rejected(raw["mutation_id"], internal)


def _optimistic_outcome(db, actor, raw):
    """The outcome of a mutation applied without a savepoint.

    MUST raise `_WroteThenFailed` when it fails after changing a row (`total_changes`
    counts every row an INSERT, UPDATE or DELETE changed): only the group's rollback undoes it.
    """
    written_before = db.conn.total_changes
    try:
        return apply_mutation(db, actor, raw)
    except Rejected as rejection:
        if db.conn.total_changes != written_before:
            raise _WroteThenFailed from rejection
        return rejected(raw["mutation_id"], rejection)
    except sqlite3.OperationalError:
        raise
    except Exception as error:
        raise _WroteThenFailed from error


def _store_result(db, actor, outcome):
    db.execute(
        "INSERT INTO mutation_results (device_id, user_id, mutation_id, result) "
        "VALUES (?, ?, ?, ?)",
        [actor.device_id, actor.user_id, outcome["mutation_id"], dumps(outcome)],
    )


def _raise_last(db, actor, last):
    db.execute(
        "UPDATE devices SET last_mutation_id = ? WHERE device_id = ? AND user_id = ?",
        [last, actor.device_id, actor.user_id],
    )


def _apply_group(db, actor, group):
    """(results, gap) for consecutive mutations applied and committed in one transaction.

    Each mutation's effect and its stored result are written in that transaction, and the
    stream's `last_mutation_id` (the actor's device and user) is raised in it too — read once
    at its start: the write lock is held from there, so two pushes in one stream can never
    apply a mutation twice.
    Stops at a gap (its `last_mutation_id` is returned); what came before it is committed.
    """
    try:
        return _apply_group_as(db, actor, group, _optimistic_outcome)
    except _WroteThenFailed:  # the group was rolled back: nothing of it is kept
        return _apply_group_as(db, actor, group, _guarded_outcome)


def _apply_group_as(db, actor, group, outcome_of):
    results, gap = [], None
    with transaction(db):
        start = last = last_mutation_id(db, actor.device_id, actor.user_id)
        for raw in group:
            mutation_id = raw["mutation_id"]
            if mutation_id <= last:
                results.append(_stored_result(db, actor, mutation_id))
                continue
            if mutation_id > last + 1:
                gap = last
                break
            outcome = outcome_of(db, actor, raw)
            _store_result(db, actor, outcome)
            results.append(outcome)
            last = mutation_id
        if last != start:
            _raise_last(db, actor, last)
    return results, gap


def _check_request(body, actor):
    request = load_push_request(body)
    if len(request["mutations"]) > MAX_MUTATIONS_PER_PUSH:
        raise SyncRequestError(
            413, f"At most {MAX_MUTATIONS_PER_PUSH} mutations per push; send the rest next."
        )
    if actor.user_id is None or actor.device_id is None:
        raise SyncRequestError(403, "Only a user's device token may push.")
    if request["device_id"] != actor.device_id:
        raise SyncRequestError(403, "This push's device_id is not the device of the token.")
    return request


def _retry_all(mutations, last):
    error = {"code": "gap", "message": f"Resend from mutation {last + 1}."}
    return [result(m["mutation_id"], "retry", error=error) for m in mutations]


def apply_push(db, body, *, actor):
    """Apply a push body for `actor`; returns the answer of SYNC-PROTOCOL §2.

    The stream is the actor's device and user (both from the token, never from the body).
    MUST refuse the whole request (SyncRequestError) only when it is malformed (400), not
    from the token's device or without a user (403) or too long (413); MUST NOT apply
    anything after a gap; MUST answer a duplicate with the result stored in the same stream;
    MUST NOT let one mutation block the rest.
    """
    request = _check_request(body, actor)
    _register_device(db, actor)
    results = []
    mutations = request["mutations"]
    for start in range(0, len(mutations), GROUP_SIZE):
        group = mutations[start : start + GROUP_SIZE]
        try:
            done, gap = _apply_group(db, actor, group)
        except sqlite3.OperationalError:  # the whole group was rolled back
            log.exception("push stopped at mutation %s (database busy)", group[0]["mutation_id"])
            done, gap = [], last_mutation_id(db, actor.device_id, actor.user_id)
        results.extend(done)
        if gap is not None:
            results.extend(_retry_all(mutations[start + len(done) :], gap))
            break
    last = last_mutation_id(db, actor.device_id, actor.user_id)
    return {"epoch": get_epoch(db), "last_mutation_id": last, "results": results}
