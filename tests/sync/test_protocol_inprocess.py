"""SYNC-PROTOCOL §7, items 1–10: the client engine against the real server half, in process.

Each test drives tablets (`Replica` + `SyncEngine` through `InProcessTransport`, with
`FaultyTransport` where faults are planned) against a sqlite-utils office database built
with `ensure_schema` and `write_record` (see `tests/sync/client/inprocess_world.py`).
"""

import json
import threading

import pytest

from sync.client.transport import SyncRefused
from sync.server.blobs import BlobStore
from sync.server.records import get_record
from sync.testing.faulty_transport import Fault
from tests.domain.factories import new_id
from tests.sync.client.doubles import GatedPush, SimulatedCrash, StepRecorder
from tests.sync.client.inprocess_world import ServerWorld


@pytest.fixture
def world(tmp_path):
    return ServerWorld.open(tmp_path)


def test_1_response_lost_after_commit_retry_gives_exactly_one_copy(world):
    tablet = world.device(world.a.inspector, [Fault("push", "lose_response", call=1)])
    check_id = new_id()
    tablet.replica.save("checks", check_id, world.check(world.a.job), op="create")
    assert tablet.engine.run().outcome == "ok"
    assert world.count("checks") == 1
    stored = world.db.execute("SELECT result FROM mutation_results").fetchall()
    assert len(stored) == 1 and json.loads(stored[0][0])["status"] == "applied"
    assert tablet.replica.get("checks", check_id)["version"] == 1
    assert tablet.records() == world.view(tablet.actor)


def _clone(source, target):
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_2_killed_between_page_and_cursor_and_at_every_step_converges(world, tmp_path):
    seed = world.device(world.a.inspector)
    seed.replica.save("checks", new_id(), world.check(world.a.job), op="create")
    world.edit("jobs", world.a.job["id"], {"notes": "Bring the 20 L measure."})
    seed.replica.close()
    backup = world.backup()
    dry = StepRecorder()
    _clone(seed.replica.path, tmp_path / "dry" / "replica.db")
    world.device(world.a.inspector, path=tmp_path / "dry" / "replica.db", hook=dry).engine.run()
    assert {"pull:change", "pull:cursor", "pull:committed"} <= set(dry.steps)
    for crash_at in range(1, len(dry.steps) + 1):
        world.restore(backup, new_epoch=False)  # the same server, before this attempt
        path = tmp_path / f"crash-{crash_at}" / "replica.db"
        _clone(seed.replica.path, path)
        hook = StepRecorder(crash_at)
        with pytest.raises(SimulatedCrash):
            world.device(world.a.inspector, path=path, hook=hook).engine.run()
        tablet = world.device(world.a.inspector, path=path)
        assert tablet.engine.run().outcome == "ok", dry.steps[crash_at - 1]
        assert tablet.records() == world.view(tablet.actor), dry.steps[crash_at - 1]
        assert world.count("checks") == 1, dry.steps[crash_at - 1]
        tablet.replica.close()


def test_3_device_clock_years_off_changes_no_ordering_merging_or_paging(world):
    years_ahead = world.device(
        world.a.inspector, now=lambda: "2049-01-01T00:00:00+00:00", clock=lambda: 1e9, page_limit=2
    )
    job_id = world.a.job["id"]
    years_ahead.engine.run()
    years_ahead.replica.save("jobs", job_id, {"notes": "second visit needed"})
    fields = world.check(world.a.job, recorded_at="1999-12-31T23:59:00+08:00")
    years_ahead.replica.save("checks", new_id(), fields, op="create")
    years_ahead.replica.save("jobs", job_id, {"notes": "done after all"})
    assert years_ahead.engine.run().outcome == "ok"
    assert get_record(world.db, "jobs", job_id)["notes"] == "done after all"
    other = world.device(world.a.inspector, page_limit=1)
    assert other.engine.run().outcome == "ok"
    assert other.records() == years_ahead.records() == world.view(other.actor)


def test_4_same_field_by_dispatcher_and_inspector_owner_wins_loser_kept(world):
    tablet = world.device(world.a.inspector)
    check_id = new_id()
    tablet.replica.save("checks", check_id, world.check(world.a.job), op="create")
    tablet.engine.run()
    world.edit("checks", check_id, {"notes": "dispatcher's note"})
    tablet.replica.save("checks", check_id, {"notes": "inspector's note"})
    status = tablet.engine.run()
    assert status.conflicts == 1
    assert get_record(world.db, "checks", check_id)["notes"] == "inspector's note"  # owner
    assert tablet.replica.get("checks", check_id)["notes"] == "inspector's note"
    entry = world.db.execute("SELECT data FROM records WHERE collection = 'conflicts'").fetchone()[
        0
    ]
    assert "dispatcher's note" in entry


def test_5_job_cancelled_while_results_recorded_offline_results_kept_job_flagged(world):
    tablet = world.device(world.a.inspector)
    tablet.engine.run()
    world.edit("jobs", world.a.job["id"], {"status": "cancelled"})
    check_id = new_id()
    tablet.replica.save("checks", check_id, world.check(world.a.job), op="create")
    status = tablet.engine.run()
    assert (status.outcome, status.rejected) == ("ok", 0)
    assert get_record(world.db, "checks", check_id) is not None
    job = tablet.replica.get("jobs", world.a.job["id"])
    stored = get_record(world.db, "jobs", job["id"])
    assert job["needs_review"] is True and stored["needs_review"] is True
    assert (job["status"], job["version"]) == (stored["status"], stored["version"])


def test_6_poison_mutation_is_rejected_and_the_rest_of_the_queue_goes_through(world):
    tablet = world.device(world.a.inspector)
    poison, good = new_id(), new_id()
    bad_fields = world.check(world.a.job, points="not a list")
    tablet.replica.save("checks", poison, bad_fields, op="create")
    tablet.replica.save("checks", good, world.check(world.a.job), op="create")
    status = tablet.engine.run()
    assert (status.outcome, status.rejected, status.pending) == ("ok", 1, 0)
    assert get_record(world.db, "checks", good) is not None
    assert get_record(world.db, "checks", poison) is None
    assert tablet.replica.get("checks", poison)["points"] == "not a list"  # still visible
    assert tablet.replica.sync_state("checks", poison)["errors"][0]["code"] == "validation"


def test_7_interrupted_blob_resumes_duplicate_stored_once_mismatch_refused(world):
    photo = bytes(range(256)) * 1000
    plan = [Fault("blob_append", "cut_upload", call=1, keep_bytes=70_000)]
    tablet = world.device(world.a.inspector, plan, chunk_size=100_000)
    sha = tablet.replica.add_blob(photo)
    check_id = new_id()
    fields = world.check(world.a.job, photo_hashes=[sha])
    tablet.replica.save("checks", check_id, fields, op="create")
    assert tablet.engine.run().outcome == "ok"
    assert world.blobs.status(sha) == (True, len(photo), len(photo))
    assert not get_record(world.db, "checks", check_id).get("incomplete")
    again = world.device(world.a.inspector)
    assert again.transport.blob_status(sha) == (True, len(photo))
    assert again.transport.blob_append(sha, 0, len(photo), photo) == len(photo)  # 200: no-op
    assert world.db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 1
    forged = "0" * 64
    with pytest.raises(SyncRefused) as refused:
        again.transport.blob_append(forged, 0, 5, b"bytes")
    assert refused.value.status == 422
    assert isinstance(world.blobs, BlobStore)


def test_8_server_restored_from_backup_client_re_pushes_nothing_lost(world):
    tablet = world.device(world.a.inspector)
    before = new_id()
    tablet.replica.save("checks", before, world.check(world.a.job), op="create")
    tablet.engine.run()
    backup = world.backup()
    after = [new_id(), new_id()]
    for check_id in after:
        tablet.replica.save("checks", check_id, world.check(world.a.job), op="create")
    tablet.engine.run()
    world.restore(backup)
    assert world.count("checks") == 1
    status = tablet.engine.run()
    assert (status.outcome, status.pending, status.rejected) == ("ok", 0, 0)
    for check_id in (before, *after):
        assert get_record(world.db, "checks", check_id) is not None
    assert tablet.records() == world.view(tablet.actor)


def test_9_job_reassigned_old_device_purges_after_push_new_device_gets_it(world):
    old = world.device(world.a.inspector)
    old.engine.run()
    check_id = new_id()
    old.replica.save("checks", check_id, world.check(world.a.job), op="create")
    world.edit(
        "assignments", world.a.assignment["id"], {"inspector_ids": [world.a.inspectors[1].user_id]}
    )
    assert old.engine.run().outcome == "ok"
    assert get_record(world.db, "checks", check_id) is not None  # pushed before the purge
    assert old.replica.get("jobs", world.a.job["id"]) is None
    assert old.replica.get("checks", check_id) is None
    new = world.device(world.a.inspectors[1])
    assert new.engine.run().outcome == "ok"
    for collection, record in (
        ("jobs", world.a.job),
        ("sites", world.a.site),
        ("instruments", world.a.instrument),
        ("firms", world.a.firm),
    ):
        assert new.replica.get(collection, record["id"]) is not None, collection
    assert new.replica.get("checks", check_id) is not None
    assert old.records() == world.view(old.actor)


def test_10_two_sync_runs_at_once_one_runs_the_other_returns(world):
    tablet = world.device(world.a.inspector)
    tablet.replica.save("checks", new_id(), world.check(world.a.job), op="create")
    gate = GatedPush(tablet.engine.transport)
    tablet.engine.transport = gate
    outcomes = {}
    timer = threading.Thread(target=lambda: outcomes.setdefault("timer", tablet.engine.run()))
    timer.start()
    assert gate.entered.wait(5)
    outcomes["button"] = tablet.engine.run()
    gate.release.set()
    timer.join(10)
    assert outcomes["button"].outcome == "busy" and outcomes["timer"].outcome == "ok"
    assert gate.max_in_flight == 1 and world.count("checks") == 1
