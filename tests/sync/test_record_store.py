"""The record store: versions, change log, buckets, re-emission on assignment, audit."""

import json

import pytest
import sqlite_utils

from domain.access import Actor
from sync.server.records import (
    RecordExists,
    RecordMissing,
    count_records,
    get_record,
    list_records,
    write_record,
)
from sync.server.schema import ensure_schema, get_epoch, renew_epoch
from sync.transaction import transaction
from tests.domain.factories import new_id

DISPATCHER = Actor("u-dispatcher", "dispatcher", "o1", "dev-1")


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_schema(database)
    return database


def changes_in(db, bucket):
    rows = db.execute(
        "SELECT collection, record_id, op FROM changes WHERE bucket = ? ORDER BY seq", [bucket]
    ).fetchall()
    return [tuple(r) for r in rows]


@pytest.fixture
def site_with_job(db):
    firm = write_record(
        db, "firms", new_id(), {"office_id": "o1", "name": "F"}, actor=DISPATCHER, op="create"
    )
    site = write_record(
        db,
        "sites",
        new_id(),
        {"office_id": "o1", "firm_id": firm["id"]},
        actor=DISPATCHER,
        op="create",
    )
    instrument = write_record(
        db, "instruments", new_id(), {"site_id": site["id"]}, actor=DISPATCHER, op="create"
    )
    job = write_record(
        db,
        "jobs",
        new_id(),
        {"office_id": "o1", "site_id": site["id"], "instrument_ids": [instrument["id"]]},
        actor=DISPATCHER,
        op="create",
    )
    return {"firm": firm, "site": site, "instrument": instrument, "job": job}


def assign(db, job_id, inspector_ids, assignment_id=None, op="create"):
    return write_record(
        db,
        "assignments",
        assignment_id or new_id(),
        {"job_id": job_id, "inspector_ids": inspector_ids},
        actor=DISPATCHER,
        op=op,
    )


def test_create_sets_version_one_and_a_change_in_its_bucket(db):
    site = write_record(db, "sites", new_id(), {"office_id": "o1"}, actor=DISPATCHER, op="create")
    assert site["version"] == 1 and site["deleted"] is False
    assert changes_in(db, "office:o1") == [("sites", site["id"], "put")]
    assert site["updated_seq"] > 0


def test_update_bumps_version_and_keeps_one_change_row_per_bucket(db):
    rid = new_id()
    write_record(db, "sites", rid, {"office_id": "o1", "name": "a"}, actor=DISPATCHER, op="create")
    first_seq = get_record(db, "sites", rid)["updated_seq"]
    updated = write_record(db, "sites", rid, {"name": "b"}, actor=DISPATCHER, op="update")
    assert updated["version"] == 2 and updated["name"] == "b"
    assert updated["updated_seq"] > first_seq
    assert changes_in(db, "office:o1") == [("sites", rid, "put")]


def test_delete_is_a_tombstone_that_stays_in_its_buckets(db):
    rid = new_id()
    write_record(db, "sites", rid, {"office_id": "o1"}, actor=DISPATCHER, op="create")
    gone = write_record(db, "sites", rid, {}, actor=DISPATCHER, op="delete")
    assert gone["deleted"] is True and gone["version"] == 2
    assert changes_in(db, "office:o1") == [("sites", rid, "put")]
    assert count_records(db, "sites") == 0
    assert count_records(db, "sites", include_deleted=True) == 1


def test_create_of_a_live_id_and_update_of_a_missing_one_are_refused(db):
    rid = new_id()
    write_record(db, "sites", rid, {"office_id": "o1"}, actor=DISPATCHER, op="create")
    with pytest.raises(RecordExists):
        write_record(db, "sites", rid, {"office_id": "o1"}, actor=DISPATCHER, op="create")
    with pytest.raises(RecordMissing):
        write_record(db, "sites", new_id(), {"name": "x"}, actor=DISPATCHER, op="update")
    assert get_record(db, "sites", rid)["version"] == 1


def test_assignment_re_emits_job_with_site_firm_and_instruments(db, site_with_job):
    job = site_with_job["job"]
    assign(db, job["id"], ["insp-a"])
    held = {(c, i) for c, i, op in changes_in(db, "inspector:insp-a") if op == "put"}
    expected = {
        ("jobs", job["id"]),
        ("sites", site_with_job["site"]["id"]),
        ("firms", site_with_job["firm"]["id"]),
        ("instruments", site_with_job["instrument"]["id"]),
    }
    assert expected <= held


def test_reassignment_removes_the_family_from_the_old_inspector(db, site_with_job):
    job = site_with_job["job"]
    assignment = assign(db, job["id"], ["insp-a"])
    assign(db, job["id"], ["insp-b"], assignment["id"], op="update")
    old = {(c, i): op for c, i, op in changes_in(db, "inspector:insp-a")}
    new = {(c, i): op for c, i, op in changes_in(db, "inspector:insp-b")}
    assert old[("jobs", job["id"])] == "removed"
    assert old[("sites", site_with_job["site"]["id"])] == "removed"
    assert new[("jobs", job["id"])] == "put"
    assert new[("instruments", site_with_job["instrument"]["id"])] == "put"


def test_site_still_needed_by_another_job_stays(db, site_with_job):
    site_id = site_with_job["site"]["id"]
    other = write_record(
        db, "jobs", new_id(), {"office_id": "o1", "site_id": site_id}, actor=DISPATCHER, op="create"
    )
    first = assign(db, site_with_job["job"]["id"], ["insp-a"])
    assign(db, other["id"], ["insp-a"])
    write_record(db, "assignments", first["id"], {}, actor=DISPATCHER, op="delete")
    ops = {(c, i): op for c, i, op in changes_in(db, "inspector:insp-a")}
    assert ops[("jobs", site_with_job["job"]["id"])] == "removed"
    assert ops[("sites", site_id)] == "put"


def test_a_site_edit_reaches_the_inspectors_that_hold_it(db, site_with_job):
    assign(db, site_with_job["job"]["id"], ["insp-a"])
    site_id = site_with_job["site"]["id"]
    before = db.execute("SELECT max(seq) FROM changes").fetchone()[0]
    write_record(db, "sites", site_id, {"name": "new name"}, actor=DISPATCHER, op="update")
    rows = db.execute(
        "SELECT bucket FROM changes WHERE seq > ? AND record_id = ?", [before, site_id]
    ).fetchall()
    assert {r[0] for r in rows} == {"office:o1", "inspector:insp-a"}


def test_every_write_is_audited_with_user_device_and_field_changes(db):
    rid = new_id()
    write_record(db, "sites", rid, {"office_id": "o1", "name": "a"}, actor=DISPATCHER, op="create")
    write_record(db, "sites", rid, {"name": "b"}, actor=DISPATCHER, op="update")
    rows = list(db.query("SELECT * FROM audit_log WHERE record_id = ? ORDER BY id", [rid]))
    assert [r["action"] for r in rows] == ["create", "update"]
    assert rows[1]["user_id"] == "u-dispatcher" and rows[1]["device_id"] == "dev-1"
    assert json.loads(rows[1]["changes"])["name"] == ["a", "b"]


def test_a_failed_transaction_leaves_nothing_behind(db):
    rid = new_id()
    with pytest.raises(RuntimeError), transaction(db):
        write_record(db, "sites", rid, {"office_id": "o1"}, actor=DISPATCHER, op="create")
        raise RuntimeError("crash after the write")
    assert get_record(db, "sites", rid) is None
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_list_records_filters_and_pages(db):
    for n in range(5):
        write_record(
            db,
            "sites",
            new_id(),
            {"office_id": "o1", "kind": "market" if n % 2 else "shop"},
            actor=DISPATCHER,
            op="create",
        )
    assert len(list_records(db, "sites", filters={"kind": "shop"})) == 3
    assert len(list_records(db, "sites", limit=2, offset=4)) == 1
    assert count_records(db, "sites", office_id="o2") == 0


def test_epoch_is_made_once_and_renewed_on_restore(db):
    epoch = get_epoch(db)
    ensure_schema(db)
    assert get_epoch(db) == epoch
    assert renew_epoch(db) != epoch
