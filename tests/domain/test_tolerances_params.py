"""Instrument parameters: impossible ones are refused by the engine, by ``required_points`` and
by the instrument record schema, with a message naming the parameter; possible ones are left
alone, and an instrument record without parameters can still be stored."""

import pytest

from domain.records import RecordInvalid, validate_record
from domain.tolerances import CheckRefused, check_instrument_params, evaluate_check
from domain.tolerances import required_points as listed_points
from tests.domain.factories import make_instrument
from tests.domain.tolerance_checks import (
    ELEC_B,
    FUEL_05,
    GAS_15,
    NAWI_III,
    WATER_2,
    judge_point,
    passing_check,
)

# (type, instrument, parameter at fault, words of the message)
IMPOSSIBLE = [
    ("nawi", {**NAWI_III, "e": 0}, "e", "'e' must be positive, got 0"),  # was DivisionUndefined
    ("nawi", {**NAWI_III, "e": -5}, "e", "'e' must be positive, got -5"),  # was MPE -7.5
    ("nawi", {**NAWI_III, "e": "five"}, "e", "'e' must be a number"),
    ("nawi", {**NAWI_III, "max": 0}, "max", "'max' must be positive"),
    ("nawi", {**NAWI_III, "e": 20000}, "e", "e < min < max: e = 20000 is not below max"),
    ("nawi", {**NAWI_III, "min": 20000}, "min", "min = 20000 is not below max = 15000"),
    ("nawi", {**NAWI_III, "unit": ""}, "unit", "'unit' must be a unit of 1 to 10"),
    ("nawi", {**NAWI_III, "unit": "g" * 1000}, "unit", "'unit' must be a unit"),
    ("personal_scale", {"e": 0.1, "max": -150, "unit": "kg"}, "max", "'max' must be positive"),
    ("fuel_dispenser", {**FUEL_05, "mmq": 0}, "mmq", "'mmq' must be positive"),
    ("fuel_dispenser", {**FUEL_05, "mmq": -2}, "mmq", "'mmq' must be positive"),
    ("fuel_dispenser", {**FUEL_05, "scale_interval": 0}, "scale_interval", "must be positive"),
    ("fuel_dispenser", {**FUEL_05, "scale_interval": 5}, "scale_interval", "scale_interval < mmq"),
    ("water_meter", {**WATER_2, "q1": 0}, "q1", "'q1' must be positive"),
    ("water_meter", {**WATER_2, "q1": 3}, "q1", "q2 = 4.8 (1.6 × q1) is not below q3 = 2.5"),
    ("water_meter", {**WATER_2, "q2": 0.03}, "q1", "q1 = 0.04 is not below q2 = 0.03"),
    ("water_meter", {**WATER_2, "q4": 2}, "q3", "q3 = 2.5 is not below q4 = 2"),
    ("gas_meter_diaphragm", {**GAS_15, "q_t": 10}, "q_t", "q_t = 10 is not below q_max = 6"),
    ("gas_meter_diaphragm", {**GAS_15, "q_min": 1}, "q_min", "q_min = 1 is not below q_t"),
    ("gas_meter_diaphragm", {**GAS_15, "q_max": "1e99"}, "q_max", "'q_max' is too large"),
    ("electricity_meter", {**ELEC_B, "i_tr": 0.1}, "i_min", "i_min < i_tr < i_max"),
    ("electricity_meter", {**ELEC_B, "i_max": 0.4}, "i_tr", "i_tr = 0.5 is not below i_max"),
    (
        "electricity_meter",
        {"accuracy_class": "IEC 1", "i_b": 80, "i_max": 60},
        "i_b",
        "i_b < i_max: i_b = 80 is not below i_max = 60",
    ),
    ("taximeter", {"fare_digit": 0}, "fare_digit", "'fare_digit' must be positive"),
]


@pytest.mark.parametrize(("instrument_type", "instrument", "parameter", "message"), IMPOSSIBLE)
def test_impossible_parameters_are_refused_by_the_engine(
    instrument_type, instrument, parameter, message
):
    _, points = passing_check(instrument_type)
    with pytest.raises(CheckRefused, match=message.replace("(", r"\(").replace(")", r"\)")) as no:
        evaluate_check(instrument_type, "verification", instrument, points)
    assert no.value.parameter == parameter
    assert len(str(no.value)) < 300


@pytest.mark.parametrize(("instrument_type", "instrument", "parameter", "message"), IMPOSSIBLE)
def test_the_public_check_refuses_the_same(instrument_type, instrument, parameter, message):
    with pytest.raises(CheckRefused) as refused:
        check_instrument_params(instrument_type, instrument)
    assert refused.value.parameter == parameter


def test_gas_qt_above_qmax_no_longer_passes_qmax_at_the_lower_zone_mpe():
    # q_t = 10 > q_max = 6 put Qmax (6 m³/h) in the lower zone (±3 %): a +2 % error passed.
    point = {"name": "Qmax", "flow_rate": 6, "indicated": 102, "reference": 100}
    with pytest.raises(CheckRefused, match="q_t = 10 is not below q_max = 6"):
        judge_point("gas_meter_diaphragm", "verification", point, {**GAS_15, "q_t": 10})


def test_water_q1_zero_is_refused_not_judged_in_the_upper_zone():
    point = {"name": "Q1", "flow_rate": 0.04, "indicated": 104, "actual": 100}
    with pytest.raises(CheckRefused, match="'q1' must be positive"):
        judge_point("water_meter", "verification", point, {**WATER_2, "q1": 0})


@pytest.mark.parametrize(
    ("instrument_type", "params"),
    [
        ("nawi", {"accuracy_class": "III", "e": 5}),  # max not known yet
        ("nawi", {**NAWI_III, "min": 100, "d": 1, "serial_plate": "any"}),
        ("water_meter", {"accuracy_class": "2", "q3": 2.5}),
        ("water_meter", {**WATER_2, "q2": 0.064, "q4": 3.125}),
        ("water_meter", {"accuracy_class": 1, "q1": "0.04", "q3": "2.5"}),
        ("electricity_meter", {"accuracy_class": "IEC 2", "i_b": 5, "i_max": 60}),
        ("gas_meter_diaphragm", {"accuracy_class": None, "q_min": 0.016}),
        ("taximeter", {"fare_digit": 5, "accuracy_class": None}),
        ("sphygmomanometer", {}),
        ("personal_scale", {"e": 0.1, "max": 150, "unit": "kg"}),
    ],
)
def test_possible_and_partial_parameters_are_accepted(instrument_type, params):
    assert check_instrument_params(instrument_type, params) is None


def test_required_points_refuses_impossible_parameters_instead_of_crashing():
    with pytest.raises(CheckRefused, match="'e' must be positive"):
        listed_points("nawi", "verification", {**NAWI_III, "e": 0})  # was DivisionByZero


def test_required_points_still_suggests_targets_from_possible_parameters():
    listed = listed_points("gas_meter_diaphragm", "verification", {**GAS_15, "q_t": None})
    assert [p.get("flow_rate") for p in listed] == ["0.04", "1.2", "6"]


def test_a_personal_scale_without_a_class_is_judged_as_class_iii():
    instrument = {"accuracy_class": None, "e": 0.1, "max": 150, "unit": "kg"}
    points = [{"name": "max", "load": 150, "indication": 150}]
    result = evaluate_check("personal_scale", "verification", instrument, points)
    assert result["points"][0]["rule_id"] == "nawi.verification.III"


# --- the instrument record ------------------------------------------------------------------


def _messages(record: dict) -> dict:
    with pytest.raises(RecordInvalid) as refused:
        validate_record("instruments", record)
    return refused.value.messages


@pytest.mark.parametrize(("instrument_type", "instrument", "parameter", "message"), IMPOSSIBLE)
def test_an_instrument_record_the_engine_would_refuse_is_refused(
    instrument_type, instrument, parameter, message
):
    params = {key: value for key, value in instrument.items() if key != "accuracy_class"}
    record = make_instrument(
        type=instrument_type, accuracy_class=instrument.get("accuracy_class"), params=params
    )
    messages = _messages(record)
    assert list(messages) == ["params"]
    assert repr(parameter) in messages["params"][0] or f"{parameter} " in messages["params"][0]


def test_an_unknown_class_is_refused_on_accuracy_class():
    messages = _messages(make_instrument(accuracy_class="V"))
    assert messages == {"accuracy_class": ["unknown accuracy_class 'V'; known: I, II, III, IIII"]}


def test_a_class_given_in_params_is_refused_on_params():
    messages = _messages(make_instrument(params={"accuracy_class": "V", "e": 5}))
    assert list(messages) == ["params"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"params": {}},  # demo instruments: a class, no parameters yet
        {"type": "taximeter", "accuracy_class": None, "params": {}},
        {"type": "personal_scale", "accuracy_class": "IIII", "params": {}},
        {"type": "electricity_meter", "accuracy_class": "B", "params": {"i_max": 60}},
    ],
)
def test_an_instrument_record_without_all_parameters_is_stored(overrides):
    assert validate_record("instruments", make_instrument(**overrides))["type"]


def test_a_partial_update_of_params_is_left_to_the_merged_record():
    change = {"params": {"e": 0}}
    assert validate_record("instruments", change, partial=True) == change
