"""The transport the sync engine talks through: its interface and capabilities, the errors
every transport raises, and the worker threads its capabilities allow.

A transport moves the wire shapes of SYNC-PROTOCOL unchanged; it never retries and never
interprets results. Every transport subclasses `Transport`, which declares what the engine may
do with it (`concurrent_pull`, `concurrent_push`, `pull_raw`); the engine reads those and never
probes for anything else. The three errors tell the engine what it may assume:

- `TransportError`: the outcome is unknown (connection reset, timeout, 5xx, a garbled answer).
  The server may or may not have committed; the engine resends the same mutations.
- `CursorGone`: `410` on pull — the cursor is older than what the server keeps (or from another
  epoch); the engine does a full resync.
- `SyncRefused(status, body)`: any other 4xx — the request as a whole was refused (bad auth,
  malformed, too large, schema version no longer served). Resending the same request will not
  help; the engine stops and shows `body["message"]`.

    >>> error_for_status(503, {"message": "busy"}).__class__.__name__
    'TransportError'
    >>> error_for_status(426, {"message": "upgrade"}).status
    426
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import ClassVar

TRANSIENT_4XX = (408, 429)


class TransportError(Exception):
    """The request may or may not have reached the server: resend it (idempotency makes it safe)."""


class CursorGone(Exception):
    """`410` on pull: the cursor can no longer be served; pull everything again."""


class SyncRefused(Exception):
    """The server refused the request as a whole (a 4xx other than 410)."""

    def __init__(self, status, body=None):
        self.status = status
        self.body = body if isinstance(body, dict) else {"message": str(body or "")}
        super().__init__(f"{status}: {self.body.get('message', '')}")

    @property
    def message(self):
        """The server's message for people."""
        return self.body.get("message") or f"refused ({self.status})"


def error_for_status(status, body=None):
    """The exception a transport raises for a non-success HTTP status."""
    message = body.get("message", "") if isinstance(body, dict) else str(body or "")
    if status == 410:
        return CursorGone(message or "cursor gone")
    if status >= 500 or status in TRANSIENT_4XX:
        return TransportError(f"{status}: {message}")
    return SyncRefused(status, body)


@dataclass(frozen=True)
class RawPage:
    """A pulled page whose next cursor is known before the page is read; `decode()` reads it
    (or raises TransportError if it cannot be read)."""

    next_cursor: str | None
    has_more: bool
    decode: Callable[[], dict]


class Transport(ABC):
    """What the engine needs from the network (HTTP, or in tests in-process and faulty).

    Capabilities, declared by each transport class:

    - `concurrent_pull`: `pull_raw` may be called from worker threads, so the next page is
      fetched while the current one is applied — as soon as `pull_raw` knows its cursor.
    - `concurrent_push`: `push` may be called from a worker thread, so the next batch is sent
      while the answer to the one before is applied.
    """

    concurrent_pull: ClassVar[bool] = False
    concurrent_push: ClassVar[bool] = False

    @abstractmethod
    def push(self, body: dict) -> dict:
        """Send `{"device_id", "mutations"}`; return `{"epoch", "last_mutation_id", "results"}`."""

    @abstractmethod
    def pull(self, cursor: str | None, limit: int | None) -> dict:
        """Return one page `{"epoch", "cursor", "has_more", "remaining", "changes"}`."""

    def pull_raw(self, cursor: str | None, limit: int | None) -> RawPage:
        """One page as a `RawPage`. By default the page is pulled and read at once; a transport
        that learns the next cursor before reading the page (from headers) says so here."""
        page = self.pull(cursor, limit)
        return RawPage(page.get("cursor"), bool(page.get("has_more")), lambda: page)

    @abstractmethod
    def blob_status(self, sha256: str) -> tuple[bool, int]:
        """`(complete, offset)`: whether the server holds the whole blob, else how many bytes."""

    @abstractmethod
    def blob_append(self, sha256: str, offset: int, total: int, data: bytes) -> int:
        """Append `data` at `offset` of a blob of `total` bytes; return the server's new offset."""


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
    """`self.pool`: a thread pool of `max_workers` when the transport `allowed` it, else None.

    Closing waits for a call under way; what it returns is dropped.
    """

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
