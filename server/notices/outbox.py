"""The worker's side of the notice outbox: claim ready notices, record how each send ended.

A notice is ready when it is `pending` and its `next_attempt_at` has come, or when it is
`sending` under a lease that has run out — its worker died mid-send, so whether the relay
got it is unknown and it is sent again (with the same Message-ID). `claim` takes a batch in
one transaction: each row becomes `sending`, its attempt counted, leased to the worker.
Then, one notice at a time, the worker records the outcome:

- `mark_sent` — only after the relay accepted it; true whoever holds the lease now;
- `mark_retry` — back to `pending`, next try after the backoff;
- `mark_failed` — after the last attempt, or a permanent refusal; the reason is kept.

Retry and failure are recorded only by the lease holder, so a worker whose lease ran out
cannot undo the claim of the worker that took the notice over.

    >>> from datetime import UTC, datetime
    >>> later(datetime(2030, 1, 1, tzinfo=UTC), 90)
    '2030-01-01T00:01:30.000+00:00'
"""

from datetime import timedelta

from sync.codec import loads
from sync.server.clock import stamp
from sync.transaction import transaction

_COLUMNS = (
    "id",
    "kind",
    "channel",
    "recipient",
    "language",
    "collection",
    "record_id",
    "context",
    "attempts",
    "created_at",
)


def later(moment, seconds):
    """`moment` plus `seconds`, stamped as the outbox stores times."""
    return stamp(moment + timedelta(seconds=seconds))


def claim(db, worker_id, moment, *, lease_seconds, limit, channels):
    """Lease up to `limit` ready notices of `channels` to `worker_id`; returns them (dicts,
    oldest first), each already `sending` with its attempt counted."""
    now = stamp(moment)
    marks = ",".join("?" for _ in channels)
    with transaction(db):
        rows = db.execute(
            f"UPDATE notices SET status = 'sending', attempts = attempts + 1, "
            f"lease_owner = ?, lease_until = ? WHERE id IN ("
            f"  SELECT id FROM notices WHERE channel IN ({marks}) AND ("
            f"    (status = 'pending' AND next_attempt_at <= ?)"
            f"    OR (status = 'sending' AND lease_until <= ?))"
            f"  ORDER BY next_attempt_at, id LIMIT ?) "
            f"RETURNING {', '.join(_COLUMNS)}",
            [worker_id, later(moment, lease_seconds), *channels, now, now, limit],
        ).fetchall()
    notices = [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
    for notice in notices:
        notice["context"] = loads(notice["context"])
    return sorted(notices, key=lambda n: (n["created_at"], n["id"]))


def mark_sent(db, notice_id, moment):
    """Record that the relay accepted the notice."""
    with transaction(db):
        db.execute(
            "UPDATE notices SET status = 'sent', sent_at = ?, lease_owner = NULL, "
            "lease_until = NULL, last_error = NULL WHERE id = ? AND status != 'sent'",
            [stamp(moment), notice_id],
        )


def mark_retry(db, notice_id, worker_id, reason, next_attempt_at):
    """Put the notice back as pending, to be tried again at `next_attempt_at` (a moment)."""
    with transaction(db):
        db.execute(
            "UPDATE notices SET status = 'pending', next_attempt_at = ?, last_error = ?, "
            "lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND status = 'sending' AND lease_owner = ?",
            [stamp(next_attempt_at), reason, notice_id, worker_id],
        )


def mark_failed(db, notice_id, worker_id, reason):
    """Record that the notice will not be sent: its last attempt failed with `reason`."""
    with transaction(db):
        db.execute(
            "UPDATE notices SET status = 'failed', last_error = ?, lease_owner = NULL, "
            "lease_until = NULL WHERE id = ? AND status = 'sending' AND lease_owner = ?",
            [reason, notice_id, worker_id],
        )


def release(db, worker_id):
    """Hand back every notice `worker_id` holds and has not tried (a clean stop): pending
    again at once, its uncounted attempt taken back."""
    with transaction(db):
        db.execute(
            "UPDATE notices SET status = 'pending', attempts = attempts - 1, "
            "lease_owner = NULL, lease_until = NULL "
            "WHERE status = 'sending' AND lease_owner = ?",
            [worker_id],
        )


def counts(db):
    """How many notices are in each status, e.g. `{"pending": 3, "sent": 40}`."""
    rows = db.execute("SELECT status, count(*) FROM notices GROUP BY status").fetchall()
    return dict(rows)


def notices_of(db, collection, record_id):
    """The notices raised about one record, oldest first (dicts of every column)."""
    cursor = db.execute(
        "SELECT * FROM notices WHERE collection = ? AND record_id = ? ORDER BY created_at, id",
        [collection, record_id],
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]
