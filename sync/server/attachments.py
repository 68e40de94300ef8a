"""Which records reference which blobs, which of those links count, and the `incomplete` flag.

A record names its attachments by SHA-256 in `photo_hashes` (a list) and `signature_hash`.
Push links each record to its hashes in `record_blobs`, one row per hash, saying who
brought the hash into the record (`linked_by`) and whether the link **counts**: it does when
that user may see the blob (`sync.server.blob_access.may_see`: they uploaded it, or can
already read it). A link that does not count is treated exactly like a link to a blob that
does not exist yet: it opens nothing (`can_read` ignores it) and the record is stored with
the data field `incomplete: true` (a server-written field: devices never send it; it travels
inside `data` on pull). A hash the record already links keeps its link as it is when
someone else edits the record; links of a deleted record are judged anew when it is
created again.

A record is `incomplete` while one of its links does not count, or links a blob the server
no longer holds (lost in a restore from backup). When a user completes an upload
(`blob_completed`), the links they made to that blob count, and every record linking it that
waits for nothing else is re-written without the flag, so devices pull it again, complete.
"""

from sync.server.blob_access import may_see
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


def _live_links(db, collection, record_id):
    """sha256 → (linked_by, counted) for the links of the record as stored, if it is live."""
    rows = db.execute(
        "SELECT b.sha256, b.linked_by, b.counted FROM record_blobs b JOIN records r "
        "ON r.collection = b.collection AND r.id = b.record_id AND r.deleted = 0 "
        "WHERE b.collection = ? AND b.record_id = ?",
        [collection, record_id],
    ).fetchall()
    return {sha: (linked_by, counted) for sha, linked_by, counted in rows}


def link_blobs(db, actor, collection, record_id, hashes, *, linked=True):
    """Make `record_blobs` list exactly `hashes` for the record `actor` writes.

    `linked` is False when the record has no live row (a create): it keeps no link then.
    MUST run inside the transaction, before the record is written (a deleted record's
    links are judged anew).
    """
    kept = _live_links(db, collection, record_id) if linked else {}
    db.execute(
        "DELETE FROM record_blobs WHERE collection = ? AND record_id = ?", [collection, record_id]
    )
    db.conn.executemany(
        "INSERT INTO record_blobs (collection, record_id, sha256, linked_by, counted) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (collection, record_id, sha, *_judged_link(db, actor, sha, kept.get(sha)))
            for sha in sorted(hashes)
        ],
    )


def _judged_link(db, actor, sha256, kept):
    """(linked_by, counted) of one link: a link that counts stays; else it counts when
    `actor` may see the blob; else the link that was there stays, or `actor` makes one."""
    if kept and kept[1]:
        return kept
    if may_see(db, actor, sha256):
        return actor.user_id, 1
    return kept or (actor.user_id, 0)


def incomplete_flag(db, collection, record_id):
    """The value to store in `incomplete`: True while a link of the record does not count,
    or its blob is not held complete (lost, e.g. in a restore), else DROP it."""
    row = db.execute(
        "SELECT 1 FROM record_blobs b LEFT JOIN blobs h ON h.sha256 = b.sha256 AND h.complete = 1 "
        "WHERE b.collection = ? AND b.record_id = ? AND (b.counted = 0 OR h.sha256 IS NULL) "
        "LIMIT 1",
        [collection, record_id],
    ).fetchone()
    return True if row else DROP


def blob_completed(db, sha256, uploader):
    """`uploader` has just sent every byte of the blob: their links to it count now, and
    each live record flagged `incomplete` that links the blob is re-written without the
    flag once all its links count and their blobs are held.

    MUST run inside the transaction that records `uploader` as an uploader of the blob.
    """
    db.execute(
        "UPDATE record_blobs SET counted = 1 WHERE sha256 = ? AND linked_by = ? AND counted = 0",
        [sha256, uploader],
    )
    rows = db.execute(
        "SELECT r.collection, r.id FROM record_blobs b JOIN records r "
        "ON r.collection = b.collection AND r.id = b.record_id "
        "WHERE b.sha256 = ? AND r.deleted = 0 AND json_extract(r.data, '$.incomplete') = 1",
        [sha256],
    ).fetchall()
    for collection, record_id in rows:
        if incomplete_flag(db, collection, record_id) is DROP:
            write_record(db, collection, record_id, {"incomplete": DROP}, actor=SERVER, op="update")
