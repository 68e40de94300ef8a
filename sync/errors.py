"""Errors of the sync protocol that refuse a request as a whole.

Per-mutation problems are never raised: they are answered as `rejected` results so the
queue keeps moving (SYNC-PROTOCOL §2). `SyncRequestError` is for the few cases where the
whole request is refused — a malformed body (400), a device that is not the token's (403),
a cursor that is too old or from another epoch (410), too many mutations or bytes (413), an
encoding the server cannot read (415), a bad `limit` (422). The web layer turns it into the
one JSON error shape of SYNC-PROTOCOL §6 with `to_dict()`.

    >>> error = SyncRequestError(403, "device mismatch")
    >>> error.to_dict()["status"]
    'Forbidden'
"""

from http import HTTPStatus


class SyncRequestError(Exception):
    """A sync request refused as a whole: `status` (HTTP code), `message`, `errors`."""

    def __init__(self, status, message, errors=None):
        super().__init__(message)
        self.status = int(status)
        self.message = message
        self.errors = errors or {}

    def to_dict(self):
        """The project's JSON error shape: code, status phrase, message, errors."""
        try:
            phrase = HTTPStatus(self.status).phrase
        except ValueError:
            phrase = "Error"
        return {
            "code": self.status,
            "status": phrase,
            "message": self.message,
            "errors": self.errors,
        }

    def __repr__(self):
        return f"SyncRequestError({self.status}, {self.message!r})"
