"""Blobs: resumable uploads per uploader, content addressing, who may see a blob, `incomplete`.

Knowing a hash is not enough: a blob is there, for a user, only when they uploaded it or
can see a live record whose link to it counts; a link counts only when its pusher could
already see the blob (or uploads it later).
"""

import hashlib

import pytest

from sync.server.blobs import MAX_BLOB_BYTES, BlobStore
from sync.server.records import get_record
from tests.domain import factories as f
from tests.domain.factories import new_id
from tests.sync.server.support import create, update

PHOTO = bytes(range(256)) * 40
SHA = hashlib.sha256(PHOTO).hexdigest()
SIZE = len(PHOTO)


@pytest.fixture
def store(world, tmp_path):
    return BlobStore(world.db, tmp_path / "blobs")


def push_check(world, who, job, record_id=None, **fields):
    """Push a check of `who` on `job`; returns its result entry."""
    check = world.check(job, inspector_id=who.user_id, **fields)
    return world.push(who, create("checks", check, record_id))["results"][0]


def links(world, sha=SHA):
    """(linked_by, counted) of every link to the blob."""
    rows = world.db.execute(
        "SELECT linked_by, counted FROM record_blobs WHERE sha256 = ? ORDER BY linked_by", [sha]
    ).fetchall()
    return [tuple(row) for row in rows]


def test_interrupted_upload_resumes_from_the_offset(world, store):
    a = world.a.inspector
    assert store.status_for(a, SHA) == (False, 0, None)
    assert store.append(a, SHA, 0, SIZE, PHOTO[:4000]) == (204, 4000)
    assert store.status_for(a, SHA) == (False, 4000, SIZE)
    assert store.status(SHA) == (False, 0, None)  # nothing is held complete yet
    assert store.append(a, SHA, 4000, SIZE, PHOTO[4000:]) == (201, SIZE)
    assert store.status_for(a, SHA) == (True, SIZE, SIZE)
    assert store.status(SHA) == (True, SIZE, SIZE)
    with store.open(SHA) as blob:
        assert blob.read() == PHOTO
    assert store.path(SHA).parent.name == SHA[:2]
    assert not store.partial_path(SHA, a.user_id).exists()


def test_wrong_offset_is_409_with_the_offset_held(world, store):
    a = world.a.inspector
    store.append(a, SHA, 0, SIZE, PHOTO[:1000])
    assert store.append(a, SHA, 3000, SIZE, PHOTO[3000:]) == (409, 1000)
    assert store.append(a, SHA, 0, SIZE, PHOTO) == (409, 1000)


def test_duplicate_upload_is_200_and_stored_once(world, store, tmp_path):
    a = world.a.inspector
    store.append(a, SHA, 0, SIZE, PHOTO)
    assert store.append(a, SHA, 0, SIZE, PHOTO) == (200, SIZE)
    files = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    assert files == [store.path(SHA)]


def test_hash_mismatch_is_422_and_discarded(world, store):
    a = world.a.inspector
    wrong = PHOTO[:-1] + b"\x00"
    assert store.append(a, SHA, 0, len(wrong), wrong) == (422, 0)
    assert store.status_for(a, SHA) == (False, 0, None)
    assert not store.partial_path(SHA, a.user_id).exists()


def test_blob_above_the_limit_is_413(world, store):
    assert store.append(world.a.inspector, SHA, 0, MAX_BLOB_BYTES + 1, b"x")[0] == 413


def test_name_that_is_not_a_sha256_is_400(world, store):
    assert store.append(world.a.inspector, "../etc/passwd", 0, 1, b"x")[0] == 400
    assert store.status_for(world.a.inspector, "../etc/passwd") == (False, 0, None)


def test_only_who_sees_a_live_record_may_read_the_blob(world, store):
    store.append(world.a.inspector, SHA, 0, SIZE, PHOTO)
    push_check(world, world.a.inspector, world.a.job, photo_hashes=[SHA])
    assert store.can_read(world.a.inspector, SHA)
    assert store.can_read(world.a.dispatcher, SHA)
    assert store.can_read(world.admin, SHA)
    assert not store.can_read(world.a.inspectors[1], SHA)
    assert not store.can_read(world.a.inspector, "0" * 64)


def test_record_is_incomplete_until_its_pusher_uploads_the_blob(world, store):
    check_id = new_id()
    result = push_check(world, world.a.inspector, world.a.job, check_id, photo_hashes=[SHA])
    assert result["status"] == "applied"
    assert result["record"]["incomplete"] is True
    store.append(world.a.inspector, SHA, 0, SIZE, PHOTO[:100])
    assert get_record(world.db, "checks", check_id)["incomplete"] is True
    store.append(world.a.inspector, SHA, 100, SIZE, PHOTO[100:])
    record = get_record(world.db, "checks", check_id)
    assert "incomplete" not in record
    assert record["version"] == 2
    assert store.can_read(world.a.dispatcher, SHA)


def test_record_whose_blob_its_pusher_uploaded_is_complete(world, store):
    store.append(world.a.inspector, SHA, 0, SIZE, PHOTO)
    result = push_check(world, world.a.inspector, world.a.job, signature_hash=SHA)
    assert "incomplete" not in result["record"]
    assert links(world) == [(world.a.inspector.user_id, 1)]


def test_a_hash_its_pusher_neither_uploaded_nor_can_read_opens_nothing(world, store):
    a, b = world.a.inspector, world.a.inspectors[1]
    store.append(a, SHA, 0, SIZE, PHOTO)
    push_check(world, a, world.a.job, photo_hashes=[SHA])
    own_job = world.new_job(b)
    check_id = new_id()
    result = push_check(world, b, own_job, check_id, photo_hashes=[SHA])
    assert result["status"] == "applied" and result["record"]["incomplete"] is True
    assert not store.can_read(b, SHA)
    assert store.status_for(b, SHA) == (False, 0, None)  # as if it did not exist
    assert store.append(b, SHA, 0, SIZE, PHOTO[:10]) == (204, 10)  # a fresh upload of their own
    assert get_record(world.db, "checks", check_id)["incomplete"] is True
    assert store.append(b, SHA, 10, SIZE, PHOTO[10:]) == (201, SIZE)  # never 200
    assert "incomplete" not in get_record(world.db, "checks", check_id)
    assert store.can_read(b, SHA)
    assert world.db.execute("SELECT count(*) FROM blob_uploaders").fetchone()[0] == 2


def test_someone_elses_upload_does_not_complete_a_strangers_record(world, store):
    a, b = world.a.inspector, world.a.inspectors[1]
    check_id = new_id()
    push_check(world, b, world.new_job(b), check_id, photo_hashes=[SHA])  # before any upload
    assert store.append(a, SHA, 0, SIZE, PHOTO) == (201, SIZE)
    assert get_record(world.db, "checks", check_id)["incomplete"] is True
    assert not store.can_read(b, SHA)


def test_a_reader_may_link_the_blob(world, store):
    a, b = world.a.inspector, world.a.inspectors[1]
    job = world.new_job()
    world.put(
        "assignments",
        f.make_assignment(job_id=job["id"], inspector_ids=[a.user_id, b.user_id], vehicle_id=None),
        actor=world.a.dispatcher,
    )
    store.append(a, SHA, 0, SIZE, PHOTO)
    push_check(world, a, job, photo_hashes=[SHA])
    assert store.status_for(b, SHA) == (True, SIZE, SIZE)  # sees a's check
    assert store.append(b, SHA, 0, SIZE, PHOTO) == (200, SIZE)
    result = push_check(world, b, job, photo_hashes=[SHA])
    assert "incomplete" not in result["record"]
    assert links(world) == sorted([(a.user_id, 1), (b.user_id, 1)])


def test_an_edit_by_someone_else_keeps_the_links_as_they_are(world, store):
    a = world.a.inspector
    counted, waiting = SHA, hashlib.sha256(b"signature").hexdigest()
    store.append(a, counted, 0, SIZE, PHOTO)
    check_id = new_id()
    push_check(world, a, world.a.job, check_id, photo_hashes=[counted], signature_hash=waiting)
    version = get_record(world.db, "checks", check_id)["version"]
    edit = update("checks", check_id, version, {"notes": "checked by the office"})
    assert world.push(world.admin, edit)["results"][0]["status"] == "applied"
    assert links(world, counted) == [(a.user_id, 1)]
    assert links(world, waiting) == [(a.user_id, 0)]  # still waits for a's upload
    assert store.append(a, waiting, 0, 9, b"signature") == (201, 9)
    assert "incomplete" not in get_record(world.db, "checks", check_id)


def test_a_hash_dropped_from_the_record_is_unlinked(world, store):
    a = world.a.inspector
    store.append(a, SHA, 0, SIZE, PHOTO)
    check_id = new_id()
    push_check(world, a, world.a.job, check_id, photo_hashes=[SHA])
    version = get_record(world.db, "checks", check_id)["version"]
    world.push(a, update("checks", check_id, version, {"photo_hashes": []}))
    assert links(world) == []
    assert not store.can_read(world.a.dispatcher, SHA)
    assert store.status_for(a, SHA) == (True, SIZE, SIZE)  # still its uploader


def test_each_user_has_their_own_upload_of_the_same_bytes(world, store):
    a, b = world.a.inspector, world.a.inspectors[1]
    assert store.append(a, SHA, 0, SIZE, PHOTO[:1000]) == (204, 1000)
    assert store.append(b, SHA, 0, SIZE + 1, b"x") == (204, 1)  # another length: b's own
    assert store.append(b, SHA, 1000, SIZE, PHOTO[1000:]) == (409, 0)  # not b's offset
    assert store.status_for(a, SHA) == (False, 1000, SIZE)
    assert store.append(b, SHA, 0, SIZE, PHOTO) == (201, SIZE)  # b finishes first
    assert store.status_for(a, SHA) == (False, 1000, SIZE)  # a is not told
    assert store.append(a, SHA, 1000, SIZE, PHOTO[1000:]) == (201, SIZE)  # a finishes its own
    assert store.status_for(a, SHA) == (True, SIZE, SIZE)
    assert list((store.directory / "partial").iterdir()) == []


def test_a_complete_blob_a_stranger_forges_stays_intact(world, store):
    a, b = world.a.inspector, world.a.inspectors[1]
    store.append(a, SHA, 0, SIZE, PHOTO)
    forged = b"\x00" * SIZE
    assert store.append(b, SHA, 0, SIZE, forged) == (422, 0)
    with store.open(SHA) as blob:
        assert blob.read() == PHOTO
    assert store.status_for(a, SHA) == (True, SIZE, SIZE)
    assert store.status_for(b, SHA) == (False, 0, None)


def test_a_lost_blob_uploaded_again_completes_its_records(world, store):
    a = world.a.inspector
    store.append(a, SHA, 0, SIZE, PHOTO)
    check_id = new_id()
    push_check(world, a, world.a.job, check_id, photo_hashes=[SHA])
    world.db.execute("DELETE FROM blobs WHERE sha256 = ?", [SHA])  # lost, e.g. in a restore
    version = get_record(world.db, "checks", check_id)["version"]
    world.push(a, update("checks", check_id, version, {"notes": "again"}))
    assert get_record(world.db, "checks", check_id)["incomplete"] is True
    assert store.status_for(a, SHA) == (False, 0, None)
    assert store.append(a, SHA, 0, SIZE, PHOTO) == (201, SIZE)
    assert "incomplete" not in get_record(world.db, "checks", check_id)
