"""Phase 3 of a sync run: pull pages until the server has no more, each applied as it comes
(`sync.client.apply`).

An initial pull is a long run of pages; the device spends most of it decoding and storing,
the network most of it waiting for the server. When the transport allows it
(`concurrent_pull`, as `HttpTransport` does), pages are fetched on worker threads: the next
page is requested as soon as the current page's cursor is known — from its headers already
(`pull_raw`), before the page is parsed (`PageFetcher`). Otherwise each page is fetched when
it is asked for.

A prefetched page is only a read: if applying the current page fails, it is dropped, and the
stored cursor (written with the page it follows) stays the truth.
"""

import threading

from sync.client import meta
from sync.client.apply import apply_page, start_full_resync
from sync.client.transport import CursorGone, Later, OptionalWorkers
from sync.transaction import transaction


def pull_changes(ctx):
    """Pull pages until the server has no more; return False when a full resync must start over.

    MUST page by the server's opaque cursor, never by a clock.
    MUST apply each page (and store its cursor) before the next one is applied.
    MUST on a new epoch or a `410` discard the cursor, pull everything again, purge what the
    server no longer sends, and re-push what the server no longer has.
    """
    replica, pulled = ctx.replica, 0
    with PageFetcher(ctx) as fetcher:
        pending = fetcher.start(meta.get_meta(replica.db, "cursor"))
        while True:
            try:
                page = pending.result()
            except CursorGone:
                _start_over(replica)
                return False
            if meta.epoch_changed(replica.db, page.get("epoch")):
                _start_over(replica, page["epoch"])
                return False
            if page.get("has_more"):
                pending = fetcher.start(page.get("cursor"))
            apply_page(replica, page)
            pulled += len(page.get("changes") or [])
            ctx.on_progress(pulled, page.get("remaining"))
            if not page.get("has_more"):
                return True


def _start_over(replica, epoch=None):
    with transaction(replica.db) as db:
        start_full_resync(db, epoch)


class PageFetcher(OptionalWorkers):
    """`start(cursor)` begins fetching the page after `cursor`; `.result()` returns it."""

    def __init__(self, ctx):
        self.ctx = ctx
        super().__init__(ctx.transport.concurrent_pull, max_workers=2)
        self.lock = threading.Lock()
        self.launched = {}  # cursor -> future of the page after it, started early

    def _fetch_once(self, cursor):
        ctx = self.ctx
        raw = ctx.transport.pull_raw(cursor, ctx.page_limit)
        if self.pool is not None and raw.has_more and raw.next_cursor:
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
