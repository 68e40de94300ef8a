"""Attachments (photos, signatures, documents): content-addressed, uploaded resumably.

`BlobStore(db, directory)` keeps blobs by the SHA-256 of their bytes, with tus semantics
(SYNC-PROTOCOL §5), and answers each user as `sync.server.blob_access` allows: a complete
blob exists, for a user, only when they may see it (they uploaded it, or can read it);
to everyone else it looks exactly like a blob the server does not hold.

Every upload belongs to its uploader. The bytes a user is sending live in
`<directory>/partial/<sha>.<user key>`, its declared size and the bytes held in
`blob_uploads` (sha256, user_id): nobody else can learn its offset, append to it or
restart it, and two users sending the same bytes at once each have their own. When an
upload reaches its declared size the hash is checked; the first to finish moves its file to
`<directory>/<sha[:2]>/<sha>` (the `blobs` row, complete), a later one has only proved it
holds the bytes and its file is dropped. Either way the user becomes one of the blob's
`blob_uploaders` and the links they made to it count (`attachments.blob_completed`). Every
append is written and fsync'd before the new offset is recorded, so a crash never claims
bytes the disk does not hold. `append` answers an HTTP status and the offset:

- 200: the blob is complete and the user may see it (nothing changes but dropping their own
  unfinished copy); 204: bytes kept, upload not finished; 201: finished and the hash
  matched — also when someone else had completed the blob before (never 200 for a user who
  may not see it: that would tell them it exists);
- 409: wrong offset (resume from the user's own offset, returned); 422: finished but the
  bytes do not hash to the name (the user's upload is discarded);
- 413: declared larger than `MAX_BLOB_BYTES`; 400: a name that is not a SHA-256, or more
  bytes than declared.
"""

import hashlib
import os
import re
from pathlib import Path

from sync.server import blob_access
from sync.server.attachments import blob_completed
from sync.server.records import utc_now
from sync.transaction import transaction

MAX_BLOB_BYTES = 25 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobStore:
    """Content-addressed, resumable blob storage on disk, indexed in the `blobs` tables."""

    def __init__(self, db, directory):
        self.db = db
        self.directory = Path(directory)
        (self.directory / "partial").mkdir(parents=True, exist_ok=True)

    def path(self, sha256):
        """Where a complete blob lives."""
        return self.directory / sha256[:2] / sha256

    def partial_path(self, sha256, user_id):
        """Where the bytes of a user's unfinished upload live."""
        user_key = hashlib.sha256(str(user_id).encode()).hexdigest()[:32]
        return self.directory / "partial" / f"{sha256}.{user_key}"

    def status(self, sha256):
        """(complete, size, size) of a blob the server holds, else (False, 0, None) —
        whoever uploaded it; what a user is told is `status_for`."""
        size = blob_access.held_size(self.db, sha256) if _SHA256.match(sha256 or "") else None
        return (False, 0, None) if size is None else (True, size, size)

    def status_for(self, actor, sha256):
        """(complete, offset, size) as `actor` may learn them: complete only when they may
        see the blob, else their own upload's offset and declared size (0, None: none)."""
        if not _SHA256.match(sha256 or ""):
            return False, 0, None
        if blob_access.may_see(self.db, actor, sha256):
            size = blob_access.held_size(self.db, sha256)
            return True, size, size
        upload = self._upload(sha256, actor.user_id)
        return (False, 0, None) if upload is None else (False, upload[1], upload[0])

    def can_read(self, actor, sha256):
        """True when `actor` can see a live record whose link to the blob counts."""
        return blob_access.can_read(self.db, actor, sha256)

    def append(self, actor, sha256, offset, total, data):
        """Append `data` at `offset` of `actor`'s upload of a blob of `total` bytes;
        returns (status, offset).

        MUST check the offset against what `actor` holds, fsync before recording, verify
        the hash on completion, and change nothing for a blob `actor` may already see.
        """
        if not _SHA256.match(sha256 or "") or total < 0 or offset < 0:
            return 400, 0
        if total > MAX_BLOB_BYTES:
            return 413, 0
        user_id = actor.user_id
        with transaction(self.db):
            if blob_access.may_see(self.db, actor, sha256):
                self._discard(sha256, user_id)
                return 200, blob_access.held_size(self.db, sha256)
            held = self._held_of_upload(sha256, user_id, total)
            if offset != held:
                return 409, held
            if offset + len(data) > total:
                return 400, held
            self._write(sha256, user_id, offset, data)
            received = offset + len(data)
            self._record(sha256, user_id, total, received)
            if received < total:
                return 204, received
            return self._finish(sha256, user_id, total)

    def _upload(self, sha256, user_id):
        """(size, received) of a user's unfinished upload, or None."""
        return self.db.execute(
            "SELECT size, received FROM blob_uploads WHERE sha256 = ? AND user_id = ?",
            [sha256, user_id],
        ).fetchone()

    def _held_of_upload(self, sha256, user_id, total):
        """The bytes the user's upload holds; an upload declared another size starts over."""
        upload = self._upload(sha256, user_id)
        if upload is None:
            return 0
        if upload[0] != total:
            self._discard(sha256, user_id)
            return 0
        return upload[1]

    def _write(self, sha256, user_id, offset, data):
        with open(self.partial_path(sha256, user_id), "ab+") as file:
            file.truncate(offset)  # drop bytes written but never recorded (a crash)
            file.seek(offset)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())

    def _record(self, sha256, user_id, total, received):
        self.db.execute(
            "INSERT INTO blob_uploads (sha256, user_id, size, received, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256, user_id) DO UPDATE SET "
            "size = excluded.size, received = excluded.received",
            [sha256, user_id, total, received, utc_now()],
        )

    def _finish(self, sha256, user_id, total):
        partial = self.partial_path(sha256, user_id)
        if _file_sha256(partial) != sha256:
            self._discard(sha256, user_id)
            return 422, 0
        if blob_access.held_size(self.db, sha256) is None:
            self._keep(sha256, partial, total)
        self._discard(sha256, user_id)
        self.db.execute(
            "INSERT OR IGNORE INTO blob_uploaders (sha256, user_id, uploaded_at) VALUES (?, ?, ?)",
            [sha256, user_id, utc_now()],
        )
        blob_completed(self.db, sha256, user_id)
        return 201, total

    def _keep(self, sha256, partial, total):
        """Move a verified upload into place and record the blob complete."""
        final = self.path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, final)
        _fsync_directory(final.parent)
        now = utc_now()
        self.db.execute(
            "INSERT INTO blobs (sha256, size, received, complete, created_at, completed_at) "
            "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, "
            "received = excluded.received, complete = 1, completed_at = excluded.completed_at",
            [sha256, total, total, now, now],
        )

    def _discard(self, sha256, user_id):
        self.partial_path(sha256, user_id).unlink(missing_ok=True)
        self.db.execute(
            "DELETE FROM blob_uploads WHERE sha256 = ? AND user_id = ?", [sha256, user_id]
        )

    def open(self, sha256):
        """The complete blob opened for reading (binary), or None."""
        complete, _, _ = self.status(sha256)
        return open(self.path(sha256), "rb") if complete else None


def _file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_directory(path):
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
