"""Sending the next push batch while the answer to the current one is being applied.

A long push is a run of batches; between two of them the device stores every result of the
answer (the server's copy of each record, the outbox row settled) while the server idles.
When the transport may be called from other threads (`concurrent_push = True`, as
`HttpTransport` does), the next batch is sent on a worker thread as soon as the current
answer has arrived — the server sees the same requests in the same order as without it,
one at a time, each only after the one before was answered.

The batch sent ahead was read before the current answer was applied; when that answer is
anything but plain success (a `retry`, a new epoch, mutations the server lost), the batch
ahead is dropped — its answer unread — and the outbox read again: the server's
idempotency and gap rule make the extra request harmless (a gap applies nothing).
Otherwise a batch is sent when its answer is asked for.
"""

from sync.client.workers import Later, OptionalWorkers


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
    """`send(mutations)` starts pushing a batch; `.result()` of what it returns is the answer."""

    def __init__(self, ctx, body_of):
        self.ctx = ctx
        self.body_of = body_of
        super().__init__(getattr(ctx.transport, "concurrent_push", False), max_workers=1)

    def _send(self, mutations):
        ctx = self.ctx
        return ctx.budget.call(lambda: ctx.transport.push(self.body_of(ctx, mutations)))

    def send(self, mutations):
        """The answer to pushing `mutations`, as a future (under way when concurrent)."""
        if self.pool is None:
            return Later(lambda: self._send(mutations))
        return _Ahead(self.pool.submit(self._send, mutations))
