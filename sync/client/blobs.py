"""`blobs`: attachments stored on the device, and whether the server has them. All SQL on
`blobs` is here.

A blob's bytes are a file in the replica's blob directory, named by their SHA-256. Its
`state`: `pending` (not on the server yet), `uploaded`, `missing` (the server lost it: send
it again) or `failed` (refused for good — too large, hash mismatch — or its file is gone;
a notice tells people).

The server stores a record with `incomplete: true` while a blob it references is not complete
in its blob store. When such a copy reaches the device — in a push answer or a pulled page —
every blob it names that the device had already sent was lost on the server, in a restore
from a backup: it is marked `missing`, and the next upload pass sends it again, whether or
not the record is still on the device by then (a check of a job reassigned meanwhile leaves
it as soon as it is pushed). Functions run inside the caller's transaction.
"""

import hashlib
import json
import os
import tempfile

import orjson

from sync.client.outbox import PENDING_TEXTS

CHUNK = 1 << 20
INCOMPLETE_KEY = b'"incomplete"'


def write_file(blob_dir, content):
    """Store bytes, or a file's bytes, in `blob_dir` under their SHA-256: `(sha256, size)`."""
    blob_dir.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, temp = tempfile.mkstemp(dir=blob_dir, suffix=".part")
    with os.fdopen(fd, "wb") as out:
        for chunk in _chunks(content):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    sha256 = digest.hexdigest()
    os.replace(temp, blob_dir / sha256)
    return sha256, size


def _chunks(content):
    if isinstance(content, bytes | bytearray | memoryview):
        yield bytes(content)
        return
    with open(content, "rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk


def add(db, sha256, size):
    """Remember a stored blob as not on the server yet (a blob stored before is kept)."""
    db.execute(
        "INSERT OR IGNORE INTO blobs (sha256, path, size) VALUES (?, ?, ?)",
        [sha256, sha256, size],
    )


def to_upload(db):
    """Blobs not on the server yet that a pending mutation references, and blobs the
    server lost (`missing`): [(sha256, size)]."""
    return db.execute(
        "SELECT sha256, size FROM blobs WHERE state = 'missing' OR (state = 'pending' "
        f"AND sha256 IN ({PENDING_TEXTS})) ORDER BY sha256"
    ).fetchall()


def referenced_by(db, mutations):
    """The blobs on the device (not refused) that `mutations` reference: [(sha256, size)]."""
    text = json.dumps([m.get("fields") for m in mutations])
    rows = db.execute(
        "SELECT sha256, size FROM blobs WHERE state != 'failed' ORDER BY sha256"
    ).fetchall()
    return [(sha256, size) for sha256, size in rows if sha256 in text]


def mark(db, sha256, state, error=None):
    """Record that a blob is uploaded, or refused for good (`failed`, with `error`)."""
    db.execute(
        "UPDATE blobs SET state = ?, error = ? WHERE sha256 = ?",
        [state, json.dumps(error) if error else None, sha256],
    )


def recheck_after(db, last_mutation_id):
    """The server restored from a backup lost the blobs uploaded for the mutations above
    `last_mutation_id` too: make them pending again, so the next pass asks it (HEAD) first."""
    db.execute(
        "UPDATE blobs SET state = 'pending' WHERE state = 'uploaded' "
        f"AND sha256 IN ({PENDING_TEXTS} AND outbox.mutation_id > ?)",
        [last_mutation_id],
    )


def mark_lost(db, record_text):
    """Mark `missing` the sent blobs that a server copy flagged incomplete names (its JSON)."""
    db.execute(
        "UPDATE blobs SET state = 'missing' WHERE state = 'uploaded' AND instr(?, sha256) > 0",
        [record_text],
    )


def flagged_incomplete(data):
    """True when a server copy's JSON bytes say `incomplete: true` (parsed only when the key
    is in them, which is rare)."""
    return INCOMPLETE_KEY in data and orjson.loads(data).get("incomplete") is True
