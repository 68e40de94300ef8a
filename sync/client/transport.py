"""The transport interface the sync engine talks through, and the errors every transport raises.

A transport moves the wire shapes of SYNC-PROTOCOL unchanged; it never retries and never
interprets results. The three errors tell the engine what it may assume:

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

from typing import Protocol

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


class Transport(Protocol):
    """What the engine needs from the network (HTTP, in-process, or a fault-injecting wrapper)."""

    def push(self, body: dict) -> dict:
        """Send `{"device_id", "mutations"}`; return `{"epoch", "last_mutation_id", "results"}`."""

    def pull(self, cursor: str | None, limit: int | None) -> dict:
        """Return one page `{"epoch", "cursor", "has_more", "remaining", "changes"}`."""

    def blob_status(self, sha256: str) -> tuple[bool, int]:
        """`(complete, offset)`: whether the server holds the whole blob, else how many bytes."""

    def blob_append(self, sha256: str, offset: int, total: int, data: bytes) -> int:
        """Append `data` at `offset` of a blob of `total` bytes; return the server's new offset."""
