"""The phases of one sync run — upload blobs, push the outbox, pull changes — each a function
with its rules as MUST lines (WatermelonDB's sync core is the model).

Phases share a `RunContext` (replica, transport, retry budget, sizes); they raise
`TransportError` when the budget is spent, `SyncRefused` when the server refuses, and
`PushStuck` when the server lost mutations the device no longer holds.
"""

from dataclasses import dataclass, field

from sync.client.page_fetcher import PageFetcher
from sync.client.push_sender import PushSender
from sync.client.transport import CursorGone, SyncRefused, TransportError


class PushStuck(Exception):
    """The server wants mutations from an id this device no longer holds (pruned)."""


@dataclass
class RunContext:
    """Everything one run's phases need."""

    replica: object
    transport: object
    budget: object
    now: object
    batch_size: int = 50
    page_limit: int = 200
    chunk_size: int = 256 * 1024
    on_progress: object = field(default=lambda pulled, remaining: None)


def upload_blobs(ctx, blobs=None):
    """Upload the blobs that pending mutations reference (or the `(sha256, size)` given).

    MUST upload a blob before the mutation that references it is pushed.
    MUST ask the server what it holds (HEAD) and send only the rest, from that offset.
    MUST resume from the server's offset after an interruption, never from zero.
    MUST mark a blob the server refuses for good (too large, hash mismatch) — or whose file
    is gone from the device — failed, with a notice for people, and go on: the mutation is
    still pushed (the server flags the record incomplete).
    """
    for sha256, size in ctx.replica.blobs_to_upload() if blobs is None else blobs:
        try:
            upload_blob(ctx, sha256, size)
        except SyncRefused as refusal:
            error = {"status": refusal.status, "message": refusal.message}
            ctx.replica.mark_blob(sha256, "failed", error, now=ctx.now())
        except FileNotFoundError:
            error = {"message": "the file is no longer on this device"}
            ctx.replica.mark_blob(sha256, "failed", error, now=ctx.now())


def upload_blob(ctx, sha256, size):
    """Send one blob from the server's offset to its end (tus-style), resuming after failures."""
    complete, offset = ctx.budget.call(lambda: ctx.transport.blob_status(sha256))
    with open(ctx.replica.blob_path(sha256), "rb") as source:
        while not complete and offset < size:
            source.seek(offset)
            chunk = source.read(ctx.chunk_size)
            try:
                offset = ctx.transport.blob_append(sha256, offset, size, chunk)
            except TransportError:
                if not ctx.budget.wait():
                    raise
                complete, offset = ctx.budget.call(lambda: ctx.transport.blob_status(sha256))
    ctx.replica.mark_blob(sha256, "uploaded")


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
    if ctx.replica.position_unknown:
        probe_server(ctx)
    with PushSender(ctx, push_body) as sender:
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
            outcome = ctx.replica.apply_push_answer(batch, answer, ctx.now())
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
    batch = ctx.replica.pending_mutations(ctx.batch_size, after=after)
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
    probe = ctx.replica.probe_mutations()
    if not probe:
        ctx.replica.apply_push_answer([], {"last_mutation_id": 0}, ctx.now(), probe=True)
        return
    upload_blobs(ctx, ctx.replica.blobs_of(probe))  # the probe may be applied: blobs first
    answer = ctx.budget.call(lambda: ctx.transport.push(push_body(ctx, probe)))
    ctx.replica.apply_push_answer(probe, answer, ctx.now(), probe=True)


def check_gap(ctx, last_mutation_id):
    """Raise `PushStuck` when resending from `last_mutation_id + 1` is impossible."""
    if ctx.replica.gap_unfillable(last_mutation_id):
        raise PushStuck(
            f"the server has this device's mutations only up to {last_mutation_id}; "
            "older ones are no longer kept here — an administrator must restore them"
        )


def push_body(ctx, mutations):
    """The push request body (SYNC-PROTOCOL §2)."""
    return {"device_id": ctx.replica.device_id, "mutations": mutations}


def pull_changes(ctx):
    """Pull pages until the server has no more; return False when a full resync must start over.

    MUST page by the server's opaque cursor, never by a clock.
    MUST apply each page and store its cursor in one local transaction.
    MUST NOT let pulled data overwrite an edit not yet pushed: it becomes the server copy and
    the edit is re-based on it.
    MUST purge a `removed` record only once no mutation of it is pending.
    MUST on a new epoch or a `410` discard the cursor, pull everything again, purge what the
    server no longer sends, and re-push what the server no longer has.
    """
    pulled = 0
    with PageFetcher(ctx) as fetcher:
        pending = fetcher.start(ctx.replica.meta("cursor"))
        while True:
            try:
                page = pending.result()
            except CursorGone:
                ctx.replica.start_full_resync()
                return False
            if ctx.replica.epoch_changed(page.get("epoch")):
                ctx.replica.start_full_resync(page["epoch"])
                return False
            if page.get("has_more"):
                pending = fetcher.start(page.get("cursor"))
            ctx.replica.apply_page(page)
            pulled += len(page.get("changes") or [])
            ctx.on_progress(pulled, page.get("remaining"))
            if not page.get("has_more"):
                return True
