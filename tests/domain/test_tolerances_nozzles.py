"""A fuel dispenser is verified nozzle by nozzle: with ``nozzles`` N > 1 one check carries max
flow, min flow and MMQ of every nozzle (the nozzle is the point's position), is refused without
any of them, and refuses a point with no nozzle or a nozzle the dispenser has not. Without
``nozzles``, or with 1, a check is judged exactly as before."""

import copy

import pytest

from domain.tolerances import (
    CheckRefused,
    check_instrument_params,
    evaluate_check,
    judge_so_far,
    required_points,
)
from tests.domain.tolerance_checks import FUEL_05, passing_check

NAMES = ("max_flow", "min_flow", "mmq")
THREE = {**FUEL_05, "nozzles": 3}


def nozzle_points(nozzles, names=NAMES, **readings):
    """Every named point of every nozzle, exactly right unless ``readings`` say otherwise."""
    readings = {"indicated": 20, "reference": 20, **readings}
    return [
        {"name": name, "position": nozzle, **readings}
        for nozzle in range(1, nozzles + 1)
        for name in names
    ]


def refusal(instrument, points, phase="verification"):
    with pytest.raises(CheckRefused) as refused:
        evaluate_check("fuel_dispenser", phase, instrument, points)
    return refused.value


# --- one nozzle, or none given: as before -----------------------------------------------------


@pytest.mark.parametrize("phase", ["verification", "inspection"])
def test_one_nozzle_is_judged_exactly_as_a_check_without_nozzles(phase):
    instrument, points = passing_check("fuel_dispenser")
    points[0]["indicated"] = "20.11"  # fails at verification: the stored-verdict example
    before = evaluate_check("fuel_dispenser", phase, instrument, points, rule_version="1")
    one = evaluate_check("fuel_dispenser", phase, {**instrument, "nozzles": 1}, points)
    assert one == before
    assert "position" not in before["points"][0]


def test_one_nozzle_keeps_the_programme_of_the_table():
    assert required_points("fuel_dispenser", "verification", {**FUEL_05, "nozzles": 1}) == [
        {"name": name} for name in NAMES
    ]
    _, points = passing_check("fuel_dispenser")
    with pytest.raises(CheckRefused, match="missing required test point.*mmq") as refused:
        evaluate_check("fuel_dispenser", "verification", {**FUEL_05, "nozzles": 1}, points[:2])
    assert refused.value.missing == ["mmq"]


# --- several nozzles --------------------------------------------------------------------------


def test_required_points_are_every_name_at_every_nozzle_nozzle_by_nozzle():
    listed = required_points("fuel_dispenser", "verification", THREE)
    assert listed == [{"name": n, "position": p} for p in (1, 2, 3) for n in NAMES]
    inspection = required_points("fuel_dispenser", "inspection", {**FUEL_05, "nozzles": 2})
    assert inspection == [
        {"name": n, "position": p} for p in (1, 2) for n in ("max_flow", "min_flow")
    ]


def test_a_check_of_three_nozzles_is_judged_point_by_point_with_its_nozzle():
    points = nozzle_points(3)
    points[4]["indicated"] = "20.11"  # min flow of nozzle 2: 0.11 L over a 0.1 L MPE
    result = evaluate_check("fuel_dispenser", "verification", THREE, points)
    assert result["verdict"] == "fail"
    assert [(p["name"], p["position"], p["passed"]) for p in result["points"]] == [
        (n, p, (n, p) != ("min_flow", 2)) for p in (1, 2, 3) for n in NAMES
    ]
    one_nozzle = evaluate_check(
        "fuel_dispenser",
        "verification",
        FUEL_05,
        [{k: v for k, v in point.items() if k != "position"} for point in points[3:6]],
    )
    judged_alone = [{k: v for k, v in p.items() if k != "position"} for p in result["points"][3:6]]
    assert judged_alone == one_nozzle["points"]  # each point is judged as before


def test_every_point_of_every_nozzle_is_required():
    points = nozzle_points(3)
    del points[8]  # mmq of nozzle 3
    refused = refusal(THREE, points)
    assert refused.missing == ["mmq position 3"] and "mmq position 3" in str(refused)
    only_the_first = refusal(THREE, nozzle_points(1))
    assert only_the_first.missing == [f"{n} position {p}" for p in (2, 3) for n in NAMES]


@pytest.mark.parametrize(
    ("stray", "key"),
    [
        ({"name": "max_flow"}, "max_flow"),  # no nozzle
        ({"name": "mmq", "position": 4}, "mmq position 4"),  # a nozzle the dispenser has not
        ({"name": "max_flow", "position": "16"}, "max_flow position 16"),
    ],
)
def test_a_point_without_its_nozzle_or_beyond_the_last_is_refused_by_name(stray, key):
    refused = refusal(THREE, [*nozzle_points(3), {**stray, "indicated": 2, "reference": 2}])
    assert refused.unknown == [key]
    message = str(refused)
    assert key in message and "nozzles = 3" in message and "position, 1 to 3" in message


def test_without_nozzles_a_point_without_a_position_is_required_as_before():
    refused = refusal(FUEL_05, nozzle_points(2))
    assert refused.missing == list(NAMES)


def test_positions_as_digits_count_as_the_nozzle():
    points = nozzle_points(2)
    for point in points:
        point["position"] = str(point["position"])
    result = evaluate_check("fuel_dispenser", "inspection", {**FUEL_05, "nozzles": 2}, points)
    assert result["verdict"] == "pass" and result["points"][3]["position"] == "2"


def test_sixteen_nozzles_are_the_most():
    points = nozzle_points(16)
    result = evaluate_check("fuel_dispenser", "verification", {**FUEL_05, "nozzles": 16}, points)
    assert result["verdict"] == "pass" and len(result["points"]) == 48


# --- the parameter ----------------------------------------------------------------------------


@pytest.mark.parametrize("nozzles", [0, -1, 17, 2.0, "3", True, [3], 2**70])
def test_nozzles_that_are_not_a_whole_number_from_1_to_16_are_refused(nozzles):
    instrument = {**FUEL_05, "nozzles": nozzles}
    with pytest.raises(CheckRefused, match="'nozzles' must be a whole number from 1 to 16"):
        check_instrument_params("fuel_dispenser", instrument)
    with pytest.raises(CheckRefused, match="'nozzles'") as refused:
        evaluate_check("fuel_dispenser", "verification", instrument, nozzle_points(3))
    assert refused.value.parameter == "nozzles" and len(str(refused.value)) < 200
    with pytest.raises(CheckRefused, match="'nozzles'"):
        required_points("fuel_dispenser", "verification", instrument)
    live = judge_so_far("fuel_dispenser", "verification", instrument, nozzle_points(3))
    assert "'nozzles'" in live["refused"] and live["verdict"] is None


def test_nozzles_absent_or_none_are_no_parameter():
    assert check_instrument_params("fuel_dispenser", {**FUEL_05, "nozzles": None}) is None
    _, points = passing_check("fuel_dispenser")
    result = evaluate_check("fuel_dispenser", "verification", {**FUEL_05, "nozzles": None}, points)
    assert result["verdict"] == "pass"


# --- live -------------------------------------------------------------------------------------


def test_live_judging_misses_every_nozzle_not_yet_judged():
    points = nozzle_points(3)
    typed = copy.deepcopy(points[:4])  # nozzle 1, and max flow of nozzle 2
    live = judge_so_far("fuel_dispenser", "verification", THREE, typed)
    keys = [f"{n} position {p}" for p in (1, 2, 3) for n in NAMES]
    assert list(live["points"]) == keys[:4]
    assert all(state["state"] == "judged" for state in live["points"].values())
    assert live["missing"] == keys[4:] and live["verdict"] is None
    complete = judge_so_far("fuel_dispenser", "verification", THREE, points)
    engine = evaluate_check("fuel_dispenser", "verification", THREE, points)
    assert complete["verdict"] == engine["verdict"] == "pass" and complete["missing"] == []
    assert [s["result"] for s in complete["points"].values()] == engine["points"]


def test_live_judging_refuses_a_point_without_its_nozzle_by_name():
    stray = {"name": "max_flow", "indicated": 20, "reference": 20}
    live = judge_so_far("fuel_dispenser", "verification", THREE, [*nozzle_points(3), stray])
    state = live["points"]["max_flow"]
    assert state["state"] == "refused" and "max_flow" in state["message"]
    assert "nozzles = 3" in state["message"] and live["verdict"] is None
