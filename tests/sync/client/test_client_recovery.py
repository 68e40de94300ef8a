"""Recovery: a server restored from a backup (new epoch), a cursor the server no longer
serves (410), the app killed at every step of a run, and two runs started at once."""

import threading

import pytest

from sync.client.replica import Replica
from tests.domain.factories import new_id
from tests.sync.client.doubles import GatedPush, SimulatedCrash, StepRecorder


def seed_site(server, name="Harbour"):
    rid = new_id()
    server.write("sites", rid, {"name": name, "kind": "gas_station"}, op="create")
    return rid


def shown(replica):
    return {r["id"]: (r["name"], r["version"]) for r in replica.query("sites")}


def stored(server):
    return {
        rid: (s["data"]["name"], s["version"])
        for (c, rid), s in server.records.items()
        if c == "sites" and not s["deleted"] and (c, rid) not in server.hidden
    }


def test_new_epoch_re_pushes_what_the_backup_lost_and_re_pulls(server, replica, make_engine):
    engine = make_engine(replica, server)
    kept = new_id()
    replica.save("sites", kept, {"name": "Before backup"}, op="create")
    engine.run()
    backup = server.snapshot()
    lost = new_id()
    replica.save("sites", lost, {"name": "After backup"}, op="create")
    engine.run()
    vanished = seed_site(server, "Made after backup by the office")
    engine.run()
    assert vanished in shown(replica)
    server.restore(backup)
    replica.save("sites", kept, {"name": "Edited after restore"})
    status = engine.run()
    assert status.outcome == "ok" and status.pending == 0
    assert stored(server)[lost][0] == "After backup"
    assert stored(server)[kept][0] == "Edited after restore"
    assert vanished not in shown(replica)
    assert shown(replica) == stored(server)
    assert replica.meta("epoch") == server.epoch


def test_new_epoch_seen_first_on_pull_still_re_pushes(server, replica, make_engine):
    engine = make_engine(replica, server)
    backup = server.snapshot()
    rid = new_id()
    replica.save("sites", rid, {"name": "Lost in the restore"}, op="create")
    engine.run()
    server.restore(backup)
    assert engine.run().outcome == "ok"
    assert stored(server) == {rid: ("Lost in the restore", 1)} == shown(replica)


def test_cursor_gone_does_a_full_resync(server, replica, make_engine):
    engine = make_engine(replica, server)
    stays, leaves = seed_site(server), seed_site(server)
    engine.run()
    server.records.pop(("sites", leaves))  # compacted away while the device was offline
    server.log.pop(("sites", leaves))
    server.floor = server.seq + 1
    seed_site(server, "New")
    assert engine.run().outcome == "ok"
    assert shown(replica) == stored(server) and stays in shown(replica)


def scenario(server, replica):
    """A device with work to push and a server with work to pull."""
    first = seed_site(server, "Office site")
    replica.save("sites", new_id(), {"name": "Device site"}, op="create")
    return first


def run_to_crash(replica_path, server, make_engine, crash_at):
    """Run once with a crash at step `crash_at`; return the steps reached."""
    hook = StepRecorder(crash_at)
    replica = Replica(replica_path, hook=hook)
    try:
        make_engine(replica, server).run()
    except SimulatedCrash:
        pass
    finally:
        replica.close()
    return hook.steps


def test_killed_at_every_step_converges_on_the_next_run(server, replica_path, make_engine):
    replica_path.parent.mkdir(parents=True)
    baseline = Replica(replica_path)
    scenario(server, baseline)
    baseline.close()
    dry_run = replica_path.parent / "dry-run" / "replica.db"
    dry_run.parent.mkdir()
    _clone_replica(replica_path, dry_run)
    steps = run_to_crash(dry_run, _copy(server), make_engine, None)
    assert {"push:commit", "pull:change", "pull:cursor", "pull:committed"} <= set(steps)
    for crash_at in range(1, len(steps) + 1):
        path = replica_path.parent / f"crash-{crash_at}" / "replica.db"
        path.parent.mkdir()
        fake = _copy(server)
        _clone_replica(replica_path, path)
        run_to_crash(path, fake, make_engine, crash_at)
        restarted = Replica(path)
        assert make_engine(restarted, fake).run().outcome == "ok", steps[crash_at - 1]
        assert shown(restarted) == stored(fake), steps[crash_at - 1]
        assert len(fake.applied) == len(set(fake.applied)) == 1
        restarted.close()


def _copy(server):
    import copy

    return copy.deepcopy(server)


def _clone_replica(source, target):
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_two_runs_at_once_one_runs_the_other_returns(server, replica, make_engine):
    replica.save("sites", new_id(), {"name": "A"}, op="create")
    gate = GatedPush(server)
    engine = make_engine(replica, gate)
    results = {}
    timer = threading.Thread(target=lambda: results.setdefault("timer", engine.run()))
    timer.start()
    assert gate.entered.wait(5)
    button = engine.run()
    assert (button.outcome, button.running) == ("busy", True)
    waiter = threading.Thread(target=lambda: results.setdefault("waiter", engine.run(wait=True)))
    waiter.start()
    gate.release.set()
    timer.join(5)
    waiter.join(5)
    assert results["timer"].outcome == results["waiter"].outcome == "ok"
    assert gate.max_in_flight == 1
    assert len(server.applied) == 1


@pytest.mark.parametrize("cut", [0, 1, 40_000, 99_999])
def test_blob_upload_resumes_from_the_servers_offset(server, replica, make_engine, cut):
    from sync.testing.faulty_transport import Fault, FaultyTransport
    from tests.sync.client.doubles import RecordingTransport

    blob = bytes(range(256)) * 400  # 102_400 bytes
    sha = replica.add_blob(blob)
    replica.save("checks", new_id(), {"photo_hashes": [sha]}, op="create")
    recording = RecordingTransport(server)
    transport = FaultyTransport(recording, [Fault("blob_append", "cut_upload", 1, cut)])
    status = make_engine(replica, transport, chunk_size=64 * 1024).run()
    assert status.outcome == "ok"
    assert bytes(server.blobs[sha]) == blob and sha in server.complete
    appends = [c for c in recording.calls if c[0] == "blob_append"]
    resumed = appends[1] if cut else appends[0]  # a cut at 0 bytes never reached the server
    assert resumed[1] == min(cut, 64 * 1024)  # resumed where the server stood
    assert sum(c[2] for c in appends) == len(blob)  # no byte sent twice
    first_push = next(i for i, c in enumerate(recording.calls) if c[0] == "push")
    assert first_push > recording.calls.index(appends[-1])  # blob before its mutation


def test_a_complete_blob_is_not_sent_again(server, replica, make_engine):
    sha = replica.add_blob(b"signature")
    server.blobs[sha] = bytearray(b"signature")
    server.complete.add(sha)
    replica.save("checks", new_id(), {"signature_hash": sha}, op="create")
    from tests.sync.client.doubles import RecordingTransport

    recording = RecordingTransport(server)
    make_engine(replica, recording).run()
    assert [c[0] for c in recording.calls if c[0].startswith("blob")] == ["blob_status"]


def test_a_blob_refused_for_good_is_noticed_and_the_mutation_still_goes(
    server, replica, make_engine
):
    sha = replica.add_blob(b"photo")
    replica.blob_path(sha).write_bytes(b"tampered")  # the bytes no longer match the name
    check_id = new_id()
    replica.save("checks", check_id, {"photo_hashes": [sha]}, op="create")
    status = make_engine(replica, server).run()
    assert (status.outcome, status.pending) == ("ok", 0)
    assert ("checks", check_id) in server.records
    assert replica.notices("blob")[0]["detail"]["error"]["status"] == 422


def test_a_blob_file_gone_from_the_device_does_not_block_the_queue(server, replica, make_engine):
    sha = replica.add_blob(b"signature")
    replica.blob_path(sha).unlink()
    replica.save("checks", new_id(), {"signature_hash": sha}, op="create")
    assert make_engine(replica, server).run().pending == 0
    assert "no longer" in replica.notices("blob")[0]["detail"]["error"]["message"]
