"""Regression: a server restored from a backup that predates a mutation it *refused* (rejected,
or rejected and then folded into a later save) must not leave the device stuck.

Mutation ids are gapless, so the restored server wants every id from its `last_mutation_id`
on — including the refused ones. The device used to re-push only acknowledged mutations, so
the server answered `retry` (gap) for ever, the run stopped with "an administrator must
restore them", and every acknowledged write after the refused one stayed lost. The device
now re-sends each refused id as an update that changes nothing and keeps it refused.
"""

import pytest

from sync.server.records import get_record
from tests.domain.factories import new_id
from tests.sync.client.inprocess_world import ServerWorld


@pytest.fixture
def world(tmp_path):
    return ServerWorld.open(tmp_path)


def _mutation_states(tablet):
    rows = tablet.replica.db.execute("SELECT mutation_id, state FROM outbox ORDER BY 1")
    return dict(rows.fetchall())


@pytest.mark.parametrize("fold", [False, True])
def test_refused_mutation_after_the_backup_does_not_block_the_re_push(world, fold):
    tablet = world.device(world.a.inspector)
    tablet.engine.run()
    backup = world.backup()
    job_id = world.a.job["id"]
    tablet.replica.save("jobs", job_id, {"status": "done"})  # requested → done: refused
    check_id = new_id()
    tablet.replica.save("checks", check_id, world.check(world.a.job), op="create")
    assert tablet.engine.run().rejected == 1
    if fold:  # the person fixes the refused edit: mutation 1 becomes superseded
        tablet.replica.save("jobs", job_id, {"status": "requested", "notes": "fixed"})
        assert tablet.engine.run().outcome == "ok"
    world.restore(backup)
    status = tablet.engine.run()
    assert (status.outcome, status.pending) == ("ok", 0), status.last_error
    assert get_record(world.db, "checks", check_id) is not None  # re-pushed, not lost
    job = get_record(world.db, "jobs", job_id)
    assert job["status"] == "requested"  # the refusal still holds
    assert job.get("notes") == ("fixed" if fold else world.a.job.get("notes"))
    assert _mutation_states(tablet)[1] == ("superseded" if fold else "rejected")
    assert tablet.records() == world.view(tablet.actor)
