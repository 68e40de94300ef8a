"""SYNC-PROTOCOL §7 over real HTTP: tablets (`Replica` + `SyncEngine` + `HttpTransport`) with
real bearer tokens and compressed bodies against the office server on a loopback port.

Mirrors tests/sync/test_protocol_inprocess.py for every item that involves the network; the
office's side (dispatcher edits, cancellations, reassignment, revocation) goes through the
REST API as the office's people use it. Faults are made on the wire (`tests/e2e/wire.py`).
"""

import threading

from sync.client.transport import SyncRefused
from sync.server.schema import renew_epoch
from tests.conftest import person_body
from tests.domain.factories import new_id
from tests.e2e.conftest import (
    backup_database,
    draft_check,
    restore_database,
    server_view,
)
from tests.e2e.wire import cut_body, hold, lose_answer

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"
BLOBS = "/api/v1/blobs/"


def stored(live, collection, record_id):
    """The server's record (data JSON text) or None."""
    with live.database() as db:
        row = db.execute(
            "SELECT data, version FROM records WHERE collection = ? AND id = ?",
            [collection, record_id],
        ).fetchone()
    return row


def test_1_response_lost_after_commit_retry_returns_the_original_result_once(
    live_server, world, tablet
):
    device = tablet("inspector.a")
    lost = []
    device.session.intercept("POST", PUSH, 1, lose_answer(lost))
    check_id = new_id()
    device.replica.save("checks", check_id, draft_check(world), op="create")
    status = device.engine.run()
    assert (status.outcome, status.pending, status.rejected) == ("ok", 0, 0)
    pushes = device.session.exchanges("POST", PUSH)
    assert len(pushes) == 2 and pushes[0].sent_encoding in ("zstd", "gzip")
    assert live_server.count("checks") == 1
    assert live_server.scalar("SELECT count(*) FROM mutation_results") == 1
    original = lost[0]["results"][0]
    assert original["status"] == "applied" and original["record"]["version"] == 1
    [(_, retried)] = device.pushes
    assert retried["results"] == [original]  # the duplicate is answered with the stored result
    assert device.replica.get("checks", check_id)["version"] == 1
    assert device.records() == server_view(live_server, device.actor)


def test_3_device_clock_years_off_changes_no_ordering_merging_or_paging(
    live_server, world, tablet, api
):
    job_id = world.a.job["id"]
    ahead = tablet(
        "inspector.a", now=lambda: "2099-06-01T00:00:00+00:00", clock=lambda: 4e9, page_limit=2
    )
    assert ahead.engine.run().outcome == "ok"
    dispatcher = api("dispatcher.a")
    dispatcher.patch(f"/api/v1/jobs/{job_id}", {"estimated_minutes": 90})  # meanwhile
    late, early = new_id(), new_id()
    ahead.replica.save("jobs", job_id, {"notes": "second visit needed"})
    ahead.replica.save(
        "checks", late, draft_check(world, recorded_at="2099-01-01T08:00:00+08:00"), op="create"
    )
    ahead.replica.save(
        "checks", early, draft_check(world, recorded_at="1999-12-31T23:59:00+08:00"), op="create"
    )
    ahead.replica.save("jobs", job_id, {"notes": "done after all"})
    status = ahead.engine.run()
    assert (status.outcome, status.conflicts, status.rejected) == ("ok", 0, 0)
    statuses = [r["status"] for _, answer in ahead.pushes for r in answer["results"]]
    assert statuses == ["merged", "applied", "applied", "merged"]  # by mutation id, not clock
    job = dispatcher.get(f"/api/v1/jobs/{job_id}")
    assert (job["notes"], job["estimated_minutes"]) == ("done after all", 90)
    behind = tablet("inspector.a", now=lambda: "1999-01-01T00:00:00+00:00", page_limit=1)
    assert behind.engine.run().outcome == "ok"
    assert len(behind.session.exchanges("GET", PULL)) > len(behind.records()) // 2
    assert behind.replica.get("checks", early)["recorded_at"].startswith("1999-12-31")
    assert behind.records() == ahead.records() == server_view(live_server, behind.actor)


def test_4_dispatcher_and_inspector_edit_the_same_field_owner_wins_loser_kept(
    live_server, world, tablet, api
):
    job_id = world.a.job["id"]
    dispatcher = api("dispatcher.a")
    for target in ("scheduled", "dispatched"):
        dispatcher.post(f"/api/v1/jobs/{job_id}/transition", {"to": target})
    inspector = tablet("inspector.a")
    inspector.engine.run()
    inspector.replica.save("jobs", job_id, {"status": "in_progress", "notes": "gate locked"})
    dispatcher.patch(f"/api/v1/jobs/{job_id}", {"notes": "call the site manager first"})
    dispatcher.post(f"/api/v1/jobs/{job_id}/transition", {"to": "scheduled"})  # recalled
    status = inspector.engine.run()
    assert (status.outcome, status.conflicts, status.pending) == ("ok", 1, 0)
    job = dispatcher.get(f"/api/v1/jobs/{job_id}")
    assert (job["status"], job["notes"]) == ("scheduled", "call the site manager first")
    local = inspector.replica.get("jobs", job_id)
    assert (local["status"], local["version"]) == ("scheduled", job["version"])
    office = tablet("dispatcher.a")
    assert office.engine.run().outcome == "ok"
    conflicts = {c["field"]: c for c in office.replica.query("conflicts")}
    assert set(conflicts) == {"status", "notes"}
    lost = conflicts["status"]
    assert (lost["winning_value"], lost["losing_value"]) == ("scheduled", "in_progress")
    assert (lost["winning_role"], lost["losing_role"]) == ("dispatcher", "inspector")
    assert lost["losing_user_id"] == world.a.inspector.user_id
    assert lost["losing_device_id"] == inspector.replica.device_id
    assert conflicts["notes"]["losing_value"] == "gate locked"


def test_5_job_cancelled_while_results_recorded_offline_results_kept_job_flagged(
    live_server, world, tablet, api
):
    job_id = world.a.job["id"]
    inspector = tablet("inspector.a")
    inspector.engine.run()
    check_id = new_id()
    inspector.replica.save("checks", check_id, draft_check(world), op="create")  # offline
    dispatcher = api("dispatcher.a")
    dispatcher.post(f"/api/v1/jobs/{job_id}/transition", {"to": "cancelled"})
    status = inspector.engine.run()
    assert (status.outcome, status.rejected, status.pending) == ("ok", 0, 0)
    assert stored(live_server, "checks", check_id) is not None
    job = dispatcher.get(f"/api/v1/jobs/{job_id}")
    assert (job["status"], job["needs_review"]) == ("needs_review", True)
    assert job["review_reason"]
    local = inspector.replica.get("jobs", job_id)
    assert (local["status"], local["needs_review"], local["version"]) == (
        "needs_review",
        True,
        job["version"],
    )
    assert inspector.records() == server_view(live_server, inspector.actor)


def test_6_poison_mutation_is_rejected_and_the_rest_of_the_queue_goes_through(
    live_server, world, tablet
):
    device = tablet("inspector.a")
    first, poison, last = new_id(), new_id(), new_id()
    device.replica.save("checks", first, draft_check(world), op="create")
    device.replica.save("checks", poison, draft_check(world, points="not a list"), op="create")
    device.replica.save("checks", last, draft_check(world), op="create")
    status = device.engine.run()
    assert (status.outcome, status.rejected, status.pending) == ("ok", 1, 0)
    assert stored(live_server, "checks", first) and stored(live_server, "checks", last)
    assert stored(live_server, "checks", poison) is None
    assert device.replica.get("checks", poison)["points"] == "not a list"  # still visible
    [error] = device.replica.sync_state("checks", poison)["errors"]
    assert error["code"] == "validation" and "points" in error["fields"]
    assert len(device.session.exchanges("POST", PUSH)) == 1  # one request, one outcome each


def test_7_interrupted_upload_resumes_duplicate_stored_once_mismatch_refused(
    live_server, world, tablet, tmp_path
):
    photo = bytes(range(256)) * 1200  # 307,200 bytes: three chunks of 100,000 and a tail
    device = tablet("inspector.a", chunk_size=100_000)
    answers = []
    device.session.intercept("PATCH", BLOBS, 2, cut_body(40_000, answers))
    sha = device.replica.add_blob(photo)
    first = new_id()
    device.replica.save("checks", first, draft_check(world, photo_hashes=[sha]), op="create")
    assert device.engine.run().outcome == "ok"
    steps = [(e.method, e.upload_offset, e.status) for e in device.session.exchanges(None, BLOBS)]
    assert steps == [
        ("HEAD", None, 404),
        ("PATCH", 0, 204),
        # the 2nd PATCH (offset 100,000) is cut after 40,000 bytes; the device asks again
        ("HEAD", None, 404),
        ("PATCH", 100_000, 204),
        ("PATCH", 200_000, 204),
        ("PATCH", 300_000, 201),
    ]
    # The server kept nothing of the cut body (the resumed PATCH starts at 100,000 again):
    # Waitress never hands an incomplete request to the app; another server may answer 400.
    assert answers[0] == b"" or int(answers[0].split()[1]) == 400
    other = tablet("inspector.a")
    second = new_id()
    other.replica.add_blob(photo)
    other.replica.save("checks", second, draft_check(world, photo_hashes=[sha]), op="create")
    assert other.engine.run().outcome == "ok"
    assert other.session.exchanges("PATCH", BLOBS) == []  # HEAD said complete
    assert live_server.scalar("SELECT count(*) FROM blobs") == 1
    blob_dir = tmp_path / "blobs"
    assert [p.name for p in blob_dir.rglob(sha)] == [sha]
    for check_id in (first, second):
        assert '"incomplete"' not in stored(live_server, "checks", check_id)[0]
    assert other.transport.blob_status(sha) == (True, len(photo))
    forged = "0" * 64
    assert refused_status(lambda: other.transport.blob_append(forged, 0, 5, b"bytes")) == 422
    assert other.transport.blob_status(forged) == (False, 0)  # discarded


def refused_status(call):
    """The HTTP status of the `SyncRefused` that `call()` raises."""
    try:
        call()
    except SyncRefused as refusal:
        return refusal.status
    raise AssertionError("not refused")


def test_8_server_restored_from_backup_device_re_pushes_nothing_lost(
    live_server, world, tablet, tmp_path
):
    device = tablet("inspector.a")
    before = new_id()
    device.replica.save("checks", before, draft_check(world), op="create")
    assert device.engine.run().outcome == "ok"
    backup = backup_database(live_server, tmp_path / "backup.sqlite")
    after, photos = [new_id(), new_id()], []
    for n, check_id in enumerate(after):
        photos.append(device.replica.add_blob(f"photo {n} ".encode() * 5000))
        fields = draft_check(world, photo_hashes=[photos[-1]])
        device.replica.save("checks", check_id, fields, op="create")
    assert device.engine.run().outcome == "ok"
    restore_database(live_server, backup)
    with live_server.database() as db:
        renew_epoch(db)
    assert live_server.count("checks") == 1
    assert live_server.scalar("SELECT count(*) FROM blobs") == 0  # lost with the restore
    status = device.engine.run()
    assert (status.outcome, status.pending, status.rejected) == ("ok", 0, 0)
    for check_id in (before, *after):
        data, _ = stored(live_server, "checks", check_id)
        assert '"incomplete"' not in data  # the photos were uploaded again first
    assert live_server.count("checks") == 3
    assert live_server.scalar("SELECT count(*) FROM blobs WHERE complete = 1") == 2
    assert device.records() == server_view(live_server, device.actor)


def test_9_job_reassigned_old_device_pushes_then_purges_new_device_gets_it(
    live_server, world, tablet, api
):
    office = world.a
    job_id = office.job["id"]
    admin = api("admin")
    newcomer = person_body("inspector.c", "inspector", office.id)
    admin.post("/api/v1/users/", newcomer, expect=201)
    old = tablet("inspector.a")
    assert old.engine.run().outcome == "ok"
    assert old.replica.get("jobs", job_id) is not None
    check_id = new_id()
    old.replica.save("checks", check_id, draft_check(world), op="create")  # offline
    assignment = {"inspector_ids": [api("inspector.c").user["id"]], "date": "2030-01-02"}
    api("dispatcher.a").post(f"/api/v1/jobs/{job_id}/assignment", assignment)
    assert old.engine.run().outcome == "ok"
    assert stored(live_server, "checks", check_id) is not None  # pushed before the purge
    assert old.replica.get("jobs", job_id) is None
    assert old.replica.get("checks", check_id) is None
    assert old.records() == server_view(live_server, old.actor)
    new = tablet("inspector.c")
    assert new.engine.run().outcome == "ok"
    for collection, record in (
        ("jobs", office.job),
        ("sites", office.site),
        ("instruments", office.instrument),
        ("firms", office.firm),
    ):
        assert new.replica.get(collection, record["id"]) is not None, collection
    assert new.replica.get("checks", check_id) is not None
    assert new.records() == server_view(live_server, new.actor)


def test_10_two_sync_runs_at_once_one_runs_the_other_returns_or_waits(live_server, world, tablet):
    device = tablet("inspector.a")
    device.replica.save("checks", new_id(), draft_check(world), op="create")
    entered, release = threading.Event(), threading.Event()
    device.session.intercept("POST", PUSH, 1, hold(entered, release))
    outcomes = {}

    def run(name, **options):
        outcomes[name] = device.engine.run(**options)

    timer = threading.Thread(target=run, args=("timer",))
    timer.start()
    assert entered.wait(5)
    run("button")
    waiter = threading.Thread(target=run, args=("waiter",), kwargs={"wait": True})
    waiter.start()
    release.set()
    timer.join(10)
    waiter.join(10)
    assert outcomes["button"].outcome == "busy"
    assert outcomes["timer"].outcome == "ok" and outcomes["waiter"].outcome == "ok"
    assert len(device.session.exchanges("POST", PUSH)) == 1  # no duplicate push
    assert live_server.count("checks") == 1
    assert live_server.scalar("SELECT count(*) FROM mutation_results") == 1


def test_several_tablets_pushing_at_once_each_mutation_applied_once(live_server, world, tablet):
    devices = [tablet("inspector.a", batch_size=3) for _ in range(4)]
    for device in devices:
        for _ in range(12):
            device.replica.save("checks", new_id(), draft_check(world), op="create")
    outcomes = []
    threads = [
        threading.Thread(target=lambda d=device: outcomes.append(d.engine.run()))
        for device in devices
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [(s.outcome, s.pending, s.rejected) for s in outcomes] == [("ok", 0, 0)] * 4
    assert live_server.count("checks") == 48
    assert live_server.scalar("SELECT count(*) FROM mutation_results") == 48
    for device in devices:
        assert device.engine.run().outcome == "ok"  # pick up what the others pushed
        assert device.records() == server_view(live_server, device.actor)
