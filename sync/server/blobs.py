"""Attachments (photos, signatures, documents): content-addressed, uploaded resumably.

`BlobStore(db, directory)` keeps blobs by the SHA-256 of their bytes, with tus semantics
(SYNC-PROTOCOL §5). Bytes being uploaded live in `<directory>/partial/<sha>`; a complete,
verified blob in `<directory>/<sha[:2]>/<sha>`; the `blobs` table says how many bytes are
held. Every append is written and fsync'd before the new offset is recorded, so a crash
never claims bytes the disk does not hold. `append` answers an HTTP status and the offset:

- 204: bytes kept, upload not finished; 201: finished and the hash matched;
- 200: the blob was already complete (nothing changes); 409: wrong offset (resume from the
  offset returned); 422: finished but the bytes do not hash to the name (discarded);
- 413: declared larger than `MAX_BLOB_BYTES`; 400: a name that is not a SHA-256, or more
  bytes than declared.

When a blob completes, the records waiting for it lose their `incomplete` flag
(`sync.server.attachments.blob_completed`).
"""

import hashlib
import os
import re
from pathlib import Path

from sync.server.attachments import blob_completed
from sync.server.buckets import buckets_for_user
from sync.server.records import utc_now
from sync.transaction import transaction

MAX_BLOB_BYTES = 25 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobStore:
    """Content-addressed, resumable blob storage on disk, indexed in the `blobs` table."""

    def __init__(self, db, directory):
        self.db = db
        self.directory = Path(directory)
        (self.directory / "partial").mkdir(parents=True, exist_ok=True)

    def path(self, sha256):
        """Where a complete blob lives."""
        return self.directory / sha256[:2] / sha256

    def partial_path(self, sha256):
        """Where the bytes of an unfinished upload live."""
        return self.directory / "partial" / sha256

    def _row(self, sha256):
        return self.db.execute(
            "SELECT size, received, complete FROM blobs WHERE sha256 = ?", [sha256]
        ).fetchone()

    def status(self, sha256):
        """(complete, offset, size): offset = bytes held; size None when never declared."""
        row = self._row(sha256) if _SHA256.match(sha256 or "") else None
        if row is None:
            return False, 0, None
        size, received, complete = row
        return bool(complete), size if complete else received, size

    def append(self, sha256, offset, total, data):
        """Append `data` at `offset` of a blob of `total` bytes; returns (status, offset).

        MUST check the offset against what is held, fsync before recording, verify the hash
        on completion, and change nothing for a blob that is already complete.
        """
        if not _SHA256.match(sha256 or "") or total < 0 or offset < 0:
            return 400, 0
        if total > MAX_BLOB_BYTES:
            return 413, 0
        with transaction(self.db):
            complete, held, size = self.status(sha256)
            if complete:
                return 200, size
            if size is not None and size != total:
                self._discard(sha256)
                held = 0
            if offset != held:
                return 409, held
            if offset + len(data) > total:
                return 400, held
            self._write(sha256, offset, data)
            received = offset + len(data)
            self._record(sha256, total, received)
            if received < total:
                return 204, received
            return self._finish(sha256, total)

    def _write(self, sha256, offset, data):
        with open(self.partial_path(sha256), "ab+") as file:
            file.truncate(offset)  # drop bytes written but never recorded (a crash)
            file.seek(offset)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())

    def _record(self, sha256, total, received):
        self.db.execute(
            "INSERT INTO blobs (sha256, size, received, complete, created_at) "
            "VALUES (?, ?, ?, 0, ?) ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, "
            "received = excluded.received",
            [sha256, total, received, utc_now()],
        )

    def _finish(self, sha256, total):
        partial = self.partial_path(sha256)
        digest = hashlib.sha256()
        with open(partial, "rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            self._discard(sha256)
            return 422, 0
        final = self.path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, final)
        _fsync_directory(final.parent)
        self.db.execute(
            "UPDATE blobs SET complete = 1, completed_at = ? WHERE sha256 = ?",
            [utc_now(), sha256],
        )
        blob_completed(self.db, sha256)
        return 201, total

    def _discard(self, sha256):
        self.partial_path(sha256).unlink(missing_ok=True)
        self.db.execute("DELETE FROM blobs WHERE sha256 = ?", [sha256])

    def open(self, sha256):
        """The complete blob opened for reading (binary), or None."""
        complete, _, _ = self.status(sha256)
        return open(self.path(sha256), "rb") if complete else None

    def can_read(self, actor, sha256):
        """True when `actor` can see a live record that references the blob.

        MUST say no for a blob only deleted records, or records in other buckets, reference.
        """
        buckets = buckets_for_user(actor.role, actor.user_id, actor.office_id)
        sql = (
            "SELECT 1 FROM record_blobs b JOIN records r ON r.collection = b.collection "
            "AND r.id = b.record_id AND r.deleted = 0 "
        )
        params = [sha256]
        if buckets is not None:
            marks = ",".join("?" for _ in buckets)
            sql += (
                "JOIN memberships m ON m.collection = b.collection AND m.record_id = b.record_id "
                f"AND m.bucket IN ({marks}) "
            )
            params = [*sorted(buckets), sha256]
        row = self.db.execute(sql + "WHERE b.sha256 = ? LIMIT 1", params).fetchone()
        return row is not None


def _fsync_directory(path):
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
