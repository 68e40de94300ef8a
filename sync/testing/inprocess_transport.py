"""`InProcessTransport`: the sync transport that calls the server half directly, in one process.

It lets the whole protocol be tested (client engine ↔ server half) without HTTP: every body
goes through a JSON round trip, as it would on the wire, so nothing can share Python objects
with the server; `SyncRequestError` becomes the same errors `HttpTransport` raises for the
same status, and a busy or locked server database is a `TransportError` (a 5xx).

    >>> roundtrip({"when": (1, 2)})
    {'when': [1, 2]}
"""

import json
import sqlite3

from sync.client.transport import SyncRefused, Transport, TransportError, error_for_status
from sync.errors import SyncRequestError
from sync.server.pull import pull_changes
from sync.server.push import apply_push

# Statuses of BlobStore.append that carry a usable offset (SYNC-PROTOCOL §5).
OFFSET_STATUSES = (200, 201, 204, 409)


def roundtrip(obj):
    """What the other side would see after JSON encoding and decoding."""
    return json.loads(json.dumps(obj))


class InProcessTransport(Transport):
    """Sync against the server half on a sqlite-utils `Database`, as the given `actor`."""

    def __init__(self, db, actor, blob_store=None):
        self.db = db
        self.actor = actor
        self.blob_store = blob_store

    def push(self, body):
        """`sync.server.push.apply_push` with the body as the wire would carry it."""
        return self._call(lambda: apply_push(self.db, roundtrip(body), actor=self.actor))

    def pull(self, cursor, limit):
        """`sync.server.pull.pull_changes` for one page."""
        return self._call(
            lambda: pull_changes(self.db, actor=self.actor, cursor=cursor, limit=limit)
        )

    def blob_status(self, sha256):
        """`(complete, offset)` from the blob store, as the actor may learn them."""
        status = self._call(lambda: self._blobs().status_for(self.actor, sha256), raw=True)
        complete, offset, size = status
        return bool(complete), int(size if complete else offset)

    def blob_append(self, sha256, offset, total, data):
        """Append bytes through the blob store; statuses map as over HTTP."""
        status, new_offset = self._call(
            lambda: self._blobs().append(self.actor, sha256, offset, total, bytes(data)),
            raw=True,
        )
        if status in OFFSET_STATUSES:
            return int(new_offset)
        body = {"code": status, "message": f"blob upload refused ({status})"}
        raise error_for_status(status, body)

    def _blobs(self):
        if self.blob_store is None:
            raise SyncRefused(404, {"message": "no blob store configured"})
        return self.blob_store

    def _call(self, call, *, raw=False):
        try:
            result = call()
        except SyncRequestError as error:
            body = {"code": error.status, "message": error.message, "errors": error.errors}
            raise error_for_status(error.status, body) from error
        except sqlite3.OperationalError as error:  # locked or busy: the server would answer 5xx
            raise TransportError(f"server database: {error}") from error
        return result if raw else roundtrip(result)
