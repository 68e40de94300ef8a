"""Per-field history: which version last changed each field of a record, and who wrote it.

Push needs it to judge an update made on a stale `base_version`: a sent field that nobody
changed since the base merges cleanly; one that someone else changed is a conflict, decided
by the role of that other writer (`domain.ownership.winning_role`). `write_record` calls
`note_changed_fields` inside its transaction, so the history never disagrees with the record.

    >>> import sqlite_utils
    >>> from sync.server.schema import ensure_schema
    >>> from domain.access import Actor
    >>> from sync.server.records import write_record
    >>> db = sqlite_utils.Database(memory=True)
    >>> ensure_schema(db)
    >>> admin = Actor("u1", "admin", None)
    >>> _ = write_record(db, "offices", "o1", {"name_en": "Keelung"}, actor=admin, op="create")
    >>> _ = write_record(db, "offices", "o1", {"name_en": "Wudu"}, actor=admin, op="update")
    >>> changed_since(db, "offices", "o1", 1, ["name_en", "code"])["name_en"]["version"]
    2
"""


def note_changed_fields(db, collection, record_id, changed, version, actor, at):
    """Record that `changed` fields were last written at `version` by `actor`.

    MUST run inside the write's transaction; MUST be given only fields whose value changed.
    Version 1 (a create) is not written: `changed_since` asks for versions above a base, and
    a base is always at least 1, so rows of version 1 would never be read.
    """
    if version <= 1:
        return
    db.conn.executemany(
        "INSERT INTO field_versions (collection, record_id, field, version, role, user_id, "
        "device_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (collection, record_id, field) DO UPDATE SET version = excluded.version, "
        "role = excluded.role, user_id = excluded.user_id, device_id = excluded.device_id, "
        "at = excluded.at",
        [
            (collection, record_id, field, version, actor.role, actor.user_id, actor.device_id, at)
            for field in changed
        ],
    )


def changed_since(db, collection, record_id, base_version, field_names):
    """The fields among `field_names` changed after `base_version`: field → who and when."""
    names = list(field_names)
    if not names:
        return {}
    marks = ",".join("?" for _ in names)
    rows = db.execute(
        f"SELECT field, version, role, user_id, device_id, at FROM field_versions "
        f"WHERE collection = ? AND record_id = ? AND version > ? AND field IN ({marks})",
        [collection, record_id, base_version, *names],
    ).fetchall()
    keys = ("version", "role", "user_id", "device_id", "at")
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}


def forget_record(db, collection, record_id):
    """Drop a record's field history (when the record itself is purged)."""
    db.execute(
        "DELETE FROM field_versions WHERE collection = ? AND record_id = ?",
        [collection, record_id],
    )
