"""Over real HTTP, a tablet cannot make the server trust it for what the server knows itself:
the instrument a check is judged with, the check's author, and who may move a job."""

import uuid

from domain.tolerances import evaluate_check
from tests.domain.factories import FUEL_PARAMS
from tests.e2e.conftest import draft_check

ONE_PERCENT_OFF = [
    {"name": "max_flow", "flow_rate": 40, "indicated": 20.2, "reference": 20.0},
    {"name": "min_flow", "flow_rate": 5, "indicated": 10.0, "reference": 10.0},
]


def submitted(world, params):
    """A submitted inspection of the office's class 0.5 dispenser, judged under `params`."""
    judged = evaluate_check("fuel_dispenser", "inspection", params, ONE_PERCENT_OFF)
    return draft_check(
        world,
        instrument_params=params,
        points=ONE_PERCENT_OFF,
        status="submitted",
        verdict=judged["verdict"],
        result=judged,
        rule_version=judged["rule_version"],
    )


def test_a_dispenser_1_percent_off_is_not_passed_by_a_forged_class(live_server, world, tablet):
    device = tablet("inspector.a")
    forged, honest = str(uuid.uuid4()), str(uuid.uuid4())
    device.replica.save(
        "checks", forged, submitted(world, {**FUEL_PARAMS, "accuracy_class": "1.5"}), op="create"
    )
    device.replica.save("checks", honest, submitted(world, FUEL_PARAMS), op="create")
    status = device.engine.run()
    assert (status.outcome, status.rejected) == ("ok", 1)
    assert live_server.scalar("SELECT count(*) FROM records WHERE id = ?", [forged]) == 0
    verdict = live_server.scalar(
        "SELECT json_extract(data, '$.verdict') FROM records WHERE id = ?", [honest]
    )
    assert verdict == "fail"
    notice = device.replica.get("checks", forged)
    assert notice is not None  # kept on the tablet with its error, for the person to fix


def test_a_check_in_a_colleagues_name_is_refused(live_server, world, tablet):
    device = tablet("inspector.a")
    check_id = str(uuid.uuid4())
    device.replica.save("checks", check_id, draft_check(world, username="inspector.b"), op="create")
    assert device.engine.run().rejected == 1
    assert live_server.count("checks") == 0


def test_an_inspector_cannot_cancel_their_job_by_push(live_server, world, tablet):
    device = tablet("inspector.a")
    device.engine.run()
    job_id = world.a.job["id"]
    before = live_server.scalar(
        "SELECT json_extract(data, '$.status') FROM records WHERE id = ?", [job_id]
    )
    device.replica.save("jobs", job_id, {"status": "cancelled"})
    assert device.engine.run().rejected == 1
    after = live_server.scalar(
        "SELECT json_extract(data, '$.status') FROM records WHERE id = ?", [job_id]
    )
    assert after == before != "cancelled"
