"""Impossible readings are refused (negative true quantities, nothing flowing, a load above
Max + 9e); implausible ones are judged as before, with a warning the inspector sees."""

import pytest

from domain.tolerances import CheckRefused
from tests.domain.tolerance_checks import FUEL_05, judge_point


def _fuel(name, indicated, reference):
    return {"name": name, "indicated": indicated, "reference": reference}


@pytest.mark.parametrize(
    ("instrument_type", "point", "message"),
    [
        ("fuel_dispenser", _fuel("max_flow", -20, -20), "'max_flow': the delivered volume"),
        ("fuel_dispenser", _fuel("mmq", "2", "-0.01"), "cannot be negative: -0.01 L"),
        ("taximeter", _fuel("distance", -1000, -1000), "reference distance cannot be negative"),
        ("taximeter", _fuel("time", 100, -100), "reference time cannot be negative: -100 s"),
        ("taximeter", _fuel("fare", 100, -100), "reference fare cannot be negative"),
        (
            "water_meter",
            {"name": "Q3", "flow_rate": 0, "indicated": 100, "actual": 100},
            "'Q3': flow_rate must be positive",
        ),
        (
            "gas_meter_diaphragm",
            {"name": "Qmax", "flow_rate": -6, "indicated": 100, "reference": 100},
            "'Qmax': flow_rate must be positive",
        ),
        (
            "electricity_meter",
            {"name": "Imax", "current": 0, "indicated": 1, "reference": 1},
            "'Imax': current must be positive",
        ),
    ],
)
def test_impossible_readings_are_refused(instrument_type, point, message):
    instrument = {"fare_digit": 5} if instrument_type == "taximeter" else None
    with pytest.raises(CheckRefused, match=message):
        judge_point(instrument_type, "verification", point, instrument)


def test_a_negative_reference_no_longer_passes_a_fuel_check():
    with pytest.raises(CheckRefused):
        judge_point("fuel_dispenser", "inspection", _fuel("max_flow", -20, -20))


@pytest.mark.parametrize("load", ["15045.5", "15050", "150000"])
def test_a_load_above_max_plus_9e_is_refused(load):
    # Max 15000 g, e 5 g: a scale shows nothing above 15045 g, so no indication can be read.
    point = {"name": "load", "load": load, "indication": load}
    with pytest.raises(CheckRefused, match=r"'load': load .* g is above Max \+ 9e = 15045 g"):
        judge_point("nawi", "verification", point)


def test_a_personal_scale_load_above_max_plus_9e_is_refused_too():
    instrument = {"e": 0.1, "max": 150, "unit": "kg"}
    point = {"name": "max", "load": 1500, "indication": 1500}  # typed in hg, or 10 × too much
    with pytest.raises(CheckRefused, match=r"above Max \+ 9e = 150.9 kg"):
        judge_point("personal_scale", "verification", point, instrument)


def test_a_load_up_to_max_plus_9e_is_judged_without_warning():
    point = {"name": "load", "load": "15045", "indication": "15045"}
    result, _ = judge_point("nawi", "verification", point)
    assert result["passed"] and "warning" not in result


@pytest.mark.parametrize(
    ("instrument", "indicated", "reference", "mpe", "passed"),
    [
        (FUEL_05, "1", "1", "0.02", True),  # 1 L at MMQ 2 L: Emin 0.02 L
        (FUEL_05, "1.03", "1", "0.02", False),
        ({**FUEL_05, "mmq": 0.5}, "0.3", "0.3", "0.01", True),  # Emin 2 × 2 × 0.5 % × 0.5 L
    ],
)
def test_a_delivery_below_the_mmq_is_judged_with_a_warning(
    instrument, indicated, reference, mpe, passed
):
    result, _ = judge_point(
        "fuel_dispenser", "verification", _fuel("mmq", indicated, reference), instrument
    )
    assert (result["mpe"], result["passed"]) == (mpe, passed)
    assert "below the MMQ" in result["warning"]


@pytest.mark.parametrize(("indicated", "reference"), [("2", "2"), ("2", "1.99"), ("1.99", "2")])
def test_a_delivery_shown_or_measured_at_the_mmq_has_no_warning(indicated, reference):
    result, _ = judge_point("fuel_dispenser", "verification", _fuel("mmq", indicated, reference))
    assert "warning" not in result


@pytest.mark.parametrize(("indicated", "reference"), [("1.003", "1"), ("1000", "1")])
def test_a_taximeter_distance_that_looks_typed_in_km_is_warned(indicated, reference):
    result, check = judge_point(
        "taximeter", "verification", _fuel("distance", indicated, reference)
    )
    assert "typed in km" in result["warning"]
    assert check["points"][-1] is result


def test_a_taximeter_distance_of_100_m_or_more_has_no_warning():
    result, _ = judge_point("taximeter", "verification", _fuel("distance", "100.5", "100"))
    assert (result["passed"], "warning" in result) == (True, False)
