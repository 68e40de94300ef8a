"""The one reader of a record's stored row, for every write and every rule that needs it.

`read_row(db, collection, record_id)` is a `StoredRow` (the data parsed, as stored, with the
server-written fields) or None. Push and the REST store read the row once and hand it on:
`sync.server.records.write_record` takes it instead of reading it again.
"""

from dataclasses import dataclass

from sync.codec import loads


@dataclass(frozen=True)
class StoredRow:
    """A record row as stored: its data (parsed), version, tombstone, office and seq."""

    data: dict
    version: int
    deleted: bool
    office_id: str | None
    updated_seq: int

    @property
    def live(self):
        """True unless the record is a tombstone."""
        return not self.deleted


def read_row(db, collection, record_id):
    """The stored row of `collection`/`record_id`, or None when nothing is stored."""
    row = db.execute(
        "SELECT data, version, deleted, office_id, updated_seq FROM records "
        "WHERE collection = ? AND id = ?",
        [collection, record_id],
    ).fetchone()
    if row is None:
        return None
    return StoredRow(loads(row[0]), row[1], bool(row[2]), row[3], row[4])
