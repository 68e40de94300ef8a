"""Taximeters (percent with floor), sphygmomanometers (absolute) and ear thermometers
(absolute by range)."""

import pytest

from domain.tolerances import CheckRefused
from tests.domain.tolerance_checks import judge_point


@pytest.mark.parametrize(
    ("name", "reference", "indicated", "mpe", "unit", "passed"),
    [
        ("distance", "1000", "1004", "4", "m", True),  # 0.2 % × 1000 m = 2 m < floor 4 m
        ("distance", "1000", "995.9", "4", "m", False),
        ("distance", "5000", "5010", "10", "m", True),  # 0.2 % × 5000 m = 10 m
        ("distance", "5000", "5010.1", "10", "m", False),
        ("time", "100", "100.2", "0.2", "s", True),  # 0.1 % × 100 s = 0.1 s < floor 0.2 s
        ("time", "100", "100.21", "0.2", "s", False),
        ("time", "1000", "999", "1", "s", True),  # 0.1 % × 1000 s = 1 s
        ("fare", "100", "105", "5", "TWD", True),  # 0.1 % × 100 = 0.1 < least digit 5
        ("fare", "100", "106", "5", "TWD", False),
    ],
)
def test_taximeter_percent_with_floor(name, reference, indicated, mpe, unit, passed):
    point = {"name": name, "indicated": indicated, "reference": reference}
    result, _ = judge_point("taximeter", "verification", point)
    assert (result["mpe"], result["error_unit"], result["passed"]) == (mpe, unit, passed)


def test_taximeter_inspection_uses_verification_provisionally():
    point = {"name": "distance", "indicated": "1004", "reference": "1000"}
    result, check = judge_point("taximeter", "inspection", point)
    assert (result["mpe"], result["provisional"], check["provisional"]) == ("4", True, True)


def test_taximeter_fare_needs_fare_digit():
    point = {"name": "fare", "indicated": "100", "reference": "100"}
    with pytest.raises(CheckRefused, match="fare_digit"):
        judge_point("taximeter", "verification", point, instrument={})


@pytest.mark.parametrize(
    ("phase", "indicated", "mpe", "passed"),
    [
        ("verification", "103", "3", True),  # ±3 mmHg
        ("verification", "96.9", "3", False),
        ("inspection", "104", "4", True),  # ±4 mmHg in service (inferred)
        ("inspection", "104.1", "4", False),
    ],
)
def test_sphygmomanometer_absolute(phase, indicated, mpe, passed):
    point = {"name": "100mmHg", "indicated": indicated, "reference": "100"}
    result, _ = judge_point("sphygmomanometer", phase, point)
    assert (result["mpe"], result["passed"], result["provisional"]) == (mpe, passed, True)


@pytest.mark.parametrize(
    ("reference", "indicated", "mpe", "passed", "fallback"),
    [
        ("37.0", "37.2", "0.2", True, False),  # ±0.2 °C in 35-42 °C
        ("37.0", "36.79", "0.2", False, False),
        ("42.0", "42.2", "0.2", True, False),  # range edge inclusive
        ("34.0", "34.2", "0.2", True, True),  # outside 35-42 °C: nearest range, noted
    ],
)
def test_ear_thermometer_by_range(reference, indicated, mpe, passed, fallback):
    point = {"name": "37.0C", "indicated": indicated, "reference": reference}
    result, _ = judge_point("ir_ear_thermometer", "verification", point)
    assert (result["mpe"], result["passed"], result["provisional"]) == (mpe, passed, True)
    assert ("outside" in result.get("note", "")) is fallback


def test_ear_thermometer_repeated_readings_each_judged():
    extra = [{"name": "37.0C", "indicated": "37.1", "reference": "37.0"}]
    point = {"name": "37.0C", "indicated": "37.3", "reference": "37.0"}
    _, check = judge_point("ir_ear_thermometer", "inspection", point, extra=extra)
    assert [p["passed"] for p in check["points"] if p["name"] == "37.0C"] == [True, False]
    assert check["verdict"] == "fail"
