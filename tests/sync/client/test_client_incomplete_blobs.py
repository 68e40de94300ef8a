"""Regression: a blob the server flags missing (`incomplete: true` on a record sent to the device)
is uploaded again, even when no pending mutation references it any more.

The case: the device uploads a photo, its push fails, and the server is then restored from
a backup older than the upload. The next run pushes the check to the restored server — the
device does not know of the restore yet, so it thinks the blob is there — and the server
stores the check `incomplete`. The device used to keep the blob marked `uploaded` and never
sent it again: the check stayed incomplete for good.
"""

import pytest

from sync.server.outcome import SERVER
from sync.server.records import get_record
from sync.testing.faulty_transport import Fault
from tests.domain.factories import new_id
from tests.sync.client.inprocess_world import ServerWorld


@pytest.fixture
def world(tmp_path):
    return ServerWorld.open(tmp_path)


def _uploaded_then_restored(world):
    """A check whose photo went up but whose push did not, then a restore from before the
    upload: (tablet, check id, blob hash)."""
    offline = [Fault("push", "before_send", call=n) for n in range(1, 6)]
    tablet = world.device(world.a.inspector, offline)
    tablet.engine.run()
    backup = world.backup()
    sha = tablet.replica.add_blob(b"photo " * 1000)
    check_id = new_id()
    fields = world.check(world.a.job, photo_hashes=[sha])
    tablet.replica.save("checks", check_id, fields, op="create")
    assert tablet.engine.run().outcome == "offline"  # the blob went up, the push did not
    assert world.blobs.status(sha)[0]
    world.restore(backup)
    return tablet, check_id, sha


def test_blob_lost_by_a_restore_before_its_push_is_uploaded_again(world):
    tablet, check_id, sha = _uploaded_then_restored(world)
    assert tablet.engine.run().outcome == "ok"
    assert get_record(world.db, "checks", check_id)["incomplete"] is True
    assert tablet.engine.run().outcome == "ok"  # the server says the blob is missing: resend
    assert world.blobs.status(sha)[0]
    assert not get_record(world.db, "checks", check_id).get("incomplete")
    assert tablet.records() == world.view(tablet.actor)


def test_blob_lost_by_a_restore_is_uploaded_again_after_its_job_left_the_device(world):
    """The same, but the job is reassigned meanwhile: the device purges the check as soon
    as it has pushed it, so no record it holds says the blob is missing — the push answer
    that stored the check `incomplete` must be enough to send the blob again."""
    tablet, check_id, sha = _uploaded_then_restored(world)
    reassigned = {"inspector_ids": [world.a.inspectors[1].user_id]}
    world.edit("assignments", world.a.assignment["id"], reassigned)
    assert tablet.engine.run().outcome == "ok"
    assert get_record(world.db, "checks", check_id)["incomplete"] is True
    assert ("checks", check_id) not in tablet.records()  # the job is no longer theirs
    assert tablet.engine.run().outcome == "ok"
    assert world.blobs.status(sha)[0]
    assert not get_record(world.db, "checks", check_id).get("incomplete")


def test_a_pulled_record_flagged_incomplete_has_its_sent_blob_sent_again(world):
    tablet = world.device(world.a.inspector)
    sha = tablet.replica.add_blob(b"signature " * 300)
    check_id = new_id()
    fields = world.check(world.a.job, signature_hash=sha)
    tablet.replica.save("checks", check_id, fields, op="create")
    assert tablet.engine.run().outcome == "ok"
    world.db.execute("DELETE FROM blobs WHERE sha256 = ?", [sha])  # the server lost it
    world.edit("checks", check_id, {"incomplete": True}, actor=SERVER)
    assert tablet.engine.run().outcome == "ok"  # pulls the flagged copy
    assert tablet.engine.run().outcome == "ok"
    assert world.blobs.status(sha)[0]
    assert not get_record(world.db, "checks", check_id).get("incomplete")
    assert tablet.records() == world.view(tablet.actor)
