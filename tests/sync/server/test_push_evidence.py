"""Evidence rules on push: submitted checks are immutable, verdicts are the server's, and
results for a cancelled job are kept while the job is flagged."""

from domain.tolerances import evaluate_check
from sync.server.records import get_record
from tests.domain.factories import new_id, sphygmo_points
from tests.sync.server.support import create, update


def push_one(world, mutation, who=None):
    return world.push(who or world.a.inspector, mutation)["results"][0]


def submitted(world, **overrides):
    """A submitted check carrying the verdict and result the tablet's engine gave."""
    points = overrides.pop("points", sphygmo_points())
    judged = evaluate_check("sphygmomanometer", "verification", {}, points)
    fields = {
        "status": "submitted",
        "verdict": judged["verdict"],
        "result": judged,
        "rule_version": judged["rule_version"],
        "points": points,
        **overrides,
    }
    return world.check(world.a.job, **fields)


def test_server_stores_its_own_verdict_and_result(world):
    result = push_one(world, create("checks", world.check(world.a.job)))
    record = result["record"]
    assert record["verdict"] == "pass"
    assert record["result"]["verdict"] == "pass"
    assert len(record["result"]["points"]) == 7
    assert record["rule_set"] and record["rule_version"]


def test_submitted_check_is_immutable_and_an_amendment_is_accepted(world):
    check_id = new_id()
    assert push_one(world, create("checks", submitted(world), check_id))["status"] == "applied"
    refused = push_one(world, update("checks", check_id, 1, {"seal_number": "S-2"}))
    assert refused["status"] == "rejected"
    assert refused["error"]["code"] == "immutable"
    assert "amends" in refused["error"]["message"]
    amendment = submitted(
        world, amends=check_id, amend_reason="wrong seal number", seal_number="S-2"
    )
    assert push_one(world, create("checks", amendment))["status"] == "applied"
    assert get_record(world.db, "checks", check_id)["seal_number"] != "S-2"


def test_deleting_a_submitted_check_is_refused(world):
    check_id = new_id()
    push_one(world, create("checks", submitted(world), check_id))
    refused = push_one(
        world,
        {
            "collection": "checks",
            "record_id": check_id,
            "op": "delete",
            "base_version": 1,
            "fields": {},
        },
    )
    assert refused["error"]["code"] == "immutable"


def test_amendment_of_an_unknown_check_is_rejected(world):
    amendment = submitted(world, amends=new_id(), amend_reason="typo")
    assert push_one(world, create("checks", amendment))["error"]["fields"].keys() == {"amends"}


def test_verdict_the_readings_do_not_give_is_rejected(world):
    failing = submitted(world, points=sphygmo_points(offset=9))
    failing["verdict"] = failing["result"]["verdict"] = "pass"
    result = push_one(world, create("checks", failing))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "verdict_mismatch"
    assert "fail" in result["error"]["message"]


def test_result_that_disagrees_is_rejected(world):
    claimed = {"verdict": "pass", "points": [{"passed": True}] * 7}
    failing = world.check(world.a.job, points=sphygmo_points(offset=9), result=claimed)
    assert push_one(world, create("checks", failing))["error"]["code"] == "verdict_mismatch"


def test_honest_failing_verdict_is_stored(world):
    failing = submitted(world, points=sphygmo_points(offset=9))
    assert push_one(world, create("checks", failing))["record"]["verdict"] == "fail"


def test_results_for_a_cancelled_job_are_kept_and_the_job_flagged(world):
    job = world.a.job
    cancel = update("jobs", job["id"], job["version"], {"status": "cancelled"})
    assert push_one(world, cancel, world.a.dispatcher)["status"] == "applied"
    result = push_one(world, create("checks", world.check(job)))
    assert result["status"] == "applied"
    flagged = get_record(world.db, "jobs", job["id"])
    assert flagged["needs_review"] is True
    assert flagged["status"] == "needs_review"
    assert "cancelled" in flagged["review_reason"]


def test_results_for_a_reassigned_job_are_still_accepted(world):
    job = world.a.job
    world.db.execute("DELETE FROM records WHERE collection = 'assignments'")
    world.assign(job["id"], world.a.inspectors[1])
    result = push_one(world, create("checks", world.check(job)))
    assert result["status"] == "applied"
