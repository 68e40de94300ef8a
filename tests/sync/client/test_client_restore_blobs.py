"""Regression: after the server is restored from a backup, the device uploads again the blobs
of the mutations it re-pushes, so no re-pushed record is left `incomplete` for good.

The device used to keep such blobs marked `uploaded` (the server had them before the
restore) and re-push the records without them: the server stored the records with
`incomplete: true` and nothing ever sent the bytes again.
"""

import pytest

from sync.server.records import get_record
from tests.domain.factories import new_id
from tests.sync.client.inprocess_world import ServerWorld


@pytest.fixture
def world(tmp_path):
    return ServerWorld.open(tmp_path)


def _photo_check(world, tablet, content):
    sha = tablet.replica.add_blob(content)
    check_id = new_id()
    fields = world.check(world.a.job, photo_hashes=[sha])
    tablet.replica.save("checks", check_id, fields, op="create")
    return check_id, sha


def _assert_complete(world, check_ids, hashes):
    for check_id in check_ids:
        record = get_record(world.db, "checks", check_id)
        assert record is not None and not record.get("incomplete"), check_id
    for sha in hashes:
        assert world.blobs.status(sha)[0], sha


def test_the_probe_mutation_gets_its_blob_before_a_restored_server_applies_it(world):
    tablet = world.device(world.a.inspector)
    tablet.engine.run()
    backup = world.backup()  # the server has never seen a mutation of this device
    check_id, sha = _photo_check(world, tablet, b"photo one " * 500)
    assert tablet.engine.run().outcome == "ok"
    world.restore(backup)
    assert tablet.engine.run().outcome == "ok"  # the probe (mutation 1) is applied
    _assert_complete(world, [check_id], [sha])


def test_reopened_mutations_get_their_blobs_again(world):
    tablet = world.device(world.a.inspector)
    first = new_id()
    tablet.replica.save("checks", first, world.check(world.a.job), op="create")
    tablet.engine.run()
    backup = world.backup()
    made = [_photo_check(world, tablet, f"photo {n} ".encode() * 500) for n in (1, 2)]
    assert tablet.engine.run().outcome == "ok"
    world.restore(backup)
    status = tablet.engine.run()
    assert (status.outcome, status.pending) == ("ok", 0)
    _assert_complete(world, [first, *(c for c, _ in made)], [s for _, s in made])
