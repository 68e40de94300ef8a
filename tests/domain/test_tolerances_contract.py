"""The public contract: API names, refusals, rule-table coverage and versions, frozen v1, and
hypothesis properties (no pass beyond the MPE, in service never tighter, deterministic)."""

import hashlib
import json
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.tolerances import (
    CURRENT_VERSION,
    INSTRUMENT_TYPES,
    RULE_SET_ID,
    CheckRefused,
    available_versions,
    evaluate_check,
    required_points,
)
from tests.domain.tolerance_checks import NAWI_III, PASSING_CHECKS, passing_check

# The instrument ids of the reference tolerances.json, embedded so the test stands alone.
REFERENCE_IDS = [
    "nawi",
    "fuel_dispenser",
    "water_meter",
    "electricity_meter",
    "gas_meter_diaphragm",
    "taximeter",
    "sphygmomanometer",
    "ir_ear_thermometer",
    "personal_scale",
]
# v1 is legal evidence: once released it must never change (add v2.json instead).
V1_SHA256 = "12f403a22a501dd6d1fa1222e86b63ff8f8bbc2a8ac8be57e8507facce641439"


def _rules_v1_bytes():
    return resources.files("domain.tolerances").joinpath("rules", "v1.json").read_bytes()


def test_rule_table_covers_every_reference_instrument():
    assert sorted(INSTRUMENT_TYPES) == sorted(REFERENCE_IDS)


def test_every_rule_cites_sources_and_confidence():
    table = json.loads(_rules_v1_bytes())
    for spec in table["instruments"].values():
        for rule in spec["rules"]:
            assert rule["confidence"] in table["confidence_levels"], rule["id"]
            assert all(source in table["sources"] for source in rule["sources"]), rule["id"]
            assert rule["sources"] or rule["confidence"] in ("inferred", "not found"), rule["id"]


def test_rule_set_and_versions():
    assert RULE_SET_ID == "tw-bsmi-field"
    assert available_versions()[-1] == CURRENT_VERSION
    assert "1" in available_versions()


def test_version_1_is_frozen():
    assert hashlib.sha256(_rules_v1_bytes()).hexdigest() == V1_SHA256


def test_stored_verdict_is_reproduced_by_version():
    instrument, points = passing_check("fuel_dispenser")
    points[0]["indicated"] = "20.11"
    stored = evaluate_check("fuel_dispenser", "verification", instrument, points, rule_version="1")
    assert stored["verdict"] == "fail"
    assert stored["points"][0] == {
        "name": "max_flow",
        "error": "0.11",
        "error_unit": "L",
        "mpe": "0.1",
        "passed": False,
        "rule_id": "fuel_dispenser.verification",
        "provisional": False,
    }
    again = evaluate_check("fuel_dispenser", "verification", instrument, points, rule_version="1")
    assert json.dumps(again, sort_keys=False) == json.dumps(stored, sort_keys=False)


@pytest.mark.parametrize("instrument_type", REFERENCE_IDS)
def test_every_type_has_a_passing_check_with_the_full_result_shape(instrument_type):
    instrument, points = passing_check(instrument_type)
    for phase in ("verification", "inspection"):
        result = evaluate_check(instrument_type, phase, instrument, points)
        json.dumps(result)
        assert result["verdict"] == (
            "not_regulated" if instrument_type == "personal_scale" else "pass"
        )
        assert (result["rule_set"], result["rule_version"], result["missing"]) == (
            RULE_SET_ID,
            CURRENT_VERSION,
            [],
        )
        for point in result["points"]:
            assert {
                "name",
                "error",
                "error_unit",
                "mpe",
                "passed",
                "rule_id",
                "provisional",
            } <= set(point)


@pytest.mark.parametrize("instrument_type", REFERENCE_IDS)
def test_required_points_match_the_programme(instrument_type):
    instrument, points = passing_check(instrument_type)
    names = {
        (p["name"], p.get("position"))
        for p in required_points(instrument_type, "verification", instrument)
    }
    assert names <= {(p["name"], p.get("position")) for p in points}


def test_required_points_suggest_nawi_loads():
    listed = required_points("nawi", "verification", NAWI_III)
    loads = {(p["name"], p.get("position")): p.get("load") for p in listed}
    # min = 20 e = 100 g (class III); eccentricity = Max/3 = 5000 g
    assert loads[("min", None)] == "100" and loads[("eccentricity", 1)] == "5000"


# --- refusals -------------------------------------------------------------------------------


def test_missing_points_are_named():
    instrument, points = passing_check("nawi")
    points = [p for p in points if p["name"] != "max" and p.get("position") != 2]
    with pytest.raises(CheckRefused) as refused:
        evaluate_check("nawi", "verification", instrument, points)
    assert refused.value.missing == ["max", "eccentricity position 2"]
    assert "max" in str(refused.value) and "eccentricity position 2" in str(refused.value)


def test_unknown_point_names_are_named():
    instrument, points = passing_check("water_meter")
    points.append({"name": "Q9", "flow_rate": 1, "indicated": 1, "actual": 1})
    with pytest.raises(CheckRefused, match="unknown test point name") as refused:
        evaluate_check("water_meter", "verification", instrument, points)
    assert refused.value.unknown == ["Q9"]


@pytest.mark.parametrize(
    ("instrument_type", "phase", "instrument", "message"),
    [
        ("scale", "verification", NAWI_III, "unknown instrument type 'scale'"),
        ("nawi", "audit", NAWI_III, "unknown phase 'audit'"),
        ("nawi", "verification", {**NAWI_III, "accuracy_class": "V"}, "unknown accuracy_class 'V'"),
        (
            "nawi",
            "verification",
            {"accuracy_class": "III", "e": 5, "unit": "g"},
            "missing field.*max",
        ),
    ],
)
def test_unknown_type_phase_class_and_missing_instrument_field(
    instrument_type, phase, instrument, message
):
    _, points = passing_check("nawi")
    with pytest.raises(CheckRefused, match=message):
        evaluate_check(instrument_type, phase, instrument, points)


def test_missing_reading_names_point_and_field():
    instrument, points = passing_check("fuel_dispenser")
    del points[1]["reference"]
    with pytest.raises(CheckRefused, match="point 'min_flow' is missing its reading 'reference'"):
        evaluate_check("fuel_dispenser", "verification", instrument, points)


def test_non_numeric_reading_is_refused():
    instrument, points = passing_check("sphygmomanometer")
    points[0]["indicated"] = "abc"
    with pytest.raises(CheckRefused, match="'0mmHg' field 'indicated' must be a number"):
        evaluate_check("sphygmomanometer", "verification", instrument, points)


def test_unknown_rule_version_is_refused():
    instrument, points = passing_check("taximeter")
    with pytest.raises(CheckRefused, match="unknown rule version '99'"):
        evaluate_check("taximeter", "verification", instrument, points, rule_version="99")


def test_refusal_is_a_value_error():
    assert issubclass(CheckRefused, ValueError)


# --- properties -----------------------------------------------------------------------------

readings = st.decimals(
    min_value="-50", max_value="50", places=2, allow_nan=False, allow_infinity=False
)
REGULATED = [t for t in REFERENCE_IDS if t != "personal_scale"]


def _perturbed(instrument_type, offsets):
    """An exact check whose indications are moved by ``offsets`` (tenths of the offset)."""
    instrument, points = passing_check(instrument_type)
    field = "indication" if instrument_type == "nawi" else "indicated"
    for point, offset in zip(points, offsets, strict=False):
        point[field] = str(Decimal(str(point[field])) + offset / 10)
    return instrument, points


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(REGULATED), st.lists(readings, min_size=7, max_size=7))
def test_no_point_passes_beyond_its_mpe(instrument_type, offsets):
    instrument, points = _perturbed(instrument_type, offsets)
    for phase in ("verification", "inspection"):
        result = evaluate_check(instrument_type, phase, instrument, points)
        for point in result["points"]:
            beyond = abs(float(point["error"])) > float(point["mpe"])
            assert not (point["passed"] and beyond)
        assert (result["verdict"] == "pass") == all(p["passed"] for p in result["points"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(REGULATED), st.lists(readings, min_size=7, max_size=7))
def test_in_service_never_tighter_than_verification(instrument_type, offsets):
    instrument, points = _perturbed(instrument_type, offsets)
    verification = evaluate_check(instrument_type, "verification", instrument, points)
    inspection = evaluate_check(instrument_type, "inspection", instrument, points)
    for at_verification, in_service in zip(
        verification["points"], inspection["points"], strict=True
    ):
        if instrument_type == "gas_meter_diaphragm" and "same sign" in at_verification.get(
            "note", ""
        ):
            continue  # the same-sign limit is a verification-only tightening
        assert float(in_service["mpe"]) >= float(at_verification["mpe"])


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(REFERENCE_IDS), st.lists(readings, min_size=7, max_size=7))
def test_evaluation_is_deterministic_and_reproducible_by_version(instrument_type, offsets):
    instrument, points = (
        _perturbed(instrument_type, offsets)
        if instrument_type in REGULATED
        else PASSING_CHECKS[instrument_type]
    )
    first = evaluate_check(instrument_type, "verification", instrument, points)
    pinned = evaluate_check(
        instrument_type, "verification", instrument, points, rule_version=first["rule_version"]
    )
    assert json.dumps(first, ensure_ascii=False) == json.dumps(pinned, ensure_ascii=False)


def test_record_schemas_accept_exactly_the_instrument_types_the_engine_judges():
    from domain.records.vocabulary import INSTRUMENT_TYPES as RECORD_TYPES

    assert sorted(RECORD_TYPES) == sorted(INSTRUMENT_TYPES)
