"""Robustness property: for any instrument parameters and readings (finite, huge, tiny,
negative, "1e999999", "NaN", "Infinity", "-0", 40-digit numbers, text, null), ``evaluate_check``
either returns a result that is small per point or raises ``CheckRefused`` with a short message,
never anything else; ``required_points`` likewise."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.tolerances import CheckRefused, evaluate_check, required_points
from domain.tolerances.parameters import PARAMETER_RULES
from domain.tolerances.ruleset import instrument_spec
from tests.domain.tolerance_checks import PASSING_CHECKS, passing_check

POINT_JSON_LIMIT = 2048  # bytes of one point's result
MESSAGE_LIMIT = 1000  # characters of a refusal

NASTY_TEXT = [
    "1e999999",
    "-1e999999",
    "1e-999999",
    "1e999999999999999999999",
    "NaN",
    "-NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "-0",
    "0E-1000000",
    "1" * 40,
    "-" + "9" * 40,
    "0." + "0" * 38 + "1",
    "3.0000000000000000000000000001",
    "1e13",
    "9999999999999",
    "1e-12",
    "",
    " ",
    "abc",
    "1_000",
]
plausible = st.decimals(min_value=-1000, max_value=20000, places=3, allow_nan=False).map(str)
numbers = st.one_of(
    plausible,
    plausible,
    plausible,
    st.integers(min_value=-100, max_value=20000),
    st.integers(),
    st.just(10**5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(NASTY_TEXT),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)
positions = st.one_of(st.integers(min_value=-5, max_value=200), st.text(max_size=5), numbers)


def _classes(instrument_type):
    known = instrument_spec(instrument_type)["classes"] or ["III"]
    return st.one_of(st.sampled_from(known), st.text(max_size=6), numbers)


@st.composite
def instruments(draw, instrument_type):
    """The type's passing instrument with up to two parameters (or its class) replaced."""
    instrument, _ = passing_check(instrument_type)
    rules = PARAMETER_RULES.get(instrument_type)
    names = [*rules.positive, *rules.text, "accuracy_class"] if rules else ["accuracy_class"]
    for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=2)):
        values = _classes(instrument_type) if name == "accuracy_class" else numbers
        instrument[name] = draw(values)
    return instrument


@st.composite
def check_points(draw, instrument_type):
    """The type's passing points with up to three readings (or positions) replaced."""
    _, points = passing_check(instrument_type)
    if instrument_type == "personal_scale":
        points = [{"name": "max", "load": 150, "indication": 150}]
    for _ in range(draw(st.integers(0, 3))):
        point = draw(st.sampled_from(points))
        fields = [key for key in point if key not in ("name", "position")]
        field = draw(st.sampled_from([*fields, "changeover_add", "water_temp", "position"]))
        point[field] = draw(positions if field == "position" else numbers)
    if draw(st.integers(0, 19)) == 0:
        draw(st.sampled_from(points))["name"] = draw(st.one_of(st.text(max_size=8), numbers))
    return points


@st.composite
def checks(draw):
    instrument_type = draw(st.sampled_from(sorted(PASSING_CHECKS)))
    phase = draw(st.sampled_from(["verification", "inspection"]))
    instrument = draw(instruments(instrument_type))
    return instrument_type, phase, instrument, draw(check_points(instrument_type))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checks())
def test_any_check_is_judged_small_or_refused(check):
    instrument_type, phase, instrument, points = check
    try:
        result = evaluate_check(instrument_type, phase, instrument, points)
    except CheckRefused as refused:
        assert len(str(refused)) < MESSAGE_LIMIT
        return
    assert len(result["points"]) == len(points)
    for point in result["points"]:
        assert len(json.dumps(point, ensure_ascii=False).encode()) < POINT_JSON_LIMIT
    assert result["verdict"] in ("pass", "fail", "not_regulated")


@settings(max_examples=200, deadline=None)
@given(checks())
def test_required_points_are_listed_small_or_refused(check):
    instrument_type, phase, instrument, _ = check
    try:
        listed = required_points(instrument_type, phase, instrument)
    except CheckRefused as refused:
        assert len(str(refused)) < MESSAGE_LIMIT
        return
    assert len(json.dumps(listed)) < 200 * max(1, len(listed))
