"""``judge_so_far``: the live verdict of a check being typed is the engine's, point by point.

The property: for any check the robustness generators make, a check that ``evaluate_check``
judges is judged the same by ``judge_so_far`` (every point's result and the verdict), and a
check it refuses has no verdict so far. Then the states one by one: incomplete, refused, the
check-level rules on the points judged so far, repeats, and the instrument refused.
"""

import copy

import pytest
from hypothesis import HealthCheck, given, settings

from domain.tolerances import (
    INSTRUMENT_TYPES,
    CheckRefused,
    evaluate_check,
    judge_so_far,
    rule_details,
)
from domain.tolerances.live import point_keys
from tests.domain.test_tolerances_robustness import checks
from tests.domain.tolerance_checks import GAS_15, NAWI_III, PASSING_CHECKS, passing_check

PHASES = ("verification", "inspection")


def _same_as_engine(instrument_type, phase, instrument, points):
    engine = evaluate_check(instrument_type, phase, instrument, points)
    live = judge_so_far(instrument_type, phase, instrument, points)
    states = list(live["points"].values())
    assert [state["state"] for state in states] == ["judged"] * len(points)
    assert [state["result"] for state in states] == engine["points"]
    assert live["verdict"] == engine["verdict"]
    assert live["provisional"] == engine["provisional"]
    assert (live["missing"], live["refused"]) == ([], None)
    assert (live["rule_set"], live["rule_version"]) == (engine["rule_set"], engine["rule_version"])


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_a_complete_check_is_judged_as_evaluate_check_judges_it(instrument_type, phase):
    instrument, points = passing_check(instrument_type)
    _same_as_engine(instrument_type, phase, instrument, points)
    points = [{**point, "indication": 999} if "indication" in point else point for point in points]
    points = [{**point, "indicated": 37.9} if "indicated" in point else point for point in points]
    _same_as_engine(instrument_type, phase, instrument, points)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checks())
def test_any_check_judged_by_the_engine_is_judged_the_same_live(check):
    instrument_type, phase, instrument, points = check
    try:
        evaluate_check(instrument_type, phase, instrument, copy.deepcopy(points))
    except CheckRefused:
        live = judge_so_far(instrument_type, phase, instrument, points)
        assert live["verdict"] is None
        return
    _same_as_engine(instrument_type, phase, instrument, points)


def _fuel_typed(max_indicated="20.04", min_indicated="5.03", mmq_indicated=None):
    instrument, _ = passing_check("fuel_dispenser")
    points = [
        {"name": "max_flow", "reference": "20", "indicated": max_indicated},
        {"name": "min_flow", "reference": "5", "indicated": min_indicated},
        {"name": "mmq", "reference": "2", "indicated": mmq_indicated},
    ]
    return instrument, points


def test_a_point_still_being_typed_is_incomplete_and_holds_the_verdict():
    instrument, points = _fuel_typed()
    live = judge_so_far("fuel_dispenser", "verification", instrument, points)
    assert live["points"]["mmq"] == {"state": "incomplete", "empty": ["indicated"]}
    assert live["points"]["max_flow"]["result"]["passed"] is True
    assert live["points"]["min_flow"]["result"]["mpe"] == "0.025"
    assert (live["missing"], live["verdict"]) == (["mmq"], None)


def test_the_verdict_appears_with_the_last_reading():
    instrument, points = _fuel_typed(min_indicated="5.02", mmq_indicated="2.01")
    live = judge_so_far("fuel_dispenser", "verification", instrument, points)
    assert (live["missing"], live["verdict"]) == ([], "pass")
    assert (
        live["verdict"]
        == evaluate_check("fuel_dispenser", "verification", instrument, points)["verdict"]
    )


def test_blank_text_is_empty_and_a_point_with_nothing_typed_is_left_out():
    instrument, points = _fuel_typed(max_indicated="  ")
    points[1] = {"name": "min_flow"}
    live = judge_so_far("fuel_dispenser", "inspection", instrument, points)
    assert live["points"]["max_flow"] == {"state": "incomplete", "empty": ["indicated"]}
    assert live["points"]["min_flow"] == {
        "state": "incomplete",
        "empty": ["indicated", "reference"],
    }
    assert live["missing"] == ["max_flow", "min_flow"]
    assert live["points"]["mmq"]["state"] == "incomplete"  # optional in service, half typed


def test_an_untouched_optional_point_does_not_hold_up_the_verdict():
    instrument, points = _fuel_typed(min_indicated="5.02")
    points[2] = {"name": "mmq"}  # optional in service
    live = judge_so_far("fuel_dispenser", "inspection", instrument, points)
    assert live["verdict"] == "pass"


def test_a_half_typed_optional_point_holds_up_the_verdict():
    instrument, points = _fuel_typed(min_indicated="5.02")  # mmq has a reference only
    live = judge_so_far("fuel_dispenser", "inspection", instrument, points)
    assert live["verdict"] is None and live["missing"] == []


def test_a_non_number_is_refused_with_the_engines_words_and_the_rest_is_judged():
    instrument, points = _fuel_typed(min_indicated="5.0.3", mmq_indicated="2")
    live = judge_so_far("fuel_dispenser", "verification", instrument, points)
    state = live["points"]["min_flow"]
    assert state["state"] == "refused"
    assert "'min_flow'" in state["message"] and "must be a number" in state["message"]
    with pytest.raises(CheckRefused) as engine:
        evaluate_check("fuel_dispenser", "verification", instrument, points)
    assert str(engine.value) == state["message"]
    assert live["points"]["max_flow"]["state"] == "judged"
    assert live["verdict"] is None and live["missing"] == []


def test_an_impossible_reading_is_refused():
    instrument, points = _fuel_typed(min_indicated="5", mmq_indicated="2")
    points[0]["reference"] = "-20"
    live = judge_so_far("fuel_dispenser", "verification", instrument, points)
    assert "cannot be negative" in live["points"]["max_flow"]["message"]


def test_an_unknown_point_name_is_refused():
    instrument, points = _fuel_typed(mmq_indicated="2")
    points.append({"name": "Q9", "indicated": 1, "reference": 1})
    live = judge_so_far("fuel_dispenser", "verification", instrument, points)
    assert live["points"]["Q9"] == {
        "state": "refused",
        "message": "unknown test point name(s): Q9",
    }
    assert live["verdict"] is None


def test_an_instrument_the_engine_refuses_refuses_every_typed_point():
    _, points = _fuel_typed(mmq_indicated="2")
    live = judge_so_far("fuel_dispenser", "verification", {"accuracy_class": "0.5"}, points)
    assert "missing field(s): mmq, scale_interval" in live["refused"]
    assert {state["state"] for state in live["points"].values()} == {"refused"}
    assert live["verdict"] is None


def test_unknown_type_or_phase_is_still_refused():
    with pytest.raises(CheckRefused):
        judge_so_far("sundial", "verification", {}, [])
    with pytest.raises(CheckRefused):
        judge_so_far("taximeter", "calibration", {}, [])


def _nawi_changeover(zero_indication):
    _, points = passing_check("nawi")
    points[0] = {"name": "zero", "load": 0, "indication": zero_indication, "changeover_add": 1}
    points[2] = {"name": "max", "load": 15000, "indication": 15000, "changeover_add": 1}
    return points


def test_the_zero_error_applies_once_the_zero_point_is_judged():
    points = _nawi_changeover(zero_indication="")
    before = judge_so_far("nawi", "verification", NAWI_III, points)
    assert before["points"]["zero"]["state"] == "incomplete"
    assert before["points"]["max"]["result"]["error"] == "1.5"  # I + 0.5e - ΔL - L, no E0
    points = _nawi_changeover(zero_indication=0)
    after = judge_so_far("nawi", "verification", NAWI_III, points)
    engine = evaluate_check("nawi", "verification", NAWI_III, points)
    assert after["points"]["max"]["result"] == engine["points"][2]
    assert after["points"]["max"]["result"]["error"] == "0"  # Ec = E - E0


def test_the_same_sign_rule_applies_to_the_upper_zone_points_judged_so_far():
    _, points = passing_check("gas_meter_diaphragm")
    points[1]["indicated"] = "101.2"  # 0.2Qmax: +1.2 %
    points[2]["indicated"] = "101.1"  # Qmax: +1.1 %, same sign
    points[0]["indicated"] = None  # Qmin (lower zone) still empty
    live = judge_so_far("gas_meter_diaphragm", "verification", GAS_15, points)
    assert [live["points"][k]["result"]["mpe"] for k in ("0.2Qmax", "Qmax")] == ["1", "1"]
    assert live["points"]["Qmax"]["result"]["passed"] is False
    points[0]["indicated"] = 100
    engine = evaluate_check("gas_meter_diaphragm", "verification", GAS_15, points)
    live = judge_so_far("gas_meter_diaphragm", "verification", GAS_15, points)
    assert [state["result"] for state in live["points"].values()] == engine["points"]


def test_repeated_readings_have_their_own_keys():
    _, points = passing_check("ir_ear_thermometer")
    points.append({"name": "35.0C", "indicated": "35.3", "reference": "35.0"})
    points.append({"name": "35.0C"})  # a repeat row added, nothing typed yet
    live = judge_so_far("ir_ear_thermometer", "verification", {}, points)
    assert list(live["points"]) == ["35.0C", "37.0C", "41.5C", "35.0C #2", "35.0C #3"]
    assert live["points"]["35.0C #2"]["result"]["passed"] is False
    assert live["points"]["35.0C #3"]["state"] == "incomplete"
    assert (live["verdict"], live["provisional"]) == ("fail", True)
    assert point_keys(points)[-1] == "35.0C #3"


def test_a_personal_scale_is_judged_informatively():
    instrument, _ = passing_check("personal_scale")
    points = [{"name": "max", "load": 150, "indication": 150.1}, {"name": "zero"}]
    live = judge_so_far("personal_scale", "verification", instrument, points)
    assert live["verdict"] == "not_regulated"
    assert live["points"]["max"]["result"]["note"].startswith("Not legally verified")
    assert live["points"]["zero"] == {"state": "incomplete", "empty": ["load", "indication"]}


def test_rule_details_write_out_the_sources():
    details = rule_details("fuel_dispenser.verification")
    assert details["instrument_type"] == "fuel_dispenser"
    assert details["provisional"] is False
    assert details["sources"][0]["id"] == "mid-vii" and details["sources"][0]["cite"]
    assert rule_details("ir_ear_thermometer.verification")["provisional"] is True
    with pytest.raises(CheckRefused):
        rule_details("sundial.verification")


def test_every_passing_check_is_covered():
    assert set(PASSING_CHECKS) == set(INSTRUMENT_TYPES)
