"""Fetching the next pull page while the current one is being applied.

An initial pull is a long run of pages; the device spends most of it decoding and storing,
the network most of it waiting for the server. When the transport says it may be called from
another thread (`concurrent_pull = True`, as `HttpTransport` does: one `requests.Session`
used by one thread at a time), the next page is requested on a worker thread as soon as the
current page's cursor is known. Otherwise the page is fetched when it is asked for.

A prefetched page is only a read: if applying the current page fails, it is dropped, and the
stored cursor (written with the page it follows) stays the truth.
"""

from concurrent.futures import ThreadPoolExecutor


class _Later:
    """A fetch done when its result is asked for (transports bound to one thread)."""

    def __init__(self, fetch):
        self.fetch = fetch

    def result(self):
        return self.fetch()


class PageFetcher:
    """`start(cursor)` begins fetching the page after `cursor`; `.result()` returns it."""

    def __init__(self, ctx):
        self.ctx = ctx
        concurrent = getattr(ctx.transport, "concurrent_pull", False)
        self.pool = ThreadPoolExecutor(max_workers=1) if concurrent else None

    def _fetch(self, cursor):
        ctx = self.ctx
        return ctx.budget.call(lambda: ctx.transport.pull(cursor, ctx.page_limit))

    def start(self, cursor):
        """The page after `cursor`, as a future (already under way when concurrent)."""
        if self.pool is None:
            return _Later(lambda: self._fetch(cursor))
        return self.pool.submit(self._fetch, cursor)

    def close(self):
        """Stop the worker; a page still being fetched is dropped when it arrives."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
