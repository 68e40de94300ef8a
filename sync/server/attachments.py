"""Which records reference which blobs, and the `incomplete` flag while one is missing.

A record names its attachments by SHA-256 in `photo_hashes` (a list) and `signature_hash`.
Push links each record to its hashes in `record_blobs` and, while any of them is not held
complete by the blob store, stores the record with the data field `incomplete: true` (a
server-written field: devices never send it; it travels inside `data` on pull). When the
blob store completes a blob, `blob_completed` re-writes every record that was waiting only
for it without the flag, so devices pull the record again, complete.
"""

from sync.server.outcome import SERVER
from sync.server.records import DROP, write_record

BLOB_FIELDS = ("photo_hashes", "signature_hash")
SERVER_FIELDS = ("incomplete",)


def blob_hashes(data):
    """The blob hashes a record's data references."""
    hashes = set(data.get("photo_hashes") or [])
    if data.get("signature_hash"):
        hashes.add(data["signature_hash"])
    return hashes


def without_server_fields(data):
    """The record's data without the fields only the server writes (for validation)."""
    return {key: value for key, value in data.items() if key not in SERVER_FIELDS}


def missing_blobs(db, hashes):
    """The hashes among `hashes` that the blob store does not hold complete."""
    if not hashes:
        return set()
    marks = ",".join("?" for _ in hashes)
    rows = db.execute(
        f"SELECT sha256 FROM blobs WHERE complete = 1 AND sha256 IN ({marks})", sorted(hashes)
    ).fetchall()
    return set(hashes) - {row[0] for row in rows}


def link_blobs(db, collection, record_id, hashes):
    """Make `record_blobs` list exactly `hashes` for the record (inside the transaction)."""
    db.execute(
        "DELETE FROM record_blobs WHERE collection = ? AND record_id = ?", [collection, record_id]
    )
    db.conn.executemany(
        "INSERT INTO record_blobs (collection, record_id, sha256) VALUES (?, ?, ?)",
        [(collection, record_id, sha) for sha in sorted(hashes)],
    )


def incomplete_flag(db, data):
    """The value to store in `incomplete`: True while a blob is missing, else DROP it."""
    return True if missing_blobs(db, blob_hashes(data)) else DROP


def blob_completed(db, sha256):
    """Re-write, without `incomplete`, each live record that now has all its blobs.

    MUST run inside the transaction that marks the blob complete.
    """
    rows = db.execute(
        "SELECT r.collection, r.id, r.data FROM record_blobs b JOIN records r "
        "ON r.collection = b.collection AND r.id = b.record_id "
        "WHERE b.sha256 = ? AND r.deleted = 0 AND json_extract(r.data, '$.incomplete') = 1",
        [sha256],
    ).fetchall()
    for collection, record_id, _ in rows:
        if not missing_blobs(db, blob_hashes_of(db, collection, record_id)):
            write_record(db, collection, record_id, {"incomplete": DROP}, actor=SERVER, op="update")


def blob_hashes_of(db, collection, record_id):
    """The hashes `record_blobs` lists for a record."""
    rows = db.execute(
        "SELECT sha256 FROM record_blobs WHERE collection = ? AND record_id = ?",
        [collection, record_id],
    ).fetchall()
    return {row[0] for row in rows}
