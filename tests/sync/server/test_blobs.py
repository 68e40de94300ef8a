"""Blobs: resumable uploads with tus semantics, content addressing, access, `incomplete`."""

import hashlib

import pytest

from sync.server.blobs import MAX_BLOB_BYTES, BlobStore
from sync.server.records import get_record
from tests.sync.server.support import create, new_id

PHOTO = bytes(range(256)) * 40
SHA = hashlib.sha256(PHOTO).hexdigest()


@pytest.fixture
def store(world, tmp_path):
    return BlobStore(world.db, tmp_path / "blobs")


def test_interrupted_upload_resumes_from_the_offset(store):
    assert store.status(SHA) == (False, 0, None)
    assert store.append(SHA, 0, len(PHOTO), PHOTO[:4000]) == (204, 4000)
    assert store.status(SHA) == (False, 4000, len(PHOTO))
    assert store.append(SHA, 4000, len(PHOTO), PHOTO[4000:]) == (201, len(PHOTO))
    assert store.status(SHA) == (True, len(PHOTO), len(PHOTO))
    with store.open(SHA) as blob:
        assert blob.read() == PHOTO
    assert store.path(SHA).parent.name == SHA[:2]
    assert not store.partial_path(SHA).exists()


def test_wrong_offset_is_409_with_the_offset_held(store):
    store.append(SHA, 0, len(PHOTO), PHOTO[:1000])
    assert store.append(SHA, 3000, len(PHOTO), PHOTO[3000:]) == (409, 1000)
    assert store.append(SHA, 0, len(PHOTO), PHOTO) == (409, 1000)


def test_duplicate_upload_is_200_and_stored_once(store, tmp_path):
    store.append(SHA, 0, len(PHOTO), PHOTO)
    assert store.append(SHA, 0, len(PHOTO), PHOTO) == (200, len(PHOTO))
    files = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    assert files == [store.path(SHA)]


def test_hash_mismatch_is_422_and_discarded(store):
    wrong = PHOTO[:-1] + b"\x00"
    assert store.append(SHA, 0, len(wrong), wrong) == (422, 0)
    assert store.status(SHA) == (False, 0, None)
    assert not store.partial_path(SHA).exists()


def test_blob_above_the_limit_is_413(store):
    assert store.append(SHA, 0, MAX_BLOB_BYTES + 1, b"x")[0] == 413


def test_name_that_is_not_a_sha256_is_400(store):
    assert store.append("../etc/passwd", 0, 1, b"x")[0] == 400


def test_only_who_sees_a_live_record_may_read_the_blob(world, store):
    store.append(SHA, 0, len(PHOTO), PHOTO)
    check = world.check(world.refs["job"]["id"], photo_hashes=[SHA])
    world.push(world.inspector_a, create("checks", check))
    assert store.can_read(world.inspector_a, SHA)
    assert store.can_read(world.dispatcher, SHA)
    assert store.can_read(world.admin, SHA)
    assert not store.can_read(world.inspector_b, SHA)
    assert not store.can_read(world.inspector_a, "0" * 64)


def test_record_is_incomplete_until_its_blob_arrives(world, store):
    check_id = new_id()
    check = world.check(world.refs["job"]["id"], photo_hashes=[SHA])
    result = world.push(world.inspector_a, create("checks", check, check_id))["results"][0]
    assert result["status"] == "applied"
    assert result["record"]["incomplete"] is True
    store.append(SHA, 0, len(PHOTO), PHOTO[:100])
    assert get_record(world.db, "checks", check_id)["incomplete"] is True
    store.append(SHA, 100, len(PHOTO), PHOTO[100:])
    record = get_record(world.db, "checks", check_id)
    assert "incomplete" not in record
    assert record["version"] == 2


def test_record_whose_blob_is_held_is_complete(world, store):
    store.append(SHA, 0, len(PHOTO), PHOTO)
    check = world.check(world.refs["job"]["id"], signature_hash=SHA)
    result = world.push(world.inspector_a, create("checks", check))["results"][0]
    assert "incomplete" not in result["record"]
