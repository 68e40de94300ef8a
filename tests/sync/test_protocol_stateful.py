"""SYNC-PROTOCOL §7.11: the property test of the whole protocol, client and real server half.

A hypothesis state machine drives one office server (sqlite-utils file database, the real
`apply_push` / `pull_changes` / `BlobStore`) and 2–3 tablets (`Replica` + `SyncEngine` over
`InProcessTransport`, per run wrapped in a `FaultyTransport`), see `tests/sync/stateful_world.py`:

- tablets edit offline: create checks (some with a photo) and accident visits for the jobs
  their inspector holds, edit draft notes and seal numbers, submit and delete checks, edit a
  job's notes and status — two tablets share one inspector, so they edit the same records;
- the dispatcher reassigns and cancels jobs, edits job notes and priority, check notes and
  site names, directly on the server — the same fields the tablets edit;
- sync runs meet injected faults (nothing sent, answer lost after the commit, 5xx, blob upload
  cut), the app is killed inside a local transaction (save, push answer, pulled page) and
  the replica reopened from its file, and the server is restored from an older backup.

Every example ends with fault-free syncs until nothing changes, then `problems(world)` must
be empty: no acknowledged write lost (conflict losers kept in `conflicts`), nothing applied
twice, every device equal to a fresh pull for its user with an empty outbox, every refusal
visible on its device. `test_checker_*` prove the checker fails on a broken server.
"""

import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from domain.job_states import IllegalTransition, JobStatus, check_transition
from sync.server.records import get_record
from sync.testing.faulty_transport import KINDS, METHODS, Fault
from tests.domain.factories import new_id
from tests.sync.client.doubles import SimulatedCrash, StepRecorder
from tests.sync.stateful_world import StatefulWorld, problems

PICK = st.integers(0, 10_000)
TABLET = st.integers(0, 2)
FAULT = st.one_of(
    st.builds(Fault, st.sampled_from(METHODS), st.sampled_from(KINDS[:3]), st.integers(1, 3)),
    st.builds(
        Fault, st.just("blob_append"), st.just("cut_upload"), st.integers(1, 3), st.integers(0, 63)
    ),
)
SYNC_STEPS = 14  # hook steps of a run are numbered from 1; beyond the last, no crash
STATUSES = [s.value for s in JobStatus]


def crash_at_step(name):
    """A replica hook that kills the app at the named step."""

    def hook(step):
        if step == name:
            raise SimulatedCrash(step)

    return hook


def _pick(items, n):
    return items[n % len(items)] if items else None


class SyncProtocol(RuleBasedStateMachine):
    """One office, its tablets and its dispatcher, in random order with random faults."""

    @initialize(devices=st.integers(2, 3))
    def start(self, devices):
        self.root = Path(tempfile.mkdtemp(prefix="verifield-stateful-"))
        self.world = StatefulWorld.open(self.root, devices=devices)
        self.backup = None
        assert self.world.converge() == []  # every tablet starts with its jobs (after login)

    def teardown(self):
        world = getattr(self, "world", None)
        try:
            if world is not None:
                found = world.converge() or problems(world)
                assert not found, "\n".join(found)
        finally:
            if world is not None:
                world.close()
            shutil.rmtree(getattr(self, "root", ""), ignore_errors=True)

    # --- helpers ----------------------------------------------------------------------

    def tablet(self, n):
        return self.world.tablets[n % len(self.world.tablets)]

    def inspector(self, tablet):
        return next(i for i in self.world.a.inspectors if i.user_id == tablet.actor.user_id)

    @staticmethod
    def visible(tablet, collection, **where):
        return tablet.replica.query(collection, where=where or None)

    # --- offline edits on tablets -----------------------------------------------------

    @rule(n=TABLET, pick=PICK, photo=st.booleans())
    def create_check(self, n, pick, photo):
        tablet = self.tablet(n)
        job = _pick(self.visible(tablet, "jobs"), pick)
        if job is None:
            return
        extra = {"notes": self.world.value("check-notes")}
        if photo:
            photo_bytes = self.world.value("photo").encode() * 9
            extra["photo_hashes"] = [tablet.replica.add_blob(photo_bytes)]
        fields = self.world.check(job, self.inspector(tablet), **extra)
        tablet.replica.save("checks", new_id(), fields, op="create")

    @rule(n=TABLET, pick=PICK)
    def create_visit(self, n, pick):
        tablet = self.tablet(n)
        job = _pick(self.visible(tablet, "jobs"), pick)
        if job is not None:
            fields = self.world.visit_fields(
                self.inspector(tablet), job, follow_up=self.world.value("follow-up")
            )
            tablet.replica.save("accident_visits", new_id(), fields, op="create")

    @rule(n=TABLET, pick=PICK, name=st.sampled_from(["notes", "seal_number"]))
    def edit_check(self, n, pick, name):
        tablet = self.tablet(n)
        check = _pick(self.visible(tablet, "checks"), pick)
        if check is not None:
            tablet.replica.save("checks", check["id"], {name: self.world.value(name)})

    @rule(n=TABLET, pick=PICK)
    def edit_visit(self, n, pick):
        tablet = self.tablet(n)
        visit = _pick(self.visible(tablet, "accident_visits"), pick)
        if visit is not None:
            fields = {"follow_up": self.world.value("follow-up")}
            tablet.replica.save("accident_visits", visit["id"], fields)

    @rule(n=TABLET, pick=PICK)
    def submit_check(self, n, pick):
        tablet = self.tablet(n)
        check = _pick(self.visible(tablet, "checks", status="draft"), pick)
        if check is not None:
            tablet.replica.save("checks", check["id"], {"status": "submitted"})

    @rule(n=TABLET, pick=PICK)
    def delete_check(self, n, pick):
        tablet = self.tablet(n)
        check = _pick(self.visible(tablet, "checks"), pick)
        if check is not None:
            tablet.replica.save("checks", check["id"], {}, op="delete")

    @rule(n=TABLET, pick=PICK, status=st.sampled_from([None, *STATUSES]))
    def edit_job(self, n, pick, status):
        tablet = self.tablet(n)
        job = _pick(self.visible(tablet, "jobs"), pick)
        if job is not None:
            fields = {"status": status} if status else {"notes": self.world.value("job-notes")}
            tablet.replica.save("jobs", job["id"], fields)

    # --- the dispatcher, at the office ------------------------------------------------

    @rule(pick=PICK, to=st.integers(0, 2))
    def reassign_job(self, pick, to):
        job_id = _pick(self.world.jobs, pick)
        inspectors = [self.world.a.inspectors[to].user_id]
        self.world.office_edit(
            "assignments", self.world.assignments[job_id], {"inspector_ids": inspectors}
        )

    @rule(pick=PICK)
    def cancel_job(self, pick):
        job = get_record(self.world.db, "jobs", _pick(self.world.jobs, pick))
        try:
            check_transition(job["status"], JobStatus.CANCELLED)
        except IllegalTransition:
            return
        if job["status"] != JobStatus.CANCELLED:
            self.world.office_edit("jobs", job["id"], {"status": "cancelled"})

    @rule(pick=PICK, name=st.sampled_from(["notes", "priority"]))
    def office_edit_job(self, pick, name):
        job_id = _pick(self.world.jobs, pick)
        value = self.world.value("office-notes") if name == "notes" else pick % 4
        self.world.office_edit("jobs", job_id, {name: value})

    @rule(pick=PICK)
    def office_edit_check(self, pick):
        rows = self.world.db.execute(
            "SELECT id FROM records WHERE collection = 'checks' AND deleted = 0 "
            "AND json_extract(data, '$.status') = 'draft' ORDER BY id"
        ).fetchall()
        check_id = _pick([r[0] for r in rows], pick)
        if check_id is not None:
            self.world.office_edit("checks", check_id, {"notes": self.world.value("office")})

    @rule(pick=PICK)
    def rename_site(self, pick):
        site_id = _pick(self.world.sites, pick)
        self.world.office_edit("sites", site_id, {"name": self.world.value("site")})

    # --- syncing, faults, crashes -----------------------------------------------------

    @rule(n=TABLET, faults=st.lists(FAULT, max_size=3))
    def sync(self, n, faults):
        self.world.sync(n % len(self.world.tablets), faults)

    @rule(n=TABLET, crash_at=st.integers(1, SYNC_STEPS), faults=st.lists(FAULT, max_size=1))
    def killed_during_sync(self, n, crash_at, faults):
        n %= len(self.world.tablets)
        self.world.tablets[n].replica.hook = StepRecorder(crash_at)
        with contextlib.suppress(SimulatedCrash):
            self.world.sync(n, faults)
        self.world.reopen(n)

    @rule(n=TABLET, pick=PICK, step=st.sampled_from(["save:mutation", "save:record"]))
    def killed_during_save(self, n, pick, step):
        n %= len(self.world.tablets)
        tablet = self.world.tablets[n]
        check = _pick(self.visible(tablet, "checks"), pick)
        if check is None:
            return
        before = (
            tablet.replica.get("checks", check["id"]),
            tablet.replica.meta("next_mutation_id"),
        )
        tablet.replica.hook = crash_at_step(step)
        with pytest.raises(SimulatedCrash):
            tablet.replica.save("checks", check["id"], {"notes": self.world.value("crash")})
        tablet = self.world.reopen(n)
        after = (tablet.replica.get("checks", check["id"]), tablet.replica.meta("next_mutation_id"))
        assert after == before, "a save killed before its commit left a trace"

    @rule()
    def take_backup(self):
        self.backup = self.world.backup()

    @precondition(lambda self: self.backup is not None)
    @rule()
    def restore_backup(self):
        self.world.restore(self.backup)
        self.backup = None

    # --- cheap invariants, after every step -------------------------------------------

    @invariant()
    def mutation_ids_processed_once_and_gapless(self):
        for tablet in self.world.tablets:
            rows = self.world.db.execute(
                "SELECT mutation_id FROM mutation_results WHERE device_id = ? ORDER BY mutation_id",
                [tablet.device_id],
            ).fetchall()
            assert [r[0] for r in rows] == list(range(1, len(rows) + 1))


SyncProtocol.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestSyncProtocol = SyncProtocol.TestCase


# --- the checker must be able to fail: deliberately broken servers ----------------------


class Saboteur:
    """A transport that lets the real server answer, then breaks the server behind the
    device's back (`after(body, answer)`) or changes what the device is told."""

    def __init__(self, inner, after):
        self.inner = inner
        self.after = after

    def push(self, body):
        return self.after(body, self.inner.push(body))

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture
def world(tmp_path):
    world = StatefulWorld.open(tmp_path, devices=2)
    assert world.converge() == []
    yield world
    world.close()


def _sabotage(world, n, after):
    recorder = world.tablets[n].recorder
    recorder.inner = Saboteur(recorder.inner, after)


def _new_check(world, n=0, **extra):
    tablet = world.tablets[n]
    job = tablet.replica.query("jobs")[0]
    check_id = new_id()
    fields = world.check(job, world.a.inspectors[0], **extra)
    tablet.replica.save("checks", check_id, fields, op="create")
    return check_id


def test_checker_reports_an_acknowledged_create_the_server_dropped(world):
    def drop_created(body, answer):
        for m in body["mutations"]:
            world.db.execute("DELETE FROM records WHERE id = ?", [m["record_id"]])
            world.db.execute("DELETE FROM memberships WHERE record_id = ?", [m["record_id"]])
        world.db.conn.commit()
        return answer

    check_id = _new_check(world)
    _sabotage(world, 0, drop_created)
    world.converge()
    found = problems(world)
    assert any("record is gone" in p for p in found), found
    assert any(check_id in p for p in found), found


def test_checker_reports_a_value_overwritten_without_a_conflict_entry(world):
    check_id = _new_check(world, notes=world.value("first"))
    assert world.converge() == []
    world.office_edit("checks", check_id, {"notes": world.value("office")})
    world.tablets[0].replica.save("checks", check_id, {"notes": world.value("tablet")})

    class Amnesiac(Saboteur):
        def push(self, body):  # the server forgets who changed what: no conflict is seen
            world.db.execute("DELETE FROM field_versions WHERE record_id = ?", [check_id])
            world.db.conn.commit()
            return self.inner.push(body)

    recorder = world.tablets[0].recorder
    recorder.inner = Amnesiac(recorder.inner, None)
    world.converge()
    found = problems(world)
    assert any("without a conflict entry" in p for p in found), found


def test_checker_reports_a_rejection_the_device_was_told_was_applied(world):
    def hide_rejections(body, answer):
        for result in answer["results"]:
            if result["status"] == "rejected":
                result["status"] = "applied"
        return answer

    job = world.tablets[0].replica.query("jobs")[0]
    world.tablets[0].replica.save("jobs", job["id"], {"status": "done"})  # refused
    _sabotage(world, 0, hide_rejections)
    world.converge()
    found = problems(world)
    assert any("rejected mutation 1" in p for p in found), found


def test_checker_reports_a_write_the_change_log_never_saw(world):
    world.db.execute(  # a server bug: the write bypasses the change log
        "UPDATE records SET version = version + 1, "
        "data = json_set(data, '$.name', 'renamed') WHERE id = ?",
        [world.sites[0]],
    )
    world.db.conn.commit()
    world.converge()
    found = problems(world)
    assert any(world.sites[0] in p and "v1, server v2" in p for p in found), found
