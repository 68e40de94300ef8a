"""The form of every instrument type and phase follows the rule table's programme: every
required and optional point, the readings each needs, labels, units, targets and sections."""

import pytest

from domain.tolerances import INSTRUMENT_TYPES, required_points
from domain.tolerances.live import point_keys
from domain.tolerances.ruleset import instrument_spec
from field_app.i18n import set_language
from field_app.viewmodels.programmes import check_programme
from tests.domain.tolerance_checks import passing_check

PHASES = ("verification", "inspection")


def _programme(instrument_type, phase):
    instrument, _ = passing_check(instrument_type)
    return check_programme(instrument_type, phase, instrument)


def _table_keys(instrument_type, phase):
    points = instrument_spec(instrument_type)["points"][phase]
    expand = {"eccentricity": [f"eccentricity position {p}" for p in (1, 2, 3, 4)]}
    required = set(points["required"])
    optional = {k for key in points["optional"] for k in expand.get(key, [key])}
    return required, optional


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_every_point_of_the_table_has_a_row(instrument_type, phase):
    rows = _programme(instrument_type, phase).rows()
    required, optional = _table_keys(instrument_type, phase)
    assert {row.key for row in rows} == required | optional
    assert {row.key for row in rows if row.required} == required
    for row in rows:
        assert row.label and row.fields
        assert all(field.label and "{" not in field.label for field in row.fields)
        assert point_keys([row.identity()]) == [row.key]


@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_each_row_asks_for_the_readings_the_engine_needs(instrument_type):
    spec = instrument_spec(instrument_type)
    if not spec["regulated"]:
        spec = instrument_spec(spec["informative_as"]["instrument_type"])
    for row in _programme(instrument_type, "verification").rows():
        needed = spec["reading_fields"].get(row.name, spec["reading_fields"]["*"])
        assert {f.name for f in row.fields if f.required} == set(needed) - {"position"}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_targets_are_the_engines(instrument_type, phase):
    instrument, _ = passing_check(instrument_type)
    listed = required_points(instrument_type, phase, instrument)
    targets = {
        key: {f: str(v) for f, v in point.items() if f not in ("name", "position")}
        for key, point in zip(point_keys(listed), listed, strict=True)
    }
    rows = _programme(instrument_type, phase).rows()
    assert {row.key: row.targets for row in rows if row.targets} == {
        key: value for key, value in targets.items() if value
    }


def test_scales_have_loads_and_an_eccentricity_section():
    programme = _programme("nawi", "verification")
    loads, eccentricity = programme.sections
    assert (loads.title, eccentricity.title) == ("Loads", "Eccentricity")
    assert [row.key for row in loads.rows] == [
        "zero",
        "min",
        "500e",
        "2000e",
        "half_max",
        "max",
        "load",
    ]
    assert [row.position for row in eccentricity.rows] == [1, 2, 3, 4]
    assert eccentricity.rows[0].label == "Eccentricity, position 1"
    assert programme.row("max").targets == {"load": "15000"}
    assert [f.label for f in programme.row("zero").fields] == [
        "Load (g)",
        "Indication (g)",
        "Added for changeover ΔL (g)",
    ]


def test_a_fuel_nozzle_has_max_min_flow_and_mmq():
    programme = _programme("fuel_dispenser", "verification")
    assert [(row.key, row.label) for row in programme.rows()] == [
        ("max_flow", "Max flow"),
        ("min_flow", "Min flow"),
        ("mmq", "MMQ (minimum measured quantity)"),
    ]
    assert [f.label for f in programme.row("max_flow").fields] == [
        "Reference volume (L)",
        "Indicated volume (L)",
        "Flow rate (L/min)",
    ]
    assert not _programme("fuel_dispenser", "inspection").row("mmq").required


def test_meters_have_their_flow_or_current_points():
    water = _programme("water_meter", "verification")
    assert [row.key for row in water.rows()] == ["Q1", "Q2", "Q3", "Q4"]
    assert water.row("Q2").targets == {"flow_rate": "0.064"}
    assert [f.unit for f in water.row("Q1").fields] == ["m³/h", "L", "L", "°C"]
    gas = _programme("gas_meter_diaphragm", "verification")
    assert [row.key for row in gas.rows()] == ["Qmin", "Qt", "0.2Qmax", "Qmax"]
    electricity = _programme("electricity_meter", "inspection")
    assert [row.key for row in electricity.rows()] == ["Imin", "Itr", "Iref", "Imax"]
    assert electricity.row("Iref").fields[0].label == "Current (A)"


def test_taximeters_sphygmomanometers_and_ear_thermometers():
    taxi = _programme("taximeter", "verification")
    assert [(row.key, row.required) for row in taxi.rows()] == [
        ("distance", True),
        ("time", True),
        ("fare", False),
    ]
    assert taxi.row("time").fields[0].label == "Reference time (s)"
    pressure = _programme("sphygmomanometer", "inspection")
    assert pressure.sections[0].title == "Pressure points"
    assert pressure.rows()[3].label == "100 mmHg"
    ear = _programme("ir_ear_thermometer", "verification")
    assert [row.label for row in ear.rows()] == ["35.0 °C", "37.0 °C", "41.5 °C"]
    assert all(row.repeatable for row in ear.rows())
    repeat = ear.repeat_of(ear.row("37.0C"), 2)
    assert (repeat.key, repeat.required) == ("37.0C #2", False)


def test_labels_speak_the_current_language():
    set_language("zh_TW")
    chinese = [row.label for row in _programme("fuel_dispenser", "verification").rows()]
    set_language("en")
    english = [row.label for row in _programme("fuel_dispenser", "verification").rows()]
    assert english[0] == "Max flow"
    assert len(chinese) == len(english)


def test_an_instrument_without_parameters_still_gets_its_form():
    programme = check_programme("nawi", "verification", {})
    assert len(programme.rows()) == 11 and not any(row.targets for row in programme.rows())
    assert programme.row("max").fields[0].label == "Load (—)"
