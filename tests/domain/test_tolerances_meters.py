"""Meter rules: fuel dispensers (MID Tables 2/3, Emin, Taiwan ±0.5 % in service), water meters
(flow zones, > 30 °C), electricity meters (class × current × temperature) and gas meters."""

import pytest

from tests.domain.tolerance_checks import FUEL_05, judge_point


def _fuel(name, indicated, reference):
    return {"name": name, "indicated": indicated, "reference": reference}


@pytest.mark.parametrize(
    ("instrument", "reference", "mpe", "provisional"),
    [
        (FUEL_05, "20", "0.1", False),  # 0.5 % × 20 L = 0.1 L > Emin 0.02 L
        (FUEL_05, "2", "0.02", True),  # table 0.01 L < Emin = 2 × 2 L × 0.5 % = 0.02 L (inferred)
        ({**FUEL_05, "scale_interval": 0.02}, "2", "0.04", True),  # Emin >= 2 × 0.02 L
        ({**FUEL_05, "mmq": 0.1}, "1.5", "0.01", False),  # 1 <= V < 2: 0.5 % of 2 L
        ({**FUEL_05, "mmq": 0.1}, "1", "0.01", False),  # band edge 1 L: still "applied to 2 L"
        ({**FUEL_05, "mmq": 0.1}, "0.9", "0.009", False),  # 0.4 <= V < 1: 2 × 0.5 % × 0.9
        ({**FUEL_05, "mmq": 0.1}, "0.4", "0.004", False),  # edge 0.4: 2 × 0.5 % × 0.4
        ({**FUEL_05, "mmq": 0.1}, "0.3", "0.004", False),  # 0.2 <= V < 0.4: 2 × 0.5 % of 0.4 L
        # 0.1 <= V < 0.2: 4 × 0.5 % × 0.15 = 0.003 < Emin = 2 × (4 × 0.5 % × 0.1) = 0.004 (sourced)
        ({**FUEL_05, "mmq": 0.1}, "0.15", "0.004", False),
        ({**FUEL_05, "accuracy_class": "1.0", "mmq": 0.5}, "0.5", "0.02", False),  # 2×(2×1 %×0.5)
    ],
)
def test_fuel_verification_mpe(instrument, reference, mpe, provisional):
    result, _ = judge_point(
        "fuel_dispenser", "verification", _fuel("mmq", reference, reference), instrument
    )
    assert (result["mpe"], result["provisional"]) == (mpe, provisional)


@pytest.mark.parametrize(
    ("indicated", "passed"), [("20.1", True), ("19.9", True), ("20.11", False), ("19.89", False)]
)
def test_fuel_at_mpe_passes_just_over_fails(indicated, passed):
    result, _ = judge_point("fuel_dispenser", "verification", _fuel("max_flow", indicated, "20"))
    assert (result["error_unit"], result["passed"]) == ("L", passed)


def test_fuel_inspection_is_taiwan_half_percent():
    # TW ±5‰: 0.5 % × 20 L = 0.1 L; a 6‰-short delivery (-0.12 L) fails (2013 New Taipei case)
    result, check = judge_point("fuel_dispenser", "inspection", _fuel("max_flow", "19.88", "20"))
    assert (result["mpe"], result["passed"], result["rule_id"]) == (
        "0.1",
        False,
        "fuel_dispenser.inspection.tw",
    )
    assert check["verdict"] == "fail"


def test_fuel_inspection_never_tighter_than_verification():
    # class 1.0: verification 1 % × 20 L = 0.2 L > TW 0.1 L, so the in-service MPE is raised.
    instrument = {**FUEL_05, "accuracy_class": "1.0"}
    result, _ = judge_point(
        "fuel_dispenser", "inspection", _fuel("max_flow", "20.2", "20"), instrument
    )
    assert (result["mpe"], result["passed"]) == ("0.2", True)
    assert "never tighter" in result["note"]


def _water(name, flow, indicated, actual="100", **extra):
    return {"name": name, "flow_rate": flow, "indicated": indicated, "actual": actual, **extra}


@pytest.mark.parametrize(
    ("flow", "temp", "mpe"),
    [
        ("0.04", None, "5"),  # Q1 = 0.04: lower zone ±5 %
        ("0.0639", None, "5"),  # just under Q2 = 1.6 × 0.04 = 0.064
        ("0.064", None, "2"),  # Q2 starts the upper zone: ±2 % (<= 30 °C)
        ("3.125", None, "2"),  # Q4 = 1.25 × 2.5 (inclusive)
        ("2.5", "30", "2"),  # exactly 30 °C is still "<= 30 °C"
        ("2.5", "30.1", "3"),  # > 30 °C: ±3 %
        ("0.04", "50", "5"),  # lower zone: any temperature
    ],
)
def test_water_class_2_zones(flow, temp, mpe):
    extra = {} if temp is None else {"water_temp": temp}
    result, _ = judge_point("water_meter", "verification", _water("Q3", flow, "100", **extra))
    assert (result["mpe"], result["error_unit"], result["provisional"]) == (mpe, "%", False)


@pytest.mark.parametrize(("indicated", "passed"), [("105", True), ("95", True), ("105.01", False)])
def test_water_lower_zone_boundary(indicated, passed):
    result, _ = judge_point("water_meter", "verification", _water("Q1", "0.04", indicated))
    assert result["passed"] is passed


def test_water_relative_error_rounds_away_from_zero():
    # 100 × 0.002 / 99.999 = 0.0020000200… -> reported 0.0021 (never smaller than exact)
    result, _ = judge_point("water_meter", "verification", _water("Q3", "2.5", "100.001", "99.999"))
    assert result["error"] == "0.0021"


def test_water_flow_above_q4_falls_back_provisionally():
    result, check = judge_point("water_meter", "verification", _water("Q3", "4", "100"))
    assert (result["mpe"], result["provisional"], check["provisional"]) == ("2", True, True)
    assert "outside" in result["note"]


@pytest.mark.parametrize(
    ("flow", "temp", "mpe"), [("0.04", "20", "3"), ("2.5", "20", "1"), ("2.5", "40", "2")]
)
def test_water_class_1_is_inferred(flow, temp, mpe):
    instrument = {"accuracy_class": 1, "q1": 0.04, "q3": 2.5}
    point = _water("Q3", flow, "100", water_temp=temp)
    result, _ = judge_point("water_meter", "verification", point, instrument)
    assert (result["mpe"], result["provisional"]) == (mpe, True)


@pytest.mark.parametrize(("flow", "mpe"), [("0.04", "10"), ("2.5", "4")])
def test_water_inspection_is_inferred_double(flow, mpe):
    result, _ = judge_point("water_meter", "inspection", _water("Q3", flow, "100"))
    assert (result["mpe"], result["provisional"]) == (mpe, True)
    assert "not found" in result["note"]


def _energy(name, current, temperature=None, indicated="100"):
    point = {"name": name, "current": current, "indicated": indicated, "reference": "100"}
    return point if temperature is None else {**point, "temperature": temperature}


@pytest.mark.parametrize(
    ("accuracy_class", "current", "temperature", "mpe"),
    [
        ("A", "0.25", "20", "3.5"),
        ("A", "0.25", "0", "5"),  # -10..+5 band, Imin <= I < Itr
        ("A", "5", "0", "4.5"),  # same band, Itr <= I <= Imax
        ("B", "0.49", "20", "2"),
        ("B", "60", "-30", "4"),
        ("C", "0.25", "20", "1"),
        ("C", "0.5", "20", "0.7"),  # Itr belongs to the upper current range
        ("C", "5", "30", "0.7"),  # +30 °C is the edge of the +5..+30 band (tighter)
        ("C", "5", "30.5", "1"),
        ("C", "5", "5", "0.7"),
        ("C", "5", "4.9", "1"),
        ("C", "5", "40", "1"),
        ("C", "5", "41", "1.3"),
        ("C", "0.3", "-11", "1.7"),
        ("C", "5", "56", "1.5"),
        ("C", "5", "-40", "1.5"),
    ],
)
def test_electricity_mid_table(accuracy_class, current, temperature, mpe):
    instrument = {"accuracy_class": accuracy_class, "i_min": 0.25, "i_tr": 0.5, "i_max": 60}
    result, _ = judge_point(
        "electricity_meter", "verification", _energy("Iref", current, temperature), instrument
    )
    assert (result["mpe"], result["provisional"]) == (mpe, False)


def test_electricity_outside_temperature_table_falls_back():
    result, _ = judge_point("electricity_meter", "verification", _energy("Iref", "5", "75"))
    assert (result["mpe"], result["provisional"]) == ("4", True)


def test_electricity_without_temperature_assumes_23_degrees():
    result, _ = judge_point("electricity_meter", "verification", _energy("Iref", "5", None, "102"))
    assert (result["mpe"], result["passed"]) == ("2", True)
    assert "23 °C assumed" in result["note"]


@pytest.mark.parametrize(("current", "mpe"), [("0.25", "1.5"), ("0.5", "1"), ("60", "1")])
def test_electricity_iec_class_1_is_inferred(current, mpe):
    # IEC 62053-21 class 1: 0.05 Ib..0.1 Ib ±1.5 %, 0.1 Ib..Imax ±1 % (Ib = 5 A)
    instrument = {"accuracy_class": "IEC 1", "i_b": 5, "i_max": 60}
    result, _ = judge_point(
        "electricity_meter", "verification", _energy("Iref", current), instrument
    )
    assert (result["mpe"], result["provisional"]) == (mpe, True)


def test_electricity_inspection_falls_back_to_verification():
    result, _ = judge_point("electricity_meter", "inspection", _energy("Iref", "5", "20"))
    assert (result["mpe"], result["provisional"]) == ("2", True)


def _gas(name, flow, indicated):
    return {"name": name, "flow_rate": flow, "indicated": indicated, "reference": "100"}


@pytest.mark.parametrize(
    ("accuracy_class", "phase", "flow", "mpe"),
    [
        ("1.5", "verification", "0.04", "3"),
        ("1.5", "verification", "0.5999", "3"),
        ("1.5", "verification", "0.6", "1.5"),  # Qt starts the upper zone
        ("1.0", "verification", "0.04", "2"),
        ("1.0", "verification", "6", "1"),
        ("1.5", "inspection", "0.04", "6"),  # FR arrêté 2010 art. 18: 2 ×
        ("1.5", "inspection", "6", "3"),
        ("1.0", "inspection", "0.04", "4"),
    ],
)
def test_gas_zones(accuracy_class, phase, flow, mpe):
    instrument = {"accuracy_class": accuracy_class, "q_min": 0.04, "q_t": 0.6, "q_max": 6}
    result, _ = judge_point("gas_meter_diaphragm", phase, _gas("Qmax", flow, "100"), instrument)
    assert result["mpe"] == mpe


def test_gas_class_1_same_sign_rule_tightens_upper_zone():
    # 0.2Qmax +0.6 %, Qmax +0.3 %: same sign -> limit 0.5 %, so 0.6 % fails (it would pass ±1 %)
    instrument = {"accuracy_class": "1.0", "q_min": 0.04, "q_t": 0.6, "q_max": 6}
    extra = [_gas("0.2Qmax", "1.2", "100.6")]
    result, check = judge_point(
        "gas_meter_diaphragm", "verification", _gas("Qmax", "6", "100.3"), instrument, extra
    )
    upper = {p["name"]: p for p in check["points"]}
    assert (upper["0.2Qmax"]["mpe"], upper["0.2Qmax"]["passed"], result["mpe"]) == (
        "0.5",
        False,
        "0.5",
    )


def test_gas_mixed_signs_keep_the_zone_mpe():
    instrument = {"accuracy_class": "1.0", "q_min": 0.04, "q_t": 0.6, "q_max": 6}
    extra = [_gas("0.2Qmax", "1.2", "100.6")]
    _, check = judge_point(
        "gas_meter_diaphragm", "verification", _gas("Qmax", "6", "99.7"), instrument, extra
    )
    assert check["verdict"] == "pass"
