"""The accident home visit form: prefill, drafts the server accepts, submit, read-only, reopen."""

from datetime import datetime

import pytest

from domain.records import RecordInvalid, validate_record
from domain.records.base import TAIWAN_TIME
from field_app.viewmodels.accident_form import AccidentForm
from field_app.viewmodels.form_fields import FormIncomplete, FormLocked
from tests.domain import factories as f
from tests.sync.client.inprocess_world import ServerWorld

PHOTO = "a" * 64
NOW = datetime(2030, 1, 1, 14, 5, tzinfo=TAIWAN_TIME)


def household_job():
    site = f.make_site(kind="household", name="王家", address="基隆市七堵區明德一路 5 號")
    job = f.make_job(kind="accident_visit", site_id=site["id"], applicant_name="王小明")
    return job, site


def new_form(**kwargs):
    job, site = household_job()
    return AccidentForm.new(job, site, f.new_id(), now=NOW, **kwargs)


def filled_form():
    form = new_form()
    for name, text in {
        "product": "電暖器",
        "description": "使用中冒煙",
        "injuries": "none",
        "cause_assessment": "電源線破損",
    }.items():
        form.set_field(name, text)
    form.add_photo(PHOTO)
    return form


def test_a_household_site_prefills_household_and_address():
    form = new_form()
    assert form.value("household_name") == "王家"
    assert form.value("address") == "基隆市七堵區明德一路 5 號"
    assert form.visited_at == "2030-01-01T14:05:00+08:00"


def test_another_site_takes_the_household_from_the_applicant():
    site = f.make_site(kind="township_stall")
    job = f.make_job(kind="accident_visit", site_id=site["id"], applicant_name="王小明")
    form = AccidentForm.new(job, site, f.new_id())
    assert form.value("household_name") == "王小明"
    assert form.value("address") == site["address"]


def test_the_schema_takes_a_draft_with_an_empty_product_but_not_a_submitted_visit():
    job, site = household_job()
    raw = {"id": f.new_id(), "job_id": job["id"], "inspector_id": f.new_id(), "product": ""}
    raw.update(household_name="王家", address=site["address"], status="draft")
    assert validate_record("accident_visits", raw)["product"] == ""
    with pytest.raises(RecordInvalid) as refused:
        validate_record("accident_visits", {**raw, "status": "submitted"})
    assert "product" in refused.value.messages


def test_an_empty_draft_validates_with_its_required_texts_empty():
    form = new_form()
    form.set_field("household_name", "")
    fields = form.draft_fields()
    loaded = validate_record("accident_visits", {"id": form.record_id, **fields})
    assert loaded["status"] == "draft"
    assert loaded["product"] is None and loaded["household_name"] is None
    assert loaded["description"] is None and loaded["photo_hashes"] == []


def test_reopening_a_draft_keeps_every_value():
    form = new_form()
    form.set_field("product_brand", "Warmco")
    form.set_field("follow_up", "下週回訪\n協助申請理賠")
    form.add_photo(PHOTO)
    reopened = AccidentForm.from_record({"id": form.record_id, **form.draft_fields()})
    assert [row.value for row in reopened.fields()] == [row.value for row in form.fields()]
    assert reopened.value("product") == ""
    assert reopened.photo_hashes == [PHOTO]
    assert reopened.visited_at == form.visited_at and not reopened.read_only


def test_submit_problems_name_each_missing_field_and_the_photo():
    form = new_form()
    problems = form.submit_problems()
    assert problems == [
        "Product is missing: fill it in before submitting.",
        "What happened is missing: fill it in before submitting.",
        "Injuries is missing: fill it in before submitting. Write 'none' if nobody was hurt.",
        "Cause assessment is missing: fill it in before submitting.",
        "Add at least one photo of the product.",
    ]
    with pytest.raises(FormIncomplete) as refused:
        form.submitted_fields()
    assert refused.value.problems == problems


def test_blanks_do_not_fill_a_required_field():
    form = filled_form()
    form.set_field("product", "   ")
    assert form.submit_problems() == ["Product is missing: fill it in before submitting."]


def test_a_complete_visit_submits_valid_and_then_is_read_only(tmp_path):
    from sync.client.replica import Replica

    replica = Replica(tmp_path / "replica.db")
    form = filled_form()
    form.set_field("product", "  電暖器 ")
    form.save_draft(replica)
    saved = form.submit(replica)
    assert saved["status"] == "submitted" and saved["product"] == "電暖器"
    validate_record("accident_visits", {"id": form.record_id, **form.submitted_fields()})
    assert form.read_only and all(not row.editable for row in form.fields())
    with pytest.raises(FormLocked):
        form.set_field("follow_up", "later")
    with pytest.raises(FormLocked):
        form.add_photo("b" * 64)
    reopened = AccidentForm.from_record(replica.get("accident_visits", form.record_id))
    assert reopened.read_only and reopened.value("product") == "電暖器"
    replica.close()


def test_a_text_over_the_schema_limit_is_refused_naming_the_field():
    form = new_form()
    with pytest.raises(ValueError, match="Product: at most 200 characters"):
        form.set_field("product", "x" * 201)
    assert form.value("product") == ""


def test_photos_attach_once_and_come_off():
    form = new_form()
    form.add_photo(PHOTO)
    form.add_photo(PHOTO)
    assert form.photo_hashes == [PHOTO]
    form.remove_photo(PHOTO)
    assert form.photo_hashes == []
    with pytest.raises(ValueError, match="SHA-256"):
        form.add_photo("not-a-hash")


def test_rows_and_sections_for_the_screen():
    form = new_form()
    rows = {row.name: row for row in form.fields()}
    assert rows["product"].label == "Product" and rows["product"].required
    assert rows["description"].multiline and not rows["product_brand"].required
    sections = form.sections()
    assert [s.key for s in sections] == [
        "household",
        "product",
        "what_happened",
        "injuries",
        "cause",
        "follow_up",
        "photos",
    ]
    assert sections[1].names == ("product", "product_brand") and sections[-1].names == ()


def household_job_on(world):
    """A household site and an accident job there, assigned to inspector A."""
    site = world.put("sites", f.make_site(office_id=world.a.id, kind="household"))
    job = world.put("jobs", f.make_job(office_id=world.a.id, site_id=site["id"], instrument_ids=[]))
    assignment = f.make_assignment(
        job_id=job["id"], inspector_ids=[world.a.inspector.user_id], vehicle_id=None
    )
    world.put("assignments", assignment, actor=world.a.dispatcher)
    return job, site


def test_the_server_rejects_a_submitted_visit_with_an_empty_product(tmp_path):
    world = ServerWorld.open(tmp_path)
    job, site = household_job_on(world)
    tablet = world.device(world.a.inspector)
    fields = {"job_id": job["id"], "inspector_id": world.a.inspector.user_id, "product": ""}
    fields.update(household_name=site["name"], address=site["address"], status="submitted")
    tablet.replica.save("accident_visits", f.new_id(), fields, op="create")
    tablet.engine.run()
    assert tablet.replica.counts()["rejected"] == 1
    assert "product" in tablet.replica.notices()[0]["detail"]["error"]["message"]


def test_the_server_takes_an_unfinished_draft_and_then_the_submit(tmp_path):
    world = ServerWorld.open(tmp_path)
    job, site = household_job_on(world)
    tablet = world.device(world.a.inspector)
    form = AccidentForm.new(job, site, world.a.inspector.user_id)
    form.save_draft(tablet.replica)
    assert tablet.engine.run().outcome == "ok"
    assert tablet.replica.counts()["rejected"] == 0
    assert tablet.replica.notices() == []

    for name in ("product", "description", "injuries", "cause_assessment"):
        form.set_field(name, f"{name} text")
    form.add_photo(tablet.replica.add_blob(b"photo bytes"))
    form.submit(tablet.replica)
    assert tablet.engine.run().outcome == "ok"
    assert tablet.replica.counts() == {"pending": 0, "rejected": 0, "conflicts": 0}
    stored = world.db.execute(
        "SELECT count(*) FROM records WHERE collection = 'accident_visits' AND id = ?",
        [form.record_id],
    ).fetchone()[0]
    assert stored == 1
