"""Each blob is asked about (HEAD) and sent once per run, however many batches the push takes.

Every push answer used to mark the blobs of all mutations still to push as to be checked
again, so a backlog with photos asked the server about each of them once per batch: a
tablet back from days offline sent thousands of needless requests over mobile data.
"""

import pytest

from sync.server.records import get_record
from tests.domain.factories import new_id
from tests.sync.client.doubles import RecordingTransport
from tests.sync.client.inprocess_world import ServerWorld


@pytest.fixture
def world(tmp_path):
    return ServerWorld.open(tmp_path)


def test_a_backlog_asks_about_each_blob_once(world):
    tablet = world.device(world.a.inspector, batch_size=2)
    recording = RecordingTransport(tablet.engine.transport)
    tablet.engine.transport = recording
    checks = {}
    for n in range(6):
        sha = tablet.replica.add_blob(f"photo {n} ".encode() * 200)
        check_id = new_id()
        fields = world.check(world.a.job, photo_hashes=[sha])
        tablet.replica.save("checks", check_id, fields, op="create")
        checks[check_id] = sha
    assert tablet.engine.run().outcome == "ok"
    asked = [call[1] for call in recording.calls if call[0] == "blob_status"]
    assert sorted(asked) == sorted(checks.values())
    pushes = [call for call in recording.calls if call[0] == "push"]
    assert len(pushes) == 3
    for check_id in checks:
        assert not get_record(world.db, "checks", check_id).get("incomplete")
