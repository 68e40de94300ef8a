"""Fetching the next pull page while the current one is being applied.

An initial pull is a long run of pages; the device spends most of it decoding and storing,
the network most of it waiting for the server. When the transport says it may be called from
other threads (`concurrent_pull = True`, as `HttpTransport` does), pages are fetched on
worker threads: the next page is requested as soon as the current page's cursor is known —
from its headers already when the transport offers `pull_raw`, before the page is parsed.
Otherwise each page is fetched when it is asked for.

A prefetched page is only a read: if applying the current page fails, it is dropped, and the
stored cursor (written with the page it follows) stays the truth.
"""

import threading

from sync.client.workers import Later, OptionalWorkers


class PageFetcher(OptionalWorkers):
    """`start(cursor)` begins fetching the page after `cursor`; `.result()` returns it."""

    def __init__(self, ctx):
        self.ctx = ctx
        transport = ctx.transport
        concurrent = getattr(transport, "concurrent_pull", False)
        self.early = concurrent and hasattr(transport, "pull_raw")
        super().__init__(concurrent, max_workers=2)
        self.lock = threading.Lock()
        self.launched = {}  # cursor -> future of the page after it, started early

    def _fetch_once(self, cursor):
        ctx = self.ctx
        if not self.early:
            return ctx.transport.pull(cursor, ctx.page_limit)
        raw = ctx.transport.pull_raw(cursor, ctx.page_limit)
        if raw.has_more and raw.next_cursor:
            self._launch(raw.next_cursor)
        return raw.decode()

    def _fetch(self, cursor):
        return self.ctx.budget.call(lambda: self._fetch_once(cursor))

    def _launch(self, cursor):
        with self.lock:
            if cursor not in self.launched:
                self.launched[cursor] = self.pool.submit(self._fetch, cursor)

    def start(self, cursor):
        """The page after `cursor`, as a future (already under way when concurrent)."""
        if self.pool is None:
            return Later(lambda: self._fetch(cursor))
        with self.lock:
            future = self.launched.pop(cursor, None)
            return future or self.pool.submit(self._fetch, cursor)
