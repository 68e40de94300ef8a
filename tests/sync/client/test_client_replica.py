"""The replica on its own: an edit and its mutation in one transaction, gapless ids, pages
applied with their cursor, unpushed edits never overwritten, purges deferred, blobs stored."""

import json
import threading

import pytest

from sync.client.apply import apply_page, apply_push_answer
from sync.client.outbox import pending_batch
from sync.client.replica import Replica
from tests.domain.factories import new_id
from tests.sync.client.doubles import SimulatedCrash, StepRecorder


def outbox(replica):
    rows = replica.db.execute(
        "SELECT mutation_id, op, base_version, fields, state FROM outbox ORDER BY mutation_id"
    ).fetchall()
    return [(m, op, base, json.loads(f), state) for m, op, base, f, state in rows]


def page(*changes, cursor="c1", has_more=False, epoch="e1"):
    return {
        "epoch": epoch,
        "cursor": cursor,
        "has_more": has_more,
        "remaining": 0,
        "changes": list(changes),
    }


def put(record_id, version, **data):
    return {
        "collection": "sites",
        "id": record_id,
        "version": version,
        "deleted": False,
        "data": {"id": record_id, **data},
    }


def test_save_writes_record_and_mutation_together(replica):
    rid = new_id()
    saved = replica.save("sites", rid, {"name": "Harbour"}, op="create")
    assert saved == {"id": rid, "name": "Harbour", "version": None, "deleted": False}
    assert outbox(replica) == [(1, "create", None, {"name": "Harbour"}, "pending")]


@pytest.mark.parametrize("step", ["save:mutation", "save:record"])
def test_crash_inside_save_leaves_neither_record_nor_mutation(replica_path, step):
    replica_path.parent.mkdir(parents=True)
    replica = Replica(replica_path, hook=lambda s: _crash_on(s, step))
    with pytest.raises(SimulatedCrash):
        replica.save("sites", new_id(), {"name": "Lost"}, op="create")
    replica.close()
    reopened = Replica(replica_path)
    assert reopened.query("sites") == [] and outbox(reopened) == []
    reopened.save("sites", new_id(), {"name": "Kept"}, op="create")
    assert [m[0] for m in outbox(reopened)] == [1]  # the crashed save used no id


def _crash_on(step, target):
    if step == target:
        raise SimulatedCrash(step)


def test_mutation_ids_are_gapless_across_records_and_refused_saves(replica):
    a, b = new_id(), new_id()
    replica.save("sites", a, {"name": "A"}, op="create")
    with pytest.raises(ValueError):
        replica.save("sites", a, {"name": "again"}, op="create")
    with pytest.raises(KeyError):
        replica.save("sites", new_id(), {"name": "unknown"})
    replica.save("sites", b, {"name": "B"}, op="create")
    replica.save("sites", a, {"name": "A2"})
    assert [m[0] for m in outbox(replica)] == [1, 2, 3]


def test_update_carries_only_changed_fields_and_the_version_it_was_made_on(replica):
    rid = new_id()
    apply_page(replica, page(put(rid, 3, name="Harbour", kind="gas_station")))
    replica.save("sites", rid, {"name": "Harbour East"})
    assert outbox(replica) == [(1, "update", 3, {"name": "Harbour East"}, "pending")]
    assert replica.get("sites", rid)["name"] == "Harbour East"


def test_page_and_cursor_are_stored_together(replica):
    apply_page(replica, page(put(new_id(), 1, name="One"), cursor="c1"))
    assert replica.meta("cursor") == "c1" and replica.meta("epoch") == "e1"


@pytest.mark.parametrize("crash_at", [1, 2, 3, 4])
def test_crash_while_applying_a_page_keeps_the_old_state(replica_path, crash_at):
    replica_path.parent.mkdir(parents=True)
    hook = StepRecorder()
    replica = Replica(replica_path, hook=hook)
    apply_page(replica, page(put(new_id(), 1, name="Old"), cursor="c1"))
    hook.steps.clear()
    hook.crash_at = crash_at  # pull:begin, pull:change, pull:change, pull:cursor
    with pytest.raises(SimulatedCrash):
        apply_page(replica, page(put(new_id(), 1, name="New"), put(new_id(), 1), cursor="c2"))
    replica.close()
    reopened = Replica(replica_path)
    assert reopened.meta("cursor") == "c1"
    assert [r["name"] for r in reopened.query("sites")] == ["Old"]


def test_pulled_data_never_overwrites_an_unpushed_edit(replica):
    rid = new_id()
    apply_page(replica, page(put(rid, 1, name="Harbour", kind="gas_station")))
    replica.save("sites", rid, {"name": "Mine"})
    apply_page(replica, page(put(rid, 2, name="Theirs", kind="market"), cursor="c2"))
    shown = replica.get("sites", rid)
    assert (shown["name"], shown["kind"], shown["version"]) == ("Mine", "market", 2)
    assert outbox(replica)[0][2] == 1  # the edit still says which version it was made on


def test_removed_record_is_purged_unless_edits_are_pending(replica):
    kept, gone = new_id(), new_id()
    apply_page(replica, page(put(kept, 1, name="Kept"), put(gone, 1, name="Gone")))
    replica.save("sites", kept, {"name": "Edited"})
    removed = [{"collection": "sites", "id": i, "removed": True} for i in (kept, gone)]
    apply_page(replica, page(*removed, cursor="c2"))
    assert replica.get("sites", gone) is None
    assert replica.get("sites", kept)["name"] == "Edited"
    sent = pending_batch(replica.db, 10)
    apply_push_answer(replica, sent, _applied(sent, rid=kept, version=2), "now")
    assert replica.get("sites", kept) is None  # purged once its edit was acknowledged


def _applied(sent, *, rid, version):
    record = {"id": rid, "name": "Edited", "version": version, "deleted": False}
    results = [
        {"mutation_id": m["mutation_id"], "status": "applied", "record": record} for m in sent
    ]
    return {"epoch": "e1", "last_mutation_id": sent[-1]["mutation_id"], "results": results}


def test_save_after_rejection_carries_the_rejected_fields(replica):
    rid = new_id()
    apply_page(replica, page(put(rid, 1, name="Harbour", kind="gas_station")))
    replica.save("sites", rid, {"name": "", "kind": "market"})
    sent = pending_batch(replica.db, 10)
    error = {"code": "validation", "message": "bad", "fields": {"name": ["empty"]}}
    answer = {
        "epoch": "e1",
        "last_mutation_id": 1,
        "results": [{"mutation_id": 1, "status": "rejected", "error": error}],
    }
    apply_push_answer(replica, sent, answer, "now")
    assert replica.get("sites", rid)["kind"] == "market"  # still visible
    assert replica.sync_state("sites", rid) == {"pending": 0, "errors": [error]}
    replica.save("sites", rid, {"name": "Fixed"})
    assert pending_batch(replica.db, 10)[0]["fields"] == {"name": "Fixed", "kind": "market"}


def test_blobs_are_stored_by_hash_from_bytes_or_a_path(replica, tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8 photo bytes")
    from_path = replica.add_blob(source)
    from_bytes = replica.add_blob(b"\xff\xd8 photo bytes")
    assert from_path == from_bytes
    assert replica.blob_path(from_path).read_bytes() == b"\xff\xd8 photo bytes"


def test_each_thread_uses_its_own_connection(replica):
    errors = []

    def save():
        try:
            replica.save("sites", new_id(), {"name": "From a worker"}, op="create")
        except Exception as error:  # pragma: no cover - the assertion shows it
            errors.append(error)

    worker = threading.Thread(target=save)
    worker.start()
    worker.join()
    assert errors == [] and len(replica.query("sites")) == 1


def test_edits_of_a_record_not_yet_pushed_are_made_on_version_1(replica):
    rid = new_id()
    replica.save("sites", rid, {"name": "New"}, op="create")
    replica.save("sites", rid, {"name": "Renamed"})
    replica.save("sites", rid, {}, op="delete")
    assert [(m[1], m[2]) for m in outbox(replica)] == [
        ("create", None),
        ("update", 1),
        ("delete", 1),
    ]
    assert replica.get("sites", rid)["deleted"] is True


def test_deleting_a_record_the_server_refused_sends_nothing(replica):
    rid = new_id()
    replica.save("sites", rid, {"name": ""}, op="create")
    sent = pending_batch(replica.db, 10)
    answer = {
        "epoch": "e1",
        "last_mutation_id": 1,
        "results": [{"mutation_id": 1, "status": "rejected", "error": {"code": "x"}}],
    }
    apply_push_answer(replica, sent, answer, "now")
    assert replica.save("sites", rid, {}, op="delete") is None
    assert replica.get("sites", rid) is None and replica.counts()["rejected"] == 0
    assert [m[4] for m in outbox(replica)] == ["superseded"]


def test_saves_are_synced_to_storage_and_pages_leave_it_that_way(replica):
    full = 2
    assert replica.db.execute("PRAGMA synchronous").fetchone()[0] == full
    apply_page(replica, page(put(new_id(), 1, name="One"), cursor="c1"))
    assert replica.db.execute("PRAGMA synchronous").fetchone()[0] == full
