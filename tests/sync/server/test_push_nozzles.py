"""A pushed check of a fuel dispenser of three nozzles (the register's `nozzle_count`) is
evidence of all three: it must carry `nozzles: 3` in its copy of the instrument and max flow,
min flow and MMQ of every nozzle to be submitted. A copy claiming fewer nozzles, or a check
leaving a nozzle out, is refused and nothing is stored."""

import pytest

from domain.register import register_copy
from domain.tolerances import evaluate_check
from sync.server.records import get_record
from tests.domain import factories as f
from tests.domain.factories import new_id
from tests.sync.server.support import create

FUEL = {"accuracy_class": "0.5", "params": {"mmq": 2, "scale_interval": 0.01}}
NAMES = ("max_flow", "min_flow", "mmq")


@pytest.fixture
def dispenser(world):
    return world.put(
        "instruments",
        f.make_instrument(
            site_id=world.a.site["id"], type="fuel_dispenser", nozzle_count=3, **FUEL
        ),
    )


def points_of(nozzles, *, positions=True):
    at = (lambda n: {"position": n}) if positions else (lambda n: {})
    return [
        {"name": name, **at(nozzle), "flow_rate": 40, "indicated": 20.0, "reference": 20.0}
        for nozzle in range(1, nozzles + 1)
        for name in NAMES
    ]


def submitted(world, dispenser, params, points):
    """A check as a device submits it: judged by its own engine with its own copy."""
    judged = evaluate_check("fuel_dispenser", "verification", params, points)
    return world.check(
        world.a.job,
        instrument_id=dispenser["id"],
        instrument_type="fuel_dispenser",
        instrument_params=params,
        points=points,
        status="submitted",
        verdict=judged["verdict"],
        result=judged,
        rule_version=judged["rule_version"],
    )


def claimed(world, dispenser, params, points):
    """A submitted check whose result and verdict are those of a complete, passing check (the
    server judges the points it carries, whatever the device claims)."""
    fields = submitted(world, dispenser, params, points_of(3))
    return {**fields, "points": points}


def push_one(world, fields):
    check_id = new_id()
    result = world.push(world.a.inspector, create("checks", fields, check_id))["results"][0]
    return check_id, result


def test_a_check_of_every_nozzle_with_the_registers_copy_is_stored_with_its_verdict(
    world, dispenser
):
    params = register_copy(dispenser)["instrument_params"]
    assert params["nozzles"] == 3
    check_id, result = push_one(world, submitted(world, dispenser, params, points_of(3)))
    assert result["status"] == "applied", result
    stored = get_record(world.db, "checks", check_id)
    assert stored["verdict"] == "pass" and stored["instrument_params"]["nozzles"] == 3
    assert [(p["name"], p["position"]) for p in stored["result"]["points"]] == [
        (name, nozzle) for nozzle in (1, 2, 3) for name in NAMES
    ]


@pytest.mark.parametrize(
    ("nozzles", "sent"),
    [(None, "None"), (1, "1"), (2, "2")],
)
def test_a_copy_claiming_fewer_nozzles_than_the_register_is_refused(
    world, dispenser, nozzles, sent
):
    params = {"accuracy_class": "0.5", "mmq": 2, "scale_interval": 0.01}
    if nozzles is not None:
        params["nozzles"] = nozzles
    points = points_of(nozzles or 1, positions=(nozzles or 1) > 1)
    check_id, result = push_one(world, submitted(world, dispenser, params, points))
    assert result["status"] == "rejected", result
    assert "instrument_params.nozzles" in result["error"]["fields"]
    message = result["error"]["message"]
    assert "nozzles" in message and f"the check says {sent}" in message and "says 3" in message
    assert get_record(world.db, "checks", check_id) is None


def test_a_submitted_check_leaving_a_nozzle_out_is_refused_naming_its_points(world, dispenser):
    params = register_copy(dispenser)["instrument_params"]
    fields = claimed(world, dispenser, params, points_of(2))
    check_id, result = push_one(world, fields)
    assert result["status"] == "rejected", result
    message = result["error"]["message"]
    assert all(f"{name} position 3" in message for name in NAMES)
    assert get_record(world.db, "checks", check_id) is None


def test_a_point_without_its_nozzle_is_refused_by_name(world, dispenser):
    params = register_copy(dispenser)["instrument_params"]
    stray = {"name": "max_flow", "flow_rate": 40, "indicated": 20.0, "reference": 20.0}
    fields = claimed(world, dispenser, params, [*points_of(3), stray])
    check_id, result = push_one(world, fields)
    assert result["status"] == "rejected", result
    assert "max_flow" in result["error"]["message"] and "nozzles = 3" in result["error"]["message"]
    assert get_record(world.db, "checks", check_id) is None


def test_a_draft_of_the_first_nozzles_is_kept_without_a_verdict(world, dispenser):
    params = register_copy(dispenser)["instrument_params"]
    fields = world.check(
        world.a.job,
        instrument_id=dispenser["id"],
        instrument_type="fuel_dispenser",
        instrument_params=params,
        points=points_of(2),
    )
    check_id, result = push_one(world, fields)
    assert result["status"] == "applied", result
    stored = get_record(world.db, "checks", check_id)
    assert stored["status"] == "draft" and stored["verdict"] is None
    assert len(stored["points"]) == 6
