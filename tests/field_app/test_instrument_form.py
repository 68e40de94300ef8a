"""Registering an instrument found on site: parameters per type, live checks, the record."""

import pytest

from domain.records import validate_record
from domain.register import register_copy
from domain.tolerances import INSTRUMENT_TYPES, required_points
from domain.tolerances.programme import check_instrument_fields
from domain.tolerances.ruleset import instrument_spec
from field_app.viewmodels.check_form import CheckForm
from field_app.viewmodels.form_fields import FormIncomplete, FormLocked
from field_app.viewmodels.instrument_form import InstrumentForm
from tests.domain import factories as f
from tests.sync.client.inprocess_world import ServerWorld

#: A complete, possible instrument of every type: (class, parameters as typed).
COMPLETE = {
    "nawi": ("III", {"e": "5", "max": "15000", "unit": "g"}),
    "personal_scale": ("", {"e": "100", "max": "150000", "unit": "g"}),
    "fuel_dispenser": ("0.5", {"mmq": "2", "scale_interval": "0.01"}),
    "water_meter": ("2", {"q1": "0.03", "q3": "2.5"}),
    "electricity_meter": ("B", {"i_min": "0.25", "i_tr": "0.5", "i_max": "60"}),
    "gas_meter_diaphragm": ("1.5", {"q_min": "0.04", "q_t": "0.6", "q_max": "6"}),
    "taximeter": ("", {}),
    "sphygmomanometer": ("", {}),
    "ir_ear_thermometer": ("", {}),
}


def complete_form(instrument_type, site_id=None):
    form = InstrumentForm(site_id or f.new_id(), instrument_type)
    accuracy_class, params = COMPLETE[instrument_type]
    form.set_field("serial", "SN-FOUND-1")
    form.set_field("accuracy_class", accuracy_class)
    for name, text in params.items():
        form.set_param(name, text)
    return form


def test_every_type_of_the_rule_table_has_a_complete_example():
    assert set(COMPLETE) == set(INSTRUMENT_TYPES)


@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_a_complete_instrument_gives_a_record_the_register_and_the_engine_take(instrument_type):
    form = complete_form(instrument_type)
    assert form.problems() == []
    record = validate_record("instruments", form.instrument_record())
    copy = register_copy(record)
    spec = instrument_spec(instrument_type)
    check_instrument_fields(instrument_type, spec, copy["instrument_params"])
    required_points(instrument_type, "verification", copy["instrument_params"])


@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_the_table_fields_of_each_type_are_required(instrument_type):
    form = InstrumentForm(f.new_id(), instrument_type)
    rows = {row.name: row for row in form.parameters()}
    needed = set(instrument_spec(instrument_type)["instrument_fields"]) - {"accuracy_class"}
    assert {name for name, row in rows.items() if row.required} == needed
    assert form.classes() == instrument_spec(instrument_type)["classes"]


def test_scale_parameters_carry_labels_and_the_scales_unit():
    form = complete_form("nawi")
    form.set_param("unit", "kg")
    rows = {row.name: row for row in form.parameters()}
    assert rows["e"].label == "Verification scale interval e" and rows["e"].unit == "kg"
    assert not rows["min"].required and not rows["unit"].numeric


def test_electricity_meter_needs_what_its_class_reads():
    form = InstrumentForm(f.new_id(), "electricity_meter")
    form.set_field("accuracy_class", "IEC 1")
    rows = {row.name: row for row in form.parameters()}
    assert set(rows) == {"i_b", "i_max"} and rows["i_b"].required
    form.set_field("accuracy_class", "A")
    required = {row.name for row in form.parameters() if row.required}
    assert required == {"i_min", "i_tr", "i_max"}


def test_parameters_are_checked_live_naming_the_parameter():
    form = InstrumentForm(f.new_id(), "gas_meter_diaphragm")
    assert form.set_param("q_min", "0.04") == {}
    form.set_param("q_max", "6")
    problems = form.set_param("q_t", "10")
    assert list(problems) == ["q_t"] and "q_t = 10 is not below q_max = 6" in problems["q_t"]
    assert form.set_param("q_t", "abc") == {
        "q_t": "Not a number: type digits with a decimal point, e.g. 0.5."
    }
    assert {row.name: row.problem for row in form.parameters()}["q_t"].startswith("Not a number")
    form.set_param("q_t", "0.6")
    assert form.param_problems() == {}


def test_an_impossible_scale_interval_is_named():
    form = complete_form("nawi")
    problems = form.set_param("e", "0")
    assert "'e' must be positive" in problems["e"]
    assert any(p.startswith("Verification scale interval e:") for p in form.problems())


def test_problems_list_what_is_missing():
    assert InstrumentForm(f.new_id()).problems() == ["Choose what kind of instrument it is."]
    form = InstrumentForm(f.new_id(), "fuel_dispenser")
    assert form.problems() == [
        "Serial number is missing: fill it in.",
        "Choose the accuracy class.",
        "Minimum measured quantity (MMQ) is missing: fill it in.",
        "Scale interval is missing: fill it in.",
    ]
    with pytest.raises(FormIncomplete):
        form.record_fields()


def test_an_unknown_class_dates_and_nozzles_are_refused_clearly():
    form = complete_form("fuel_dispenser")
    form.set_field("accuracy_class", "0.7")
    form.set_field("last_verified", "2026/12/02")
    form.set_field("nozzle_count", "40")
    problems = form.problems()
    assert problems[0].startswith("Accuracy class: unknown accuracy_class '0.7'")
    assert "Last verified: write the date as YYYY-MM-DD, e.g. 2026-12-02." in problems
    assert "Nozzles: a whole number from 1 to 16." in problems
    form.set_field("last_verified", "2026-12-02")
    form.set_field("due_date", "2025-12-02")
    assert "Verification due must come after the last verification." in form.problems()


def test_a_new_type_clears_a_class_it_does_not_know():
    form = complete_form("nawi")
    form.set_type("water_meter")
    assert form.value("accuracy_class") == ""
    form.set_field("accuracy_class", "2")
    form.set_type("water_meter")
    assert form.value("accuracy_class") == "2"


def test_numbers_are_stored_as_numbers():
    form = complete_form("fuel_dispenser")
    form.set_field("nozzle_count", "4")
    fields = form.record_fields()
    assert fields["params"] == {"mmq": 2, "scale_interval": 0.01}
    assert fields["nozzle_count"] == 4 and fields["accuracy_class"] == "0.5"


def test_once_registered_only_seal_and_dates_change(tmp_path):
    from sync.client.replica import Replica

    replica = Replica(tmp_path / "replica.db")
    form = complete_form("fuel_dispenser")
    saved = form.register(replica)
    assert saved["serial"] == "SN-FOUND-1" and saved["params"]["mmq"] == 2
    with pytest.raises(FormLocked):
        form.set_field("serial", "other")
    with pytest.raises(FormLocked):
        form.set_param("mmq", "5")
    assert not any(row.editable for row in form.parameters())
    form.set_field("seal_number", "KL-S-0001")
    assert form.save_changes(replica)["seal_number"] == "KL-S-0001"
    replica.close()


def test_an_instrument_registered_on_site_is_checked_before_any_sync(tmp_path):
    world = ServerWorld.open(tmp_path)
    tablet = world.device(world.a.inspector)
    assert tablet.engine.run().outcome == "ok"
    form = complete_form("sphygmomanometer", site_id=world.a.site["id"])
    instrument = form.register(tablet.replica)
    check = CheckForm(world.a.job, instrument, world.a.inspector.user_id)
    tablet.replica.save("checks", check.id, check.draft_fields(), op="create")
    assert tablet.engine.run().outcome == "ok"
    assert tablet.replica.counts() == {"pending": 0, "rejected": 0, "conflicts": 0}
    job = tablet.replica.get("jobs", world.a.job["id"])
    assert job["instrument_ids"] == [world.a.instrument["id"]]
    assert world.count("instruments") == 2
