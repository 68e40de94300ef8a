"""Push outcomes: applied, merged, conflict (owner wins, loser kept) and rejected."""

from sync.server.records import get_record, list_records
from tests.domain.factories import new_id
from tests.sync.server.support import create, update


def push_one(world, who, mutation):
    return world.push(who, mutation)["results"][0]


def new_check(world, **overrides):
    record_id = new_id()
    result = push_one(
        world,
        world.a.inspector,
        create("checks", world.check(world.a.job, **overrides), record_id),
    )
    assert result["status"] == "applied", result
    return record_id


def test_update_on_current_version_is_applied(world):
    check_id = new_check(world)
    result = push_one(world, world.a.inspector, update("checks", check_id, 1, {"notes": "ok"}))
    assert result["status"] == "applied"
    assert result["record"]["version"] == 2
    assert result["record"]["notes"] == "ok"


def test_stale_base_with_untouched_fields_is_merged(world):
    check_id = new_check(world)
    push_one(world, world.a.dispatcher, update("checks", check_id, 1, {"seal_number": "S-9"}))
    result = push_one(world, world.a.inspector, update("checks", check_id, 1, {"notes": "mine"}))
    assert result["status"] == "merged"
    assert result["record"]["seal_number"] == "S-9"
    assert result["record"]["notes"] == "mine"


def test_own_earlier_edit_is_not_a_conflict(world):
    check_id = new_check(world)
    push_one(world, world.a.inspector, update("checks", check_id, 1, {"notes": "one"}))
    result = push_one(world, world.a.inspector, update("checks", check_id, 1, {"notes": "two"}))
    assert result["status"] == "merged"
    assert result["record"]["notes"] == "two"


def conflicts_of(world, record_id):
    return list_records(world.db, "conflicts", filters={"record_id": record_id})


def test_dispatcher_owns_job_status_and_wins_as_the_later_writer(world):
    job = world.new_job(world.a.inspector, status="dispatched")
    base = get_record(world.db, "jobs", job["id"])["version"]
    push_one(world, world.a.inspector, update("jobs", job["id"], base, {"status": "in_progress"}))
    result = push_one(
        world, world.a.dispatcher, update("jobs", job["id"], base, {"status": "cancelled"})
    )
    assert result["status"] == "conflict"
    assert result["record"]["status"] == "cancelled"
    [entry] = conflicts_of(world, job["id"])
    assert (entry["winning_value"], entry["losing_value"]) == ("cancelled", "in_progress")
    assert (entry["winning_role"], entry["losing_role"]) == ("dispatcher", "inspector")
    assert entry["losing_user_id"] == world.a.inspector.user_id
    assert entry["created_at"]
    assert entry["id"] in str(result["error"]["fields"]["status"])


def test_dispatcher_owns_job_status_and_wins_as_the_earlier_writer(world):
    job = world.new_job(world.a.inspector, status="dispatched")
    base = get_record(world.db, "jobs", job["id"])["version"]
    push_one(world, world.a.dispatcher, update("jobs", job["id"], base, {"status": "cancelled"}))
    result = push_one(
        world, world.a.inspector, update("jobs", job["id"], base, {"status": "in_progress"})
    )
    assert result["status"] == "conflict"
    assert get_record(world.db, "jobs", job["id"])["status"] == "cancelled"
    [entry] = conflicts_of(world, job["id"])
    assert entry["losing_value"] == "in_progress"
    assert entry["losing_device_id"] == world.a.inspector.device_id


def test_inspector_owns_what_it_measured(world):
    check_id = new_check(world)
    push_one(world, world.a.inspector, update("checks", check_id, 1, {"notes": "seen on site"}))
    result = push_one(world, world.a.dispatcher, update("checks", check_id, 1, {"notes": "office"}))
    assert result["status"] == "conflict"
    assert result["record"]["notes"] == "seen on site"
    [entry] = conflicts_of(world, check_id)
    assert (entry["losing_value"], entry["losing_role"]) == ("office", "dispatcher")


def test_inspector_may_not_write_another_inspectors_job(world):
    result = push_one(world, world.a.inspectors[1], create("checks", world.check(world.a.job)))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "permission"


def test_inspector_may_not_change_a_jobs_window(world):
    job = world.a.job
    result = push_one(
        world,
        world.a.inspector,
        update("jobs", job["id"], job["version"], {"window_start": "2024-05-06T08:00:00+08:00"}),
    )
    assert result["error"]["code"] == "permission"


def test_dispatcher_of_another_office_is_refused(world):
    stranger = world.a.dispatcher.__class__(new_id(), "dispatcher", new_id(), new_id())
    result = push_one(world, stranger, update("checks", new_check(world), 1, {"notes": "x"}))
    assert result["error"]["code"] == "permission"


def test_illegal_job_status_change_is_rejected_with_the_reason(world):
    job = world.a.job
    result = push_one(
        world, world.a.dispatcher, update("jobs", job["id"], job["version"], {"status": "done"})
    )
    assert result["error"]["code"] == "state"
    assert "requested" in result["error"]["message"]
    assert get_record(world.db, "jobs", job["id"])["status"] == "requested"
