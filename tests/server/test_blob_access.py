"""Blob access in the office server: the migration that brings an existing database the
per-user uploads and counted links, and the blob routes' answers to strangers and to
malformed tus headers (over the Flask test client; tests/e2e covers the same over HTTP)."""

import hashlib

import pytest

from server.database.db import connect
from server.database.migrations import MIGRATIONS, migrate
from server.serving import body_limit
from sync.server.blobs import MAX_BLOB_BYTES

DATA = "簽名 signature bytes ".encode() * 300
SIZE = len(DATA)
SHA = hashlib.sha256(DATA).hexdigest()
TUS = "application/offset+octet-stream"
OLD_RECORD_BLOBS = """
CREATE TABLE record_blobs (
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (collection, record_id, sha256)
)
"""


def blob_migration_number():
    [number] = [
        n for n, m in enumerate(MIGRATIONS, start=1) if m.__name__ == "_m004_blob_uploads_per_user"
    ]
    return number


def database_before_blob_uploads(path):
    """A database as it was before per-user uploads: one row per blob, plain links."""
    db = connect(path)
    migrate(db)
    number = blob_migration_number()
    with db.conn:
        db.execute("DELETE FROM schema_migrations WHERE number = ?", [number])
        for table in ("blob_uploads", "blob_uploaders", "record_blobs"):
            db.execute(f"DROP TABLE {table}")
        db.execute(OLD_RECORD_BLOBS)
        db.execute("CREATE INDEX record_blobs_hash ON record_blobs (sha256)")
        db.execute(
            "INSERT INTO records (collection, id, version, updated_seq, data, created_at, "
            "updated_at, updated_by) VALUES ('checks', 'c1', 1, 1, '{}', 'now', 'now', 'u-writer')"
        )
        db.execute(
            "INSERT INTO blobs (sha256, size, received, complete, created_at) VALUES "
            "('held', 5, 5, 1, 'now'), ('half', 10, 4, 0, 'now')"
        )
        db.execute(
            "INSERT INTO record_blobs (collection, record_id, sha256) VALUES "
            "('checks', 'c1', 'held'), ('checks', 'c1', 'half')"
        )
    return db


def test_an_existing_database_gets_uploaders_and_counted_links(tmp_path):
    db = database_before_blob_uploads(tmp_path / "old.sqlite")
    assert migrate(db) == [blob_migration_number()]
    rows = db.execute(
        "SELECT sha256, linked_by, counted FROM record_blobs ORDER BY sha256"
    ).fetchall()
    # the link that opened a held blob still does; the waiting one is its writer's to finish
    assert [tuple(row) for row in rows] == [("half", "u-writer", 0), ("held", None, 1)]
    assert [row[0] for row in db.execute("SELECT sha256 FROM blobs")] == ["held"]
    assert {"blob_uploads", "blob_uploaders"} <= set(db.table_names())
    assert migrate(db) == []
    db.close()


def test_a_whole_blob_fits_in_one_patch_body_on_the_served_app(app):
    assert app.config["MAX_CONTENT_LENGTH"] < MAX_BLOB_BYTES
    assert body_limit(app) > MAX_BLOB_BYTES  # Waitress hands such a body to the app


@pytest.fixture
def inspector(auth):
    return auth("inspector.a")


@pytest.fixture
def stranger(auth):
    return auth("inspector.b")


def patch(client, headers, offset, chunk, total=SIZE, sha=SHA, **extra):
    sent = {"Upload-Offset": str(offset), "Upload-Length": str(total), "Content-Type": TUS}
    return client.patch(f"/api/v1/blobs/{sha}", data=chunk, headers={**headers, **sent, **extra})


def test_a_stranger_is_answered_as_for_a_blob_that_does_not_exist(client, inspector, stranger):
    missing = "f" * 64
    assert patch(client, inspector, 0, DATA).status_code == 201
    for sha in (SHA, missing):
        head = client.head(f"/api/v1/blobs/{sha}", headers=stranger)
        assert (head.status_code, head.headers["Upload-Offset"]) == (404, "0")
    got = client.get(f"/api/v1/blobs/{SHA}", headers=stranger)
    assert got.get_json() == client.get(f"/api/v1/blobs/{missing}", headers=stranger).get_json()
    assert patch(client, stranger, 0, DATA[:10]).status_code == 204  # a fresh upload
    assert client.head(f"/api/v1/blobs/{SHA}", headers=inspector).status_code == 200


@pytest.mark.parametrize("header", ["Upload-Offset", "Upload-Length"])
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "+1", "1e3", ""])
def test_a_tus_header_that_is_not_ascii_digits_is_400_naming_it(client, inspector, header, value):
    answer = patch(client, inspector, 0, DATA[:10], **{header: value})
    assert answer.status_code == 400
    body = answer.get_json()
    assert header in body["message"] and list(body["errors"]) == [header]
    assert client.head(f"/api/v1/blobs/{SHA}", headers=inspector).headers["Upload-Offset"] == "0"
