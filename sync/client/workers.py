"""Worker threads for a transport that may be called from other threads — or none.

The page fetcher and the push sender use a small thread pool when the transport allows it
(`concurrent_pull`, `concurrent_push`) and call the transport in the caller's thread
otherwise. Closing waits for a call under way; what it returns is dropped.
"""

from concurrent.futures import ThreadPoolExecutor


class Later:
    """A call made when its result is asked for (transports bound to one thread)."""

    def __init__(self, call):
        self.call = call

    def result(self):
        """Make the call now and return what it returns."""
        return self.call()

    def drop(self):
        """Never make the call."""


class OptionalWorkers:
    """`self.pool`: a thread pool of `max_workers` when `allowed`, else None."""

    def __init__(self, allowed, max_workers):
        self.pool = ThreadPoolExecutor(max_workers=max_workers) if allowed else None

    def close(self):
        """Wait for the call under way (its result is dropped) and stop the workers."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
