"""The engine against the fake server: exactly-once push through lost answers and retries,
rejected and conflicting edits kept in view, pulls that respect unpushed edits, purges after
push, backoff within a bounded budget, and refusals shown to people."""

import pytest

from sync.client.outbox import pending_batch
from sync.client.transport import SyncRefused
from sync.testing.faulty_transport import Fault, FaultyTransport
from tests.domain.factories import new_id
from tests.sync.client.doubles import BeforePull, RecordingTransport


def seed_site(server, **data):
    rid = new_id()
    server.write("sites", rid, {"name": "Harbour", "kind": "gas_station", **data}, op="create")
    return rid


def visible(replica, collection="sites"):
    return {
        r["id"]: {k: v for k, v in r.items() if k != "updated_seq"}
        for r in replica.query(collection, include_deleted=True)
    }


def on_server(server, collection="sites"):
    return {
        rid: {**s["data"], "version": s["version"], "deleted": s["deleted"]}
        for (c, rid), s in server.records.items()
        if c == collection and (c, rid) not in server.hidden
    }


def test_a_run_pushes_then_pulls_and_converges(server, replica, make_engine):
    seed_site(server)
    replica.save("sites", new_id(), {"name": "Market", "kind": "market"}, op="create")
    status = make_engine(replica, server).run()
    assert (status.outcome, status.pending, status.running) == ("ok", 0, False)
    assert status.last_success_at is not None
    assert visible(replica) == on_server(server)


def test_response_lost_after_commit_is_resent_and_applied_once(server, replica, make_engine):
    rid = new_id()
    replica.save("sites", rid, {"name": "Market"}, op="create")
    transport = FaultyTransport(server, [Fault("push", "lose_response", call=1)])
    assert make_engine(replica, transport).run().outcome == "ok"
    assert [p["mutations"][0]["mutation_id"] for p in server.pushes] == [1, 1]
    assert server.applied == [(replica.device_id, 1)]
    assert server.records[("sites", rid)]["version"] == 1
    assert replica.get("sites", rid)["version"] == 1


def test_retry_answer_resends_from_the_servers_last_id(server, replica, make_engine):
    for name in ("A", "B", "C"):
        replica.save("sites", new_id(), {"name": name}, op="create")
    server.busy = 1
    status = make_engine(replica, server).run()
    assert status.outcome == "ok" and status.pending == 0
    assert [[m["mutation_id"] for m in p["mutations"]] for p in server.pushes] == [
        [1, 2, 3],
        [1, 2, 3],
    ]
    assert len(server.applied) == 3


def test_gap_makes_acknowledged_mutations_pending_again(server, replica, make_engine):
    engine = make_engine(replica, server)
    replica.save("sites", new_id(), {"name": "A"}, op="create")
    replica.save("sites", new_id(), {"name": "B"}, op="create")
    engine.run()
    server.devices[replica.device_id] = 1  # the server no longer has mutation 2
    replica.save("sites", new_id(), {"name": "C"}, op="create")
    assert engine.run().outcome == "ok"
    assert [[m["mutation_id"] for m in p["mutations"]] for p in server.pushes[-2:]] == [[3], [2, 3]]
    assert server.devices[replica.device_id] == 3


def test_rejected_edit_stays_visible_and_the_queue_goes_on(server, replica, make_engine):
    bad, good = new_id(), new_id()
    error = {"code": "validation", "message": "name is required", "fields": {"name": ["req"]}}
    server.reject = lambda m: error if m["record_id"] == bad else None
    replica.save("sites", bad, {"name": ""}, op="create")
    replica.save("sites", good, {"name": "Good"}, op="create")
    status = make_engine(replica, server).run()
    assert (status.outcome, status.rejected, status.pending) == ("ok", 1, 0)
    assert replica.get("sites", bad)["name"] == ""
    assert replica.sync_state("sites", bad)["errors"] == [error]
    assert [n["mutation_id"] for n in replica.notices("rejected")] == [1]
    assert ("sites", good) in server.records


def test_fixing_a_rejected_create_sends_it_as_a_create_again(server, replica, make_engine):
    rid = new_id()
    server.reject = lambda m: {"code": "validation"} if not m["fields"].get("name") else None
    replica.save("sites", rid, {"name": "", "kind": "market"}, op="create")
    engine = make_engine(replica, server)
    engine.run()
    replica.save("sites", rid, {"name": "Fixed"})
    assert engine.run().rejected == 0
    assert server.records[("sites", rid)]["data"] == {"id": rid, "name": "Fixed", "kind": "market"}


def test_conflict_takes_the_servers_copy_and_is_noticed(server, replica, make_engine):
    rid = seed_site(server)
    engine = make_engine(replica, server)
    engine.run()
    server.write("sites", rid, {"name": "Office name"}, writer="dispatcher")
    replica.save("sites", rid, {"name": "Inspector name", "kind": "market"})
    status = engine.run()
    assert status.conflicts == 1
    shown = replica.get("sites", rid)
    assert (shown["name"], shown["kind"]) == ("Office name", "market")
    notice = replica.notices("conflict")[0]
    assert notice["detail"]["fields"]["name"] == "Inspector name"


def test_edit_made_during_the_run_survives_the_pull(server, replica, make_engine):
    rid = seed_site(server)
    engine = make_engine(replica, server)
    engine.run()
    server.write("sites", rid, {"kind": "market"}, writer="dispatcher")
    transport = BeforePull(server, lambda: replica.save("sites", rid, {"name": "Mine"}))
    make_engine(replica, transport).run()
    shown = replica.get("sites", rid)
    assert (shown["name"], shown["kind"]) == ("Mine", "market")
    assert engine.run().pending == 0
    assert server.records[("sites", rid)]["data"]["name"] == "Mine"


def test_removed_record_is_purged_only_after_its_edit_is_pushed(server, replica, make_engine):
    rid = seed_site(server)
    engine = make_engine(replica, server)
    engine.run()
    server.hide("sites", rid)
    transport = BeforePull(server, lambda: replica.save("sites", rid, {"name": "Last words"}))
    make_engine(replica, transport).run()
    assert server.records[("sites", rid)]["data"]["name"] == "Last words"
    assert replica.get("sites", rid) is None


def test_transport_errors_back_off_with_jitter_within_the_budget(
    server, replica, make_engine, slept
):
    replica.save("sites", new_id(), {"name": "A"}, op="create")
    plan = [Fault("push", "before_send", call=n) for n in range(1, 10)]
    status = make_engine(replica, FaultyTransport(server, plan), max_attempts=4).run()
    assert status.outcome == "offline" and status.pending == 1
    assert len(slept) == 3 and all(0 <= s <= 30 for s in slept)
    assert len(set(slept)) == 3  # jittered, not a fixed schedule


def test_refusal_stops_the_run_and_says_why(replica, make_engine):
    class Refusing(RecordingTransport):
        def push(self, body):
            raise SyncRefused(426, {"message": "Update the app (schema 2..3)."})

    replica.save("sites", new_id(), {"name": "A"}, op="create")
    status = make_engine(replica, Refusing(None)).run()
    assert (status.outcome, status.last_error) == ("refused", "Update the app (schema 2..3).")


def test_too_many_mutations_halves_the_batch(server, replica, make_engine):
    class Limited(RecordingTransport):
        def push(self, body):
            if len(body["mutations"]) > 2:
                raise SyncRefused(413, {"message": "At most 2 mutations per push."})
            return super().push(body)

    for name in "ABCDE":
        replica.save("sites", new_id(), {"name": name}, op="create")
    transport = Limited(server)
    assert make_engine(replica, transport, batch_size=8).run().outcome == "ok"
    assert [len(c[1]) for c in transport.calls if c[0] == "push"] == [2, 2, 1]


@pytest.mark.parametrize("page_limit", [1, 2, 50])
def test_status_shows_pull_progress_from_remaining(server, replica, make_engine, page_limit):
    for _ in range(5):
        seed_site(server)
    seen = []

    class Watching(RecordingTransport):
        def pull(self, cursor, limit):
            seen.append(engine.status())
            return super().pull(cursor, limit)

    engine = make_engine(replica, Watching(server), page_limit=page_limit)
    final = engine.run()
    assert all(s.running and s.pulling for s in seen)
    progress = [s.progress for s in seen[1:]]
    assert progress == sorted(progress) and all(0 < p < 1 for p in progress)
    assert (final.running, final.pulling, final.progress) == (False, False, None)
    assert len(replica.query("sites")) == 5


def test_gap_the_device_can_no_longer_fill_stops_with_a_clear_error(server, replica, make_engine):
    engine = make_engine(replica, server, keep_acked=1)
    for name in "AB":
        replica.save("sites", new_id(), {"name": name}, op="create")
    engine.run()
    server.devices[replica.device_id] = 0  # the server forgot the device entirely
    replica.save("sites", new_id(), {"name": "C"}, op="create")
    status = engine.run()
    assert status.outcome == "error" and "administrator" in status.last_error
    assert status.pending == 2  # mutation 2 (reopened) and 3 wait; nothing renumbered
    assert [m["mutation_id"] for m in pending_batch(replica.db, 10)] == [2, 3]


def test_an_engine_refuses_what_is_not_a_transport(replica, server, make_engine):
    class Undeclared:  # has the four calls but declares nothing the engine may rely on
        push, pull = server.push, server.pull
        blob_status, blob_append = server.blob_status, server.blob_append

    with pytest.raises(TypeError, match="Undeclared is not a sync.client.transport.Transport"):
        make_engine(replica, Undeclared())
