"""`notices`: what people must review — rejected and conflicting mutations, refused blobs.
All SQL on `notices` is here.

A notice is written in the transaction that applies the server's answer (or marks the blob
failed), so nothing the server refused goes unnoticed; a person dismisses it (`seen`).
Writes run inside the caller's transaction.
"""

import orjson

from sync.client.database import dumps


def add(db, kind, detail, now, mutation=None):
    """Write a notice of `kind` with its `detail` (JSON), about `mutation` when there is one."""
    mutation = mutation or {}
    db.execute(
        "INSERT INTO notices (kind, collection, record_id, mutation_id, detail, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            kind,
            mutation.get("collection"),
            mutation.get("record_id"),
            mutation.get("mutation_id"),
            dumps(detail),
            now or "",
        ],
    )


def listing(db, kind=None, *, include_seen=False):
    """Notices (of `kind`, unseen ones unless told), oldest first, `detail` parsed."""
    clauses = ["1 = 1" if include_seen else "seen = 0"]
    params = []
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    cursor = db.execute(f"SELECT * FROM notices WHERE {' AND '.join(clauses)} ORDER BY id", params)
    names = [c[0] for c in cursor.description]
    found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [{**notice, "detail": orjson.loads(notice["detail"])} for notice in found]


def dismiss(db, notice_id):
    """Mark a notice as seen by a person."""
    db.execute("UPDATE notices SET seen = 1 WHERE id = ?", [notice_id])


def unseen_conflict_keys(db):
    """The (collection, id) of every record with a conflict no one has looked at yet."""
    sql = "SELECT DISTINCT collection, record_id FROM notices WHERE kind = 'conflict' AND seen = 0"
    return {(collection, record_id) for collection, record_id in db.execute(sql)}


def unseen_conflicts(db):
    """How many conflict notices no one has looked at yet."""
    sql = "SELECT count(*) FROM notices WHERE kind = 'conflict' AND seen = 0"
    return db.execute(sql).fetchone()[0]
