"""The check form of a fuel dispenser of several nozzles, without a window: one section per
nozzle (jump-to-section goes nozzle by nozzle), each with its max flow, min flow and MMQ rows;
live verdicts, submission and the server's judging of all of them; a register whose nozzles
change re-lays the form without losing a reading; one nozzle, or none known, is one section."""

import json

import pytest

from domain.records import validate_record
from domain.tolerances import evaluate_check
from field_app.viewmodels.check_form import CheckForm
from field_app.viewmodels.programmes import check_programme
from sync.server.evidence import judged_fields
from tests.domain.factories import make_instrument, make_job, new_id

FUEL = {"accuracy_class": "0.5", "params": {"mmq": 2, "scale_interval": 0.01}}
NAMES = ("max_flow", "min_flow", "mmq")
SIGNATURE = "b" * 64
NOW = "2026-12-02T09:30:00+08:00"


def dispenser(nozzle_count, **overrides):
    return make_instrument(type="fuel_dispenser", nozzle_count=nozzle_count, **FUEL, **overrides)


def form_of(instrument, kind="instrument_verification"):
    return CheckForm(make_job(kind=kind), instrument, new_id())


def keys(nozzle, names=NAMES):
    return [f"{name} position {nozzle}" for name in names]


def type_nozzle(form, nozzle, names=NAMES, indicated="20"):
    for key in keys(nozzle, names):
        form.set_reading(key, "reference", "20")
        live = form.set_reading(key, "indicated", indicated)
        assert live["points"][key]["state"] == "judged", live["points"][key]
    return form.live()


def finish(form):
    form.set_signature(SIGNATURE)
    form.set_field("seal_number", "KL-S-000124")


def test_three_nozzles_give_a_section_per_nozzle_with_max_min_flow_and_mmq():
    form = form_of(dispenser(3))
    assert form.sections() == [
        {"key": f"nozzle {n}", "title": f"Nozzle {n}", "rows": keys(n)} for n in (1, 2, 3)
    ]
    labels = [row["label"] for row in form.rows() if row["section"] == "nozzle 2"]
    assert labels == [
        "Max flow, nozzle 2",
        "Min flow, nozzle 2",
        "MMQ (minimum measured quantity), nozzle 2",
    ]
    row = form.programme.row("min_flow position 2")
    assert (row.name, row.position, row.required) == ("min_flow", 2, True)
    assert [f.label for f in row.fields] == [
        "Reference volume (L)",
        "Indicated volume (L)",
        "Flow rate (L/min)",
    ]


def test_in_service_the_mmq_of_each_nozzle_is_optional():
    programme = check_programme("fuel_dispenser", "inspection", {"nozzles": 2})
    assert [(row.key, row.required) for row in programme.rows()] == [
        (key, not key.startswith("mmq")) for n in (1, 2) for key in keys(n)
    ]


@pytest.mark.parametrize("nozzle_count", [None, 1])
def test_one_nozzle_or_none_known_is_one_section_as_before(nozzle_count):
    form = form_of(dispenser(nozzle_count))
    assert form.sections() == [{"key": "main", "title": "Test deliveries", "rows": list(NAMES)}]
    assert [row["label"] for row in form.rows()][0] == "Max flow"


def test_every_nozzle_is_judged_live_and_the_submission_is_the_servers_verdict():
    form = form_of(dispenser(3))
    live = type_nozzle(form, 1)
    assert live["verdict"] is None and live["missing"] == keys(2) + keys(3)
    type_nozzle(form, 2)
    live = type_nozzle(form, 3, indicated="20.2")  # nozzle 3 delivers 1 % too much
    assert live["verdict"] == "fail" and live["missing"] == []
    views = {row["key"]: row for row in form.rows()}
    assert views["max_flow position 3"]["verdict"] == "Fail"
    assert views["max_flow position 1"]["verdict"] == "Pass"
    finish(form)
    form.add_photo("a" * 64)
    fields = form.submitted_fields(now=NOW)
    assert fields["instrument_params"]["nozzles"] == 3
    assert [(p["name"], p["position"]) for p in fields["points"]] == [
        (name, n) for n in (1, 2, 3) for name in NAMES
    ]
    engine = evaluate_check(
        "fuel_dispenser", "verification", fields["instrument_params"], fields["points"]
    )
    assert fields["result"] == engine and fields["verdict"] == "fail"
    record = {"id": form.id, **fields}
    validate_record("checks", json.loads(json.dumps(record)))
    assert judged_fields("checks", record, record)["verdict"] == "fail"


def test_submit_names_the_nozzle_of_every_missing_reading():
    form = form_of(dispenser(2))
    type_nozzle(form, 1)
    form.set_reading("max_flow position 2", "reference", "20")
    finish(form)
    assert form.submit_problems() == [
        "Max flow, nozzle 2: Indicated volume (L) is missing.",
        "Min flow, nozzle 2: Reference volume (L) is missing.",
        "Min flow, nozzle 2: Indicated volume (L) is missing.",
        "MMQ (minimum measured quantity), nozzle 2: Reference volume (L) is missing.",
        "MMQ (minimum measured quantity), nozzle 2: Indicated volume (L) is missing.",
    ]


def test_a_reopened_draft_keeps_every_nozzles_readings():
    instrument = dispenser(3)
    form = form_of(instrument)
    type_nozzle(form, 2)
    draft = form.draft_fields()
    again = CheckForm(make_job(), instrument, "x", {"id": form.id, **draft})
    assert [row["key"] for row in again.rows()] == [key for n in (1, 2, 3) for key in keys(n)]
    texts = {row["key"]: row["fields"][1]["text"] for row in again.rows()}
    assert texts["mmq position 2"] == "20" and texts["mmq position 1"] == ""


def test_a_register_gaining_a_nozzle_adds_its_section_and_keeps_the_readings():
    instrument = dispenser(2)
    form = form_of(instrument)
    type_nozzle(form, 2)
    fields = form.draft_fields(instrument={**instrument, "nozzle_count": 3})
    assert fields["instrument_params"]["nozzles"] == 3
    assert [s["title"] for s in form.sections()] == ["Nozzle 1", "Nozzle 2", "Nozzle 3"]
    assert [p["position"] for p in fields["points"]] == [2, 2, 2]
    assert form.live()["missing"] == keys(1) + keys(3)


def test_a_register_losing_a_nozzle_keeps_its_readings_in_sight():
    instrument = dispenser(3)
    form = form_of(instrument)
    type_nozzle(form, 3)
    form.refresh_instrument({**instrument, "nozzle_count": 2})
    sections = form.sections()
    assert [s["title"] for s in sections] == ["Nozzle 1", "Nozzle 2", "Other points"]
    assert sections[-1]["rows"] == keys(3)
    state = form.live()["points"]["max_flow position 3"]
    assert state["state"] == "refused" and "nozzles = 2" in state["message"]
    assert len(form.draft_fields()["points"]) == 3  # nothing typed is lost
    problems = form.submit_problems()
    assert any(p.startswith("Max flow, nozzle 3: unknown test point") for p in problems)


def test_a_submitted_check_is_shown_as_it_was_judged_after_the_register_changed():
    instrument = dispenser(None)
    form = form_of(instrument)
    for name in NAMES:
        form.set_reading(name, "reference", "20")
        form.set_reading(name, "indicated", "20")
    finish(form)
    record = validate_record("checks", {"id": form.id, **form.submitted_fields(now=NOW)})
    counted = {**instrument, "nozzle_count": 4}  # the office counts the nozzles later
    shown = CheckForm(make_job(), counted, "x", record)
    assert shown.read_only and shown.verdict == "pass"
    assert [s["title"] for s in shown.sections()] == ["Test deliveries"]
    amendment = shown.amendment("The dispenser has four nozzles.")  # judged by the register
    sections = amendment.sections()
    assert [s["title"] for s in sections] == [f"Nozzle {n}" for n in (1, 2, 3, 4)] + [
        "Other points"
    ]
    assert sections[-1]["rows"] == list(NAMES)  # the amended readings, to be moved or cleared
