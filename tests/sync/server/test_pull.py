"""Pull: paging by seq, buckets, re-emission and removal on reassignment, cursors."""

import pytest

from sync.errors import SyncRequestError
from sync.server.pull import pull_changes
from sync.server.records import write_record
from sync.server.schema import renew_epoch
from tests.domain.factories import new_id
from tests.sync.server.support import create, update


def pull_all(db, who, cursor=None, limit=None):
    """Every change the actor sees after `cursor`, and the final cursor."""
    changes = []
    while True:
        page = pull_changes(db, actor=who, cursor=cursor, limit=limit)
        changes += page["changes"]
        cursor = page["cursor"]
        if not page["has_more"]:
            return changes, cursor


def ids(changes, collection=None, removed=False):
    return {
        c["id"]
        for c in changes
        if (collection is None or c["collection"] == collection)
        and c.get("removed", False) == removed
    }


def test_pages_are_bounded_by_limit_and_count_what_remains(world):
    for _ in range(7):
        world.new_job(world.a.inspector)
    total = world.db.execute(
        "SELECT count(*) FROM changes WHERE bucket IN (?, ?, ?)",
        ["global", f"office:{world.a.id}", f"inspector:{world.a.inspector.user_id}"],
    ).fetchone()[0]
    page = pull_changes(world.db, actor=world.a.inspector, limit=5)
    assert len(page["changes"]) <= 5
    assert page["has_more"] is True
    assert page["remaining"] == total - 5
    seen, cursor = pull_all(world.db, world.a.inspector, page["cursor"], limit=5)
    assert ids(page["changes"] + seen, "jobs") >= {world.a.job["id"]}
    last = pull_changes(world.db, actor=world.a.inspector, cursor=cursor)
    assert (last["changes"], last["remaining"], last["has_more"]) == ([], 0, False)


def test_change_carries_envelope_and_data(world):
    changes, _ = pull_all(world.db, world.a.inspector)
    [job] = [c for c in changes if c["id"] == world.a.job["id"]]
    assert job["collection"] == "jobs" and job["deleted"] is False
    assert job["version"] == world.a.job["version"]
    assert job["data"]["site_id"] == world.a.site["id"]


def test_inspector_never_sees_another_inspectors_jobs(world):
    b_job = world.new_job(world.a.inspectors[1])
    seen_by_a, _ = pull_all(world.db, world.a.inspector)
    seen_by_b, _ = pull_all(world.db, world.a.inspectors[1])
    assert b_job["id"] not in ids(seen_by_a) and world.a.job["id"] not in ids(seen_by_b)
    assert b_job["id"] in ids(seen_by_b)


def test_assignment_reemits_the_job_with_what_it_needs(world):
    job = world.new_job()
    _, cursor_b = pull_all(world.db, world.a.inspectors[1])
    world.assign(job["id"], world.a.inspectors[1])
    changes, _ = pull_all(world.db, world.a.inspectors[1], cursor_b)
    expected = {
        job["id"],
        world.a.site["id"],
        world.a.firm["id"],
        world.a.instrument["id"],
    }
    assert expected <= ids(changes)


def test_reassigned_job_arrives_removed_for_the_old_inspector(world):
    job = world.a.job
    _, cursor_a = pull_all(world.db, world.a.inspector)
    [assignment] = world.db.execute(
        "SELECT id FROM records WHERE collection = 'assignments'"
    ).fetchone()
    write_record(world.db, "assignments", assignment, {}, actor=world.a.dispatcher, op="delete")
    world.assign(job["id"], world.a.inspectors[1])
    changes, _ = pull_all(world.db, world.a.inspector, cursor_a)
    assert job["id"] in ids(changes, "jobs", removed=True)
    # the site is still in the office bucket the inspector reads: no `removed` for it
    assert world.a.site["id"] not in ids(changes, removed=True)
    assert (
        world.db.execute(
            "SELECT count(*) FROM changes WHERE op = 'removed' AND collection = 'sites'"
        ).fetchone()[0]
        == 1
    )


def test_admin_gets_each_record_once_per_page(world):
    page = pull_changes(world.db, actor=world.admin, limit=5000)
    keys = [(c["collection"], c["id"]) for c in page["changes"]]
    assert len(keys) == len(set(keys))
    assert world.a.job["id"] in ids(page["changes"])


def test_device_clock_years_off_does_not_change_the_order(world):
    job = world.a.job
    future = world.check(job, recorded_at="2049-01-01T00:00:00+08:00")
    past = world.check(job, recorded_at="1999-01-01T00:00:00+08:00")
    first, second = new_id(), new_id()
    world.push(world.a.inspector, create("checks", future, first), create("checks", past, second))
    world.push(world.a.inspector, update("checks", first, 1, {"notes": "later edit"}))
    changes, _ = pull_all(world.db, world.a.dispatcher)
    order = [c["id"] for c in changes if c["collection"] == "checks"]
    assert order == [second, first]  # by seq: the edit made `first` the newest change


def test_cursor_from_another_epoch_is_gone(world):
    page = pull_changes(world.db, actor=world.a.inspector, limit=1)
    renew_epoch(world.db)
    with pytest.raises(SyncRequestError) as gone:
        pull_changes(world.db, actor=world.a.inspector, cursor=page["cursor"])
    assert gone.value.status == 410


def test_cursor_of_other_buckets_is_gone(world):
    page = pull_changes(world.db, actor=world.a.inspector, limit=1)
    with pytest.raises(SyncRequestError) as gone:
        pull_changes(world.db, actor=world.a.inspectors[1], cursor=page["cursor"])
    assert gone.value.status == 410


@pytest.mark.parametrize(
    "cursor", ["garbage", "1.x.y", "2.a.b.3.0", "1.a.b.-3.0", "1.a.b.9e9.0", "1.a.b.3"]
)
def test_unreadable_cursor_is_400(world, cursor):
    with pytest.raises(SyncRequestError) as bad:
        pull_changes(world.db, actor=world.a.inspector, cursor=cursor)
    assert bad.value.status == 400


@pytest.mark.parametrize("limit", [0, -1, 5001, "ten", 2.5, True])
def test_bad_limit_is_422(world, limit):
    with pytest.raises(SyncRequestError) as bad:
        pull_changes(world.db, actor=world.a.inspector, limit=limit)
    assert bad.value.status == 422


def test_limit_may_come_as_query_text(world):
    assert len(pull_changes(world.db, actor=world.a.inspector, limit="2")["changes"]) <= 2


def test_a_page_read_in_small_windows_is_the_same_page(world, monkeypatch):
    for _ in range(5):
        world.new_job(world.a.inspector)
    whole = pull_changes(world.db, actor=world.a.inspector, limit=5000)
    monkeypatch.setattr("sync.server.pull.WINDOW", 3)
    windowed = pull_changes(world.db, actor=world.a.inspector, limit=5000)
    assert windowed == whole
    first = pull_changes(world.db, actor=world.admin, limit=7)
    rest, _ = pull_all(world.db, world.admin, first["cursor"], limit=7)
    keys = [(c["collection"], c["id"]) for c in first["changes"]]
    assert len(first["changes"]) <= 7 and len(keys) == len(set(keys))
    assert first["remaining"] > 0 and rest
