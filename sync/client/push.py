"""Phase 2 of a sync run: push the outbox, and apply each answer in one transaction.

Batches go in `mutation_id` order, one request at a time. When the transport allows it
(`concurrent_push`), the next batch is sent on a worker thread as soon as the current answer
has arrived, while that answer is applied (`PushSender`): the server sees the same requests
in the same order as without it. The batch sent ahead was read before the current answer was
applied; when that answer is anything but plain success (a `retry`, a new epoch, mutations
the server lost), it is dropped — its answer unread — and the outbox read again: the
server's idempotency and gap rule make the extra request harmless.

After a new epoch or a `410` (`position_unknown`), the newest acknowledged mutation is sent
first as a probe: its answer says where the restored server stands (`last_mutation_id`), and
every kept mutation above that becomes pending again (`sync.client.apply`).
"""

from sync.client import blobs, meta, outbox
from sync.client.apply import apply_push_answer
from sync.client.transport import Later, OptionalWorkers, SyncRefused, TransportError
from sync.client.upload import upload_blobs


class PushStuck(Exception):
    """The server wants mutations from an id this device no longer holds (pruned)."""


def push_outbox(ctx):
    """Push pending mutations until the outbox is empty.

    MUST send pending mutations in `mutation_id` order, at most `batch_size` per request.
    MUST resend exactly the same mutations after a `TransportError`: the outcome is unknown
    and the server's idempotency makes the resend safe.
    MUST apply an answer's epoch, `last_mutation_id` and results in one local transaction.
    MUST stop at the first `retry`, back off, and resend from `last_mutation_id + 1`.
    MUST keep a rejected mutation's record visible with its error, never drop it silently.
    MUST first learn where a restored server stands (after a new epoch or a 410) and make
    every acknowledged mutation it no longer has pending again — and upload again the blobs
    they reference that the server no longer holds, before pushing them.
    MUST halve the batch on `413` (too many mutations), down to one.
    MUST send a batch only after the answer to the one before has arrived (it is read
    while that answer is awaited, and sent while the answer is applied — `PushSender` —
    then dropped unless the answer was a plain success).
    """
    if meta.get_meta(ctx.replica.db, "position_unknown"):
        probe_server(ctx)
    with PushSender(ctx) as sender:
        batch = next_batch(ctx)
        sending = sender.send(batch) if batch else None
        while sending is not None:
            following = next_batch(ctx, after=batch[-1]["mutation_id"])  # while it is answered
            try:
                answer = sending.result()
            except SyncRefused as refusal:
                if refusal.status != 413 or ctx.batch_size == 1:
                    raise
                ctx.batch_size = max(1, ctx.batch_size // 2)
                batch = next_batch(ctx)
                sending = sender.send(batch) if batch else None
                continue
            ahead = sender.send(following) if following else None
            outcome = apply_push_answer(ctx.replica, batch, answer, ctx.now())
            if not plain_success(outcome, batch):
                if ahead is not None:
                    ahead.drop()
                settle_irregular(ctx, outcome)
                following = next_batch(ctx)
                ahead = sender.send(following) if following else None
            batch, sending = following, ahead


def next_batch(ctx, after=0):
    """The next pending mutations to push (after mutation id `after`), their blobs uploaded.

    MUST upload the blobs pending mutations reference before they are pushed (e.g. those
    of mutations a restored server no longer has).
    """
    batch = outbox.pending_batch(ctx.replica.db, ctx.batch_size, after=after)
    if batch:
        upload_blobs(ctx)
    return batch


def plain_success(outcome, batch):
    """True when the server processed the whole batch and nothing else changed.

    Then the batch read ahead (before this answer was applied) is still the right one.
    """
    return bool(
        outcome.statuses
        and not outcome.retry
        and not outcome.epoch_changed
        and not outcome.reopened
        and outcome.last_mutation_id >= batch[-1]["mutation_id"]
    )


def settle_irregular(ctx, outcome):
    """After a `retry` or an answer without results: stop if stuck, else back off."""
    if outcome.retry or not outcome.statuses:
        check_gap(ctx, outcome.last_mutation_id)
        if not ctx.budget.wait():
            raise TransportError("the server kept answering retry")


def probe_server(ctx):
    """Resend the newest acknowledged mutation to learn the server's `last_mutation_id`.

    MUST use an acknowledged mutation (idempotent: a duplicate only returns the stored result).
    MUST NOT take the probe's record as the local copy (the full re-pull brings the current one).
    MUST make sure the server holds the probe's blobs first: a server that lost exactly that
    mutation applies it.
    """
    probe = outbox.probe_mutation(ctx.replica.db)
    if not probe:
        apply_push_answer(ctx.replica, [], {"last_mutation_id": 0}, ctx.now(), probe=True)
        return
    upload_blobs(ctx, blobs.referenced_by(ctx.replica.db, probe))  # it may be applied
    answer = ctx.budget.call(lambda: ctx.transport.push(push_body(ctx, probe)))
    apply_push_answer(ctx.replica, probe, answer, ctx.now(), probe=True)


def check_gap(ctx, last_mutation_id):
    """Raise `PushStuck` when resending from `last_mutation_id + 1` is impossible."""
    if outbox.gap_unfillable(ctx.replica.db, last_mutation_id):
        raise PushStuck(
            f"the server has this device's mutations only up to {last_mutation_id}; "
            "older ones are no longer kept here — an administrator must restore them"
        )


def push_body(ctx, mutations):
    """The push request body (SYNC-PROTOCOL §2)."""
    return {"device_id": ctx.replica.device_id, "mutations": mutations}


class _Ahead:
    """A send already under way on a worker thread."""

    def __init__(self, future):
        self.future = future

    def result(self):
        return self.future.result()

    def drop(self):
        """Wait for it to end and forget its answer (or its failure)."""
        self.future.exception()


class PushSender(OptionalWorkers):
    """`send(mutations)` starts pushing a batch; `.result()` of what it returns is the answer
    (sent on a worker thread when the transport allows `concurrent_push`, else when asked)."""

    def __init__(self, ctx):
        self.ctx = ctx
        super().__init__(ctx.transport.concurrent_push, max_workers=1)

    def _send(self, mutations):
        ctx = self.ctx
        return ctx.budget.call(lambda: ctx.transport.push(push_body(ctx, mutations)))

    def send(self, mutations):
        """The answer to pushing `mutations`, as a future (under way when concurrent)."""
        if self.pool is None:
            return Later(lambda: self._send(mutations))
        return _Ahead(self.pool.submit(self._send, mutations))
