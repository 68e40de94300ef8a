"""Who and what come from the server, not from the pushed body: the author of a result, the
instrument a check is judged with, the check an amendment corrects, and who may move a job."""

import pytest

from domain.tolerances import evaluate_check
from sync.server.records import get_record
from tests.domain import factories as f
from tests.domain.factories import new_id
from tests.sync.server.support import actor, create, update

FUEL_CLASS_05 = {"accuracy_class": "0.5", "params": {"mmq": 2, "scale_interval": 0.01}}
ONE_PERCENT_OFF = [  # 1 % over at max flow: outside class 0.5 (0.5 %), inside class 1.5
    {"name": "max_flow", "flow_rate": 40, "indicated": 20.2, "reference": 20.0},
    {"name": "min_flow", "flow_rate": 5, "indicated": 10.0, "reference": 10.0},
    {"name": "mmq", "flow_rate": 5, "indicated": 2.0, "reference": 2.0},
]
REGISTER_COPY = {"accuracy_class": "0.5", "mmq": 2, "scale_interval": 0.01}


def push_one(world, who, mutation):
    return world.push(who, mutation)["results"][0]


@pytest.fixture
def dispenser(world):
    return world.put(
        "instruments",
        f.make_instrument(site_id=world.a.site["id"], type="fuel_dispenser", **FUEL_CLASS_05),
    )


def fuel_check(world, dispenser, params, **overrides):
    fields = {
        "instrument_id": dispenser["id"],
        "instrument_type": "fuel_dispenser",
        "instrument_params": params,
        "points": ONE_PERCENT_OFF,
        **overrides,
    }
    return world.check(world.a.job, **fields)


def submitted_as_device_judges(world, dispenser, itype, params):
    """The check a device submits with its own copy of the instrument (a draft when its
    engine cannot judge the readings under that copy)."""
    if itype != "fuel_dispenser":
        return fuel_check(world, dispenser, params, instrument_type=itype)
    judged = evaluate_check(itype, "verification", params, ONE_PERCENT_OFF)
    return fuel_check(
        world,
        dispenser,
        params,
        instrument_type=itype,
        status="submitted",
        verdict=judged["verdict"],
        result=judged,
        rule_version=judged["rule_version"],
    )


@pytest.mark.parametrize(
    ("itype", "params", "field", "sent", "held"),
    [
        (
            "fuel_dispenser",
            {**REGISTER_COPY, "accuracy_class": "1.5"},
            "accuracy_class",
            "1.5",
            "0.5",
        ),
        ("personal_scale", REGISTER_COPY, "instrument_type", "personal_scale", "fuel_dispenser"),
        ("fuel_dispenser", {**REGISTER_COPY, "mmq": 20}, "mmq", "20", "2"),
    ],
)
def test_a_check_judged_with_a_forged_instrument_copy_is_rejected(
    world, dispenser, itype, params, field, sent, held
):
    check_id = new_id()
    fields = submitted_as_device_judges(world, dispenser, itype, params)
    result = push_one(world, world.a.inspector, create("checks", fields, check_id))
    assert result["status"] == "rejected"
    message = result["error"]["message"]
    assert field in message and sent in message and held in message
    assert get_record(world.db, "checks", check_id) is None


def test_the_honest_copy_of_the_register_fails_the_dispenser(world, dispenser):
    fields = submitted_as_device_judges(world, dispenser, "fuel_dispenser", REGISTER_COPY)
    result = push_one(world, world.a.inspector, create("checks", fields))
    assert result["status"] == "applied", result
    assert result["record"]["verdict"] == "fail"


def test_an_instrument_of_another_site_is_refused(world):
    elsewhere = world.put("sites", f.make_site(office_id=world.a.id))
    other = world.put("instruments", f.make_sphygmomanometer(site_id=elsewhere["id"]))
    check_id = new_id()
    fields = world.check(world.a.job, instrument_id=other["id"])
    result = push_one(world, world.a.inspector, create("checks", fields, check_id))
    assert result["status"] == "rejected"
    assert "instrument_id" in result["error"]["fields"]
    assert get_record(world.db, "checks", check_id) is None


def test_an_instrument_registered_on_site_earlier_in_the_stream_is_checked_at_once(world):
    found = f.make_instrument(site_id=world.a.site["id"], type="fuel_dispenser", **FUEL_CLASS_05)
    found_id = found.pop("id")
    fields = fuel_check(world, {"id": found_id}, REGISTER_COPY)
    results = world.push(
        world.a.inspector,
        create("instruments", found, found_id),
        create("checks", fields),
    )["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results
    assert results[1]["record"]["verdict"] == "fail"


def test_an_inspector_may_not_register_an_instrument_at_a_site_not_on_their_jobs(world):
    elsewhere = world.put("sites", f.make_site(office_id=world.a.id))
    found = f.make_sphygmomanometer(site_id=elsewhere["id"])
    result = push_one(world, world.a.inspector, create("instruments", found, found.pop("id")))
    assert (result["status"], result["error"]["code"]) == ("rejected", "permission")


@pytest.mark.parametrize("author", ["colleague", "foreigner", "random"])
def test_the_author_of_a_check_is_the_user_who_pushes_it(world, author):
    ids = {
        "colleague": world.a.inspectors[1].user_id,
        "foreigner": actor("inspector", new_id()).user_id,
        "random": new_id(),
    }
    check_id = new_id()
    fields = world.check(world.a.job, inspector_id=ids[author])
    result = push_one(world, world.a.inspector, create("checks", fields, check_id))
    assert (result["status"], result["error"]["code"]) == ("rejected", "permission")
    assert "inspector_id" in result["error"]["message"]
    assert get_record(world.db, "checks", check_id) is None


def test_the_author_of_a_check_cannot_change(world):
    check_id = new_id()
    push_one(world, world.a.inspector, create("checks", world.check(world.a.job), check_id))
    moved = update("checks", check_id, 1, {"inspector_id": world.a.inspectors[1].user_id})
    result = push_one(world, world.a.dispatcher, moved)
    assert result["status"] == "rejected"
    assert get_record(world.db, "checks", check_id)["inspector_id"] == world.a.inspector.user_id


def foreign_check(world):
    """A check of a job in another office, recorded by that office's inspector."""
    office = world.put("offices", f.make_office(code="WUDU"))
    site = world.put("sites", f.make_site(office_id=office["id"]))
    instrument = world.put("instruments", f.make_sphygmomanometer(site_id=site["id"]))
    inspector = actor("inspector", office["id"])
    job = world.put("jobs", f.make_job(office_id=office["id"], site_id=site["id"]))
    world.assign(job["id"], inspector)
    fields = world.check(job, instrument_id=instrument["id"], inspector_id=inspector.user_id)
    check_id = new_id()
    assert push_one(world, inspector, create("checks", fields, check_id))["status"] == "applied"
    return check_id


def amending(world, target):
    fields = world.check(world.a.job, amends=target, amend_reason="typo in a reading")
    return create("checks", fields)


def test_an_amendment_of_a_check_the_pusher_cannot_see_reads_as_unknown(world):
    hidden = push_one(world, world.a.inspector, amending(world, foreign_check(world)))
    unknown = push_one(world, world.a.inspector, amending(world, new_id()))
    assert hidden["status"] == unknown["status"] == "rejected"
    strip = lambda result: result["error"]["message"].split(" check ")[0]  # noqa: E731
    assert strip(hidden) == strip(unknown)
    assert hidden["error"]["fields"].keys() == unknown["error"]["fields"].keys() == {"amends"}


def test_an_amendment_of_ones_own_check_is_accepted(world):
    check_id = new_id()
    push_one(world, world.a.inspector, create("checks", world.check(world.a.job), check_id))
    assert push_one(world, world.a.inspector, amending(world, check_id))["status"] == "applied"


def status_push(world, who, job, status):
    version = get_record(world.db, "jobs", job["id"])["version"]
    return push_one(world, who, update("jobs", job["id"], version, {"status": status}))


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("dispatched", "cancelled"),
        ("dispatched", "scheduled"),  # unassign / recall
        ("needs_review", "done"),  # close a review
        ("needs_review", "in_progress"),
        ("in_progress", "needs_review"),
    ],
)
def test_an_inspector_may_not_push_a_dispatchers_status_change(world, current, target):
    job = world.new_job(world.a.inspector, status=current)
    result = status_push(world, world.a.inspector, job, target)
    assert (result["status"], result["error"]["code"]) == ("rejected", "permission")
    assert get_record(world.db, "jobs", job["id"])["status"] == current


@pytest.mark.parametrize(
    ("current", "target"), [("dispatched", "in_progress"), ("in_progress", "done")]
)
def test_an_inspector_starts_and_finishes_their_job(world, current, target):
    job = world.new_job(world.a.inspector, status=current)
    assert status_push(world, world.a.inspector, job, target)["status"] == "applied"


def test_an_inspector_taken_off_the_job_may_not_move_it(world):
    job = world.new_job(world.a.inspector, status="dispatched")
    assignment = world.db.execute(
        "SELECT id FROM records WHERE collection = 'assignments' AND parent_id = ?", [job["id"]]
    ).fetchone()[0]
    version = get_record(world.db, "assignments", assignment)["version"]
    moved = update(
        "assignments", assignment, version, {"inspector_ids": [world.a.inspectors[1].user_id]}
    )
    assert push_one(world, world.a.dispatcher, moved)["status"] == "applied"
    result = status_push(world, world.a.inspector, job, "in_progress")
    assert (result["status"], result["error"]["code"]) == ("rejected", "permission")
    version = get_record(world.db, "jobs", job["id"])["version"]
    notes = push_one(world, world.a.inspector, update("jobs", job["id"], version, {"notes": "x"}))
    assert notes["status"] == "rejected"
    # results recorded for it offline are still evidence, and accepted
    check = push_one(world, world.a.inspector, create("checks", world.check(job)))
    assert check["status"] == "applied"


def test_users_are_not_written_by_push_not_even_by_an_admin(world):
    user = world.put("users", f.make_user(office_id=world.a.id))
    result = push_one(world, world.admin, update("users", user["id"], 1, {"active": False}))
    assert (result["status"], result["error"]["code"]) == ("rejected", "permission")
    assert "/api/v1/users" in result["error"]["message"]
    assert get_record(world.db, "users", user["id"])["active"] is True


def test_a_pushed_assignment_may_not_send_an_inspector_of_another_office(world):
    foreign = world.put("offices", f.make_office(code="WUDU"))
    stranger = world.put("users", f.make_user(office_id=foreign["id"]))
    job = world.new_job()
    fields = f.make_assignment(job_id=job["id"], inspector_ids=[stranger["id"]], vehicle_id=None)
    assignment_id = fields.pop("id")
    result = push_one(world, world.a.dispatcher, create("assignments", fields, assignment_id))
    assert result["status"] == "rejected"
    assert "another office" in result["error"]["fields"]["inspector_ids"][0]
    assert get_record(world.db, "assignments", assignment_id) is None
