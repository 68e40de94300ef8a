"""NAWI (R 76) rules: bands in e per class, in-service doubling, changeover correction,
eccentricity, and personal scales (not regulated in Taiwan)."""

import pytest

from domain.tolerances import CheckRefused, evaluate_check
from tests.domain.tolerance_checks import judge_point as judge

# Each row: class, e, load (in mass), expected verification MPE (in mass).
# MPE = band value in e × e, from R 76 Table 6 / UK SI 1995/1907 Sch. 2 Table 3.
BAND_TABLE = [
    ("I", "0.001", "50", "0.0005"),  # 50 g / 0.001 = 50 000 e -> 0.5 e (edge, inclusive)
    ("I", "0.001", "50.001", "0.001"),  # 50 001 e -> 1 e
    ("I", "0.001", "200", "0.001"),  # 200 000 e -> 1 e (edge)
    ("I", "0.001", "200.001", "0.0015"),  # 200 001 e -> 1.5 e (open band)
    ("II", "0.1", "500", "0.05"),  # 5 000 e -> 0.5 e
    ("II", "0.1", "500.1", "0.1"),  # 5 001 e -> 1 e
    ("II", "0.1", "2000", "0.1"),  # 20 000 e -> 1 e
    ("II", "0.1", "2000.1", "0.15"),  # 20 001 e -> 1.5 e
    ("III", "5", "2500", "2.5"),  # 500 e -> 0.5 e = 2.5 g
    ("III", "5", "2505", "5"),  # 501 e -> 1 e = 5 g
    ("III", "5", "10000", "5"),  # 2 000 e -> 1 e
    ("III", "5", "10005", "7.5"),  # 2 001 e -> 1.5 e = 7.5 g
    ("IIII", "5", "250", "2.5"),  # 50 e -> 0.5 e
    ("IIII", "5", "255", "5"),  # 51 e -> 1 e
    ("IIII", "5", "1000", "5"),  # 200 e -> 1 e
    ("IIII", "5", "1005", "7.5"),  # 201 e -> 1.5 e
]


def _instrument(accuracy_class, e, capacity="15000"):
    return {"accuracy_class": accuracy_class, "e": e, "max": capacity, "unit": "g"}


@pytest.mark.parametrize(("accuracy_class", "e", "load", "mpe"), BAND_TABLE)
def test_verification_band_mpe(accuracy_class, e, load, mpe):
    point = {"name": "load", "load": load, "indication": load}
    result, _ = judge("nawi", "verification", point, _instrument(accuracy_class, e))
    assert result["mpe"] == mpe
    assert result["rule_id"] == f"nawi.verification.{accuracy_class}"


@pytest.mark.parametrize(("accuracy_class", "e", "load", "mpe"), BAND_TABLE)
def test_inspection_mpe_is_twice_verification(accuracy_class, e, load, mpe):
    point = {"name": "load", "load": load, "indication": load}
    result, _ = judge("nawi", "inspection", point, _instrument(accuracy_class, e))
    assert float(result["mpe"]) == 2 * float(mpe)
    assert result["rule_id"] == "nawi.inspection"


@pytest.mark.parametrize(
    ("indication", "passed"),
    [
        ("2502.5", True),  # 500 e: E = +2.5 g = MPE 0.5 e -> passes exactly at the MPE
        ("2497.5", True),  # E = -2.5 g, |E| = MPE
        ("2502.6", False),  # E = 2.6 g > 2.5 g
        ("2497.4", False),
    ],
)
def test_exactly_at_mpe_passes_just_over_fails(indication, passed):
    point = {"name": "500e", "load": 2500, "indication": indication}
    result, check = judge("nawi", "verification", point)
    assert result["passed"] is passed
    assert check["verdict"] == ("pass" if passed else "fail")


def test_class_iii_500e_plus_one_e_allows_one_e():
    # 2505 g = 501 e -> MPE 1 e = 5 g; an error of 5 g passes there but would fail at 500 e.
    at_501e, _ = judge("nawi", "verification", {"name": "500e", "load": 2505, "indication": 2510})
    at_500e, _ = judge("nawi", "verification", {"name": "500e", "load": 2500, "indication": 2505})
    assert (at_501e["passed"], at_500e["passed"]) == (True, False)


def test_changeover_correction_gives_the_rounding_free_error():
    # e = 5 g, L = 2500 g, I = 2505 g, ΔL = 4 g: P = 2505 + 2.5 - 4 = 2503.5, E = 3.5 g > 2.5 g
    point = {"name": "500e", "load": 2500, "indication": 2505, "changeover_add": 4}
    result, _ = judge("nawi", "verification", point)
    assert (result["error"], result["passed"], result["provisional"]) == ("3.5", False, True)
    assert "changeover" in result["note"]


def test_changeover_with_zero_error_corrects_by_e0():
    # Zero: I0 = 0, ΔL0 = 1.5 -> E0 = 0 + 2.5 - 1.5 - 0 = 1 g.
    # 500e: I = 2505, ΔL = 4 -> E = 3.5; Ec = 3.5 - 1 = 2.5 g = MPE -> passes.
    zero = {"name": "zero", "load": 0, "indication": 0, "changeover_add": 1.5}
    point = {"name": "500e", "load": 2500, "indication": 2505, "changeover_add": 4}
    base_points = [zero]
    result, check = judge("nawi", "verification", point, extra=base_points)
    assert (result["error"], result["mpe"], result["passed"]) == ("2.5", "2.5", True)
    assert "E0 = 1 g" in result["note"]
    zero_result = next(p for p in check["points"] if p["name"] == "zero")
    assert (zero_result["error"], zero_result["mpe"]) == ("1", "2.5")  # E0 vs 0.5 e at no load


def test_changeover_add_larger_than_e_is_refused():
    with pytest.raises(CheckRefused, match="changeover_add must be between 0 and e"):
        judge(
            "nawi",
            "verification",
            {"name": "max", "load": 15000, "indication": 15000, "changeover_add": 6},
        )


@pytest.mark.parametrize(
    ("load", "indication", "mpe", "passed"),
    [
        ("5000", "5005", "5", True),  # 1000 e -> 1 e = 5 g, E = 5 g at the MPE
        ("5000", "5010", "5", False),
        ("2500", "2505", "2.5", False),  # 500 e -> 0.5 e: same error fails at a lighter load
    ],
)
def test_eccentricity_mpe_is_mpe_for_applied_load(load, indication, mpe, passed):
    point = {"name": "eccentricity", "position": 3, "load": load, "indication": indication}
    result, _ = judge("nawi", "verification", point)
    assert (result["position"], result["mpe"], result["passed"]) == (3, mpe, passed)


def test_load_beyond_the_class_table_falls_back_provisionally():
    # class IIII tops out at 1 000 e; 1 200 e uses the top band (1.5 e) and says so.
    instrument = _instrument("IIII", "5", "6000")
    result, check = judge(
        "nawi", "verification", {"name": "max", "load": 6000, "indication": 6000}, instrument
    )
    assert (result["mpe"], result["provisional"], check["provisional"]) == ("7.5", True, True)
    assert "beyond the class table" in result["note"]


def test_personal_scale_is_not_regulated_even_when_off():
    instrument = {"e": 0.1, "max": 150, "unit": "kg"}
    points = [{"name": "max", "load": 150, "indication": 152}]
    result = evaluate_check("personal_scale", "verification", instrument, points)
    assert result["verdict"] == "not_regulated"
    assert result["points"][0]["passed"] is False  # informative: 2 kg off at 1500 e (MPE 0.1 kg)
    assert "Not legally verified in Taiwan" in result["points"][0]["note"]


def test_personal_scale_without_points_is_not_regulated():
    result = evaluate_check(
        "personal_scale", "inspection", {"e": 0.1, "max": 150, "unit": "kg"}, []
    )
    assert (result["verdict"], result["points"]) == ("not_regulated", [])
