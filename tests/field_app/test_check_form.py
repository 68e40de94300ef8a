"""The check form of every instrument type, without a window: live verdicts as readings are
typed, drafts that always save, reopening, submission (accepted by the schema and by the
server's own judging), read-only evidence, amendments and provisional rules."""

import copy
import json

import pytest

from domain.records import validate_record
from domain.tolerances import INSTRUMENT_TYPES, evaluate_check
from domain.tolerances.live import point_keys
from field_app.viewmodels.check_form import CheckForm, ReadOnly, SubmitRefused, phase_for_job
from sync.server.evidence import judged_fields
from tests.domain.factories import make_instrument, make_job, new_id
from tests.domain.tolerance_checks import passing_check

PHOTO = "a" * 64
SIGNATURE = "b" * 64
NOW = "2026-12-02T09:30:00+08:00"
JOB_KINDS = {"verification": "instrument_verification", "inspection": "instrument_inspection"}
PHASES = tuple(JOB_KINDS)


def _instrument(instrument_type, **overrides):
    """A register record of the type, with the engine test's parameters."""
    params, _ = passing_check(instrument_type)
    return make_instrument(
        type=instrument_type,
        accuracy_class=params.pop("accuracy_class", None),
        params=params,
        **overrides,
    )


def _readings(instrument_type):
    """``{row key: {field: text}}`` of a passing check, readings as typed text."""
    _, points = passing_check(instrument_type)
    if instrument_type == "personal_scale":
        points = [{"name": "max", "load": 150, "indication": 150}]
    return {
        key: {f: str(v) for f, v in point.items() if f not in ("name", "position")}
        for key, point in zip(point_keys(points), points, strict=True)
    }


def _failing(instrument_type):
    readings = _readings(instrument_type)
    first = next(iter(readings.values()))
    field = "indication" if "indication" in first else "indicated"
    first[field] = str(float(first[field]) + 50)
    return readings


def _form(instrument_type, phase, instrument=None, **kwargs):
    job = make_job(kind=JOB_KINDS[phase])
    return CheckForm(job, instrument or _instrument(instrument_type), new_id(), **kwargs)


def _type_in(form, readings):
    """Type every reading; after each one, the row's live state is the engine's so far."""
    for key, fields in readings.items():
        for number, (field, text) in enumerate(fields.items(), start=1):
            live = form.set_reading(key, field, text)
            state = live["points"][key]
            row_fields = {f["name"] for f in _row(form, key)["fields"] if f["required"]}
            done = row_fields <= set(list(fields)[:number]) | set(_row(form, key)["targets"])
            assert state["state"] == ("judged" if done else "incomplete"), (key, field, state)
    return form.live()


def _row(form, key):
    view = next(row for row in form.rows() if row["key"] == key)
    return {**view, "targets": form.programme.row(key).targets if key in _keys(form) else {}}


def _keys(form):
    return {row.key for row in form.programme.rows()}


def _finish(form, seal=True):
    form.set_signature(SIGNATURE)
    if seal:
        form.set_field("seal_number", "KL-S-000124")
    form.set_field("sticker_number", "KL-T-0001")
    form.set_field("notes", "Tested at the counter.")


def _accepted_by_server(form, fields):
    record = {"id": form.id, **fields}
    validate_record("checks", json.loads(json.dumps(record)))
    judged = judged_fields("checks", record, record)
    assert judged["verdict"] == fields["verdict"]
    assert judged["result"] == fields["result"]
    return judged


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_a_passing_form_of_every_type(instrument_type, phase):
    form = _form(instrument_type, phase)
    live = _type_in(form, _readings(instrument_type))
    expected = "not_regulated" if instrument_type == "personal_scale" else "pass"
    assert live["verdict"] == expected
    assert all(
        row["verdict"] in ("Pass", "Within tolerance (informative)") for row in _judged(form)
    )
    _finish(form)
    fields = form.submitted_fields(now=NOW)
    assert fields["status"] == "submitted" and fields["verdict"] == expected
    assert fields["recorded_at"] == NOW
    _accepted_by_server(form, fields)
    assert form.read_only
    with pytest.raises(ReadOnly):
        form.set_reading(next(iter(_readings(instrument_type))), "reference", "1")


def _judged(form):
    return [row for row in form.rows() if row["state"] == "judged"]


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_a_failing_form_of_every_type(instrument_type, phase):
    form = _form(instrument_type, phase)
    live = _type_in(form, _failing(instrument_type))
    _finish(form, seal=False)
    failed = [row for row in form.rows() if row["passed"] is False]
    assert len(failed) == 1 and failed[0]["error"].startswith("+")
    if instrument_type == "personal_scale":
        assert live["verdict"] == "not_regulated"
        assert failed[0]["verdict"] == "Outside tolerance (informative)"
    else:
        assert (live["verdict"], failed[0]["verdict"]) == ("fail", "Fail")
        assert form.submit_problems() == [
            "Add at least one photo: a failed check needs its evidence."
        ]
        form.add_photo(PHOTO)
    fields = form.submitted_fields(now=NOW)
    _accepted_by_server(form, fields)


@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_a_draft_with_required_readings_empty_always_saves(instrument_type):
    for phase in PHASES:
        form = _form(instrument_type, phase)
        key = form.programme.rows()[0].key
        form.set_reading(key, form.programme.rows()[0].fields[-1].name, "20.")
        fields = form.draft_fields()
        record = validate_record("checks", {"id": form.id, **fields})
        assert record["status"] == "draft" and record["verdict"] is None
        assert judged_fields("checks", record, fields)["verdict"] is None
        assert form.submit_problems()  # says what is missing


def test_submit_names_every_missing_reading_and_the_signature():
    form = _form("fuel_dispenser", "verification")
    form.set_reading("max_flow", "reference", "20")
    form.set_reading("max_flow", "indicated", "20.04")
    form.set_reading("min_flow", "reference", "5")
    assert form.submit_problems() == [
        "Min flow: Indicated volume (L) is missing.",
        "MMQ (minimum measured quantity): Reference volume (L) is missing.",
        "MMQ (minimum measured quantity): Indicated volume (L) is missing.",
        "The firm representative must sign.",
    ]
    with pytest.raises(SubmitRefused) as refused:
        form.submitted_fields()
    assert refused.value.problems == form.submit_problems()
    assert not form.read_only


def test_a_passed_verification_needs_its_seal_number_and_inspection_does_not():
    form = _form("taximeter", "verification")
    _type_in(form, _readings("taximeter"))
    form.set_signature(SIGNATURE)
    assert form.submit_problems() == [
        "Enter the seal number: an instrument that passes verification is sealed."
    ]
    form = _form("taximeter", "inspection")
    _type_in(form, _readings("taximeter"))
    form.set_signature(SIGNATURE)
    assert form.submit_problems() == []


def test_a_refused_reading_is_shown_on_its_row_and_stops_submission():
    form = _form("fuel_dispenser", "verification")
    live = form.set_reading("max_flow", "reference", "2O.00")  # a letter O
    assert live["points"]["max_flow"]["state"] == "incomplete"
    form.set_reading("max_flow", "indicated", "20")
    row = form.rows()[0]
    assert row["state"] == "refused" and "must be a number" in row["message"]
    assert any("must be a number" in problem for problem in form.submit_problems())


def test_reopening_a_draft_keeps_every_value():
    form = _form("fuel_dispenser", "verification")
    form.set_reading("max_flow", "reference", "20.00")
    form.set_reading("max_flow", "indicated", "20.")  # half typed
    form.set_reading("min_flow", "flow_rate", "5")
    form.set_field("seal_number", "KL-S-1")
    form.set_field("notes", "nozzle 2 drips")
    form.add_photo(PHOTO)
    form.set_signature(SIGNATURE)
    record = validate_record("checks", {"id": form.id, **form.draft_fields()})
    again = CheckForm(make_job(), _instrument("fuel_dispenser", id=form.instrument_id), "x", record)
    assert again.id == form.id and not again.read_only
    assert [row["fields"] for row in again.rows()] == [row["fields"] for row in form.rows()]
    assert again.rows()[0]["fields"][1]["text"] == "20."
    assert (again.text("seal_number"), again.text("notes")) == ("KL-S-1", "nozzle 2 drips")
    assert (again.photo_hashes, again.signature_hash) == ([PHOTO], SIGNATURE)
    assert again.draft_fields() == form.draft_fields()


def test_a_new_form_is_pre_filled_with_the_engines_targets():
    form = _form("nawi", "verification")
    texts = {row["key"]: {f["name"]: f["text"] for f in row["fields"]} for row in form.rows()}
    assert texts["max"]["load"] == "15000"
    assert texts["eccentricity position 3"]["load"] == "5000"
    water = _form("water_meter", "verification")
    assert water.rows()[1]["fields"][0]["text"] == "0.064"  # Q2 = 1.6 Q1


def test_a_submitted_check_reopens_read_only_with_its_verdicts():
    form = _form("sphygmomanometer", "verification", _instrument("sphygmomanometer"))
    _type_in(form, _readings("sphygmomanometer"))
    _finish(form)
    record = validate_record("checks", {"id": form.id, **form.submitted_fields(now=NOW)})
    again = CheckForm(
        make_job(), _instrument("sphygmomanometer", id=form.instrument_id), "x", record
    )
    assert again.read_only and again.verdict == "pass"
    assert [row["error"] for row in again.rows()] == [row["error"] for row in form.rows()]
    for change in (
        lambda: again.set_reading("0mmHg", "indicated", "1"),
        lambda: again.set_field("notes", "later"),
        lambda: again.add_photo(PHOTO),
        lambda: again.set_signature(None),
        lambda: again.draft_fields(),
    ):
        with pytest.raises(ReadOnly):
            change()
    assert again.submit_problems() == [
        "This check is already submitted: record an amendment to correct it."
    ]


def test_an_amendment_is_a_new_check_that_names_the_submitted_one():
    form = _form("fuel_dispenser", "inspection")
    _type_in(form, _readings("fuel_dispenser"))
    _finish(form)
    original = form.submitted_fields(now=NOW)
    with pytest.raises(ValueError):
        form.amendment("  ")
    amended = form.amendment("The min-flow reference was misread: 20.00 L, not 20.")
    assert amended.id != form.id and amended.amends == form.id and not amended.read_only
    assert amended.rows()[0]["fields"] == form.rows()[0]["fields"]
    amended.set_reading("min_flow", "indicated", "20.2")
    amended.add_photo(PHOTO)  # it fails now: the evidence
    fields = amended.submitted_fields(now=NOW)
    assert fields["amends"] == form.id and fields["amend_reason"].startswith("The min-flow")
    assert (original["verdict"], fields["verdict"]) == ("pass", "fail")
    _accepted_by_server(amended, fields)
    with pytest.raises(ValueError):
        _form("taximeter", "inspection").amendment("not submitted yet")


@pytest.mark.parametrize("instrument_type", ["ir_ear_thermometer", "sphygmomanometer"])
def test_a_provisional_rule_is_marked_provisional(instrument_type):
    form = _form(instrument_type, "inspection")
    _type_in(form, _readings(instrument_type))
    rows = form.rows()
    assert all(row["provisional"] and row["provisional_mark"] == "Provisional" for row in rows)
    explained = form.rule_explanation(rows[0]["key"])
    assert explained["provisional"] is True and explained["why_provisional"]
    assert explained["rule_id"] == f"{instrument_type}.inspection"
    _finish(form)
    assert form.submitted_fields(now=NOW)["provisional"] is True


def test_the_rule_is_one_tap_away():
    form = _form("nawi", "verification")
    form.set_reading("max", "indication", "15005")
    explained = form.rule_explanation("max")
    assert explained["rule_id"] == "nawi.verification.III"
    assert explained["accuracy_class"] == "III" and explained["mpe"] == "±7.5 g"
    assert any("R 76" in source for source in explained["sources"])
    assert "multiple of e" in explained["how"] and explained["provisional"] is False
    assert form.rule_explanation("zero") is None  # not judged yet: the indication is empty


def test_repeated_ear_thermometer_readings_get_rows_of_their_own():
    form = _form("ir_ear_thermometer", "verification")
    _type_in(form, _readings("ir_ear_thermometer"))
    key = form.add_repeat("35.0C")
    assert key == "35.0C #2"
    assert [row["key"] for row in form.rows()][:2] == ["35.0C", "35.0C #2"]
    assert form.verdict == "pass"  # an empty repeat row is left out
    form.set_reading(key, "reference", "35.0")
    assert form.verdict is None
    form.set_reading(key, "indicated", "35.3")
    assert form.verdict == "fail"
    with pytest.raises(ValueError):
        form.add_repeat("max_flow")
    record = validate_record("checks", {"id": form.id, **form.draft_fields()})
    again = CheckForm(
        make_job(), _instrument("ir_ear_thermometer", id=form.instrument_id), "x", record
    )
    assert [row["key"] for row in again.rows()] == [row["key"] for row in form.rows()]
    assert again.verdict == "fail"


def test_the_register_is_copied_again_at_each_save():
    instrument = _instrument("nawi")
    form = _form("nawi", "verification", instrument)
    stale = form.draft_fields()
    assert stale["instrument_params"]["e"] == 5
    corrected = copy.deepcopy(instrument)
    corrected["params"]["e"] = 10
    fields = form.draft_fields(instrument=corrected)
    assert fields["instrument_params"]["e"] == 10
    reopened = CheckForm(make_job(), corrected, "x", {"id": form.id, **stale})
    assert reopened.draft_fields()["instrument_params"]["e"] == 10
    with pytest.raises(ValueError):
        form.refresh_instrument(_instrument("nawi"))  # another instrument


def test_an_instrument_the_engine_refuses_is_named_when_submitting():
    instrument = _instrument("fuel_dispenser")
    del instrument["params"]["mmq"]
    form = _form("fuel_dispenser", "verification", instrument)
    _type_in_all = _readings("fuel_dispenser")
    for key, fields in _type_in_all.items():
        for field, text in fields.items():
            form.set_reading(key, field, text)
    [problem] = form.submit_problems()
    assert "mmq" in problem and "correct the instrument" in problem


def test_text_fields_photos_and_signature_are_checked_as_the_schema_checks_them():
    form = _form("taximeter", "inspection")
    with pytest.raises(ValueError, match="60"):
        form.set_field("seal_number", "S" * 61)
    with pytest.raises(ValueError):
        form.set_field("verdict", "pass")
    with pytest.raises(ValueError, match="SHA-256"):
        form.add_photo("not-a-hash")
    assert form.add_photo(PHOTO) is True and form.add_photo(PHOTO) is False
    form.remove_photo(PHOTO)
    with pytest.raises(ValueError):
        form.remove_photo(PHOTO)
    with pytest.raises(ValueError, match="SHA-256"):
        form.set_signature("X" * 64)
    with pytest.raises(KeyError):
        form.set_reading("Q9", "indicated", "1")
    with pytest.raises(ValueError, match="no reading"):
        form.set_reading("distance", "load", "1")


def test_sections_give_jump_to_section_navigation():
    form = _form("nawi", "inspection")
    sections = form.sections()
    assert [s["title"] for s in sections] == ["Loads", "Eccentricity"]
    assert sections[1]["rows"] == [f"eccentricity position {p}" for p in (1, 2, 3, 4)]


def test_the_phase_comes_from_the_job():
    assert phase_for_job({"kind": "taxi_meter_verification"}) == "verification"
    assert phase_for_job({"kind": "fuel_dispenser_inspection"}) == "inspection"
    assert phase_for_job({"kind": "free_home_instrument_check"}) == "inspection"


def test_submitted_fields_are_what_evaluate_check_gives():
    form = _form("gas_meter_diaphragm", "verification")
    readings = _readings("gas_meter_diaphragm")
    readings["0.2Qmax"]["indicated"] = "101.2"
    readings["Qmax"]["indicated"] = "101.1"  # same sign: the tighter limit
    _type_in(form, readings)
    form.add_photo(PHOTO)
    _finish(form)
    fields = form.submitted_fields(now=NOW)
    engine = evaluate_check(
        "gas_meter_diaphragm", "verification", fields["instrument_params"], fields["points"]
    )
    assert fields["result"] == engine and fields["verdict"] == "fail"
    assert [row["passed"] for row in form.rows() if row["passed"] is not None] == [
        p["passed"] for p in engine["points"]
    ]
