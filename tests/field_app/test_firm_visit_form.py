"""The firm visit form: attendees, suggestions and their fate, counts, drafts, submit, reopen."""

from decimal import Decimal

import pytest

from domain.records import validate_record
from field_app.viewmodels.firm_visit_form import FirmVisitForm, SuggestionCounts
from field_app.viewmodels.form_fields import FormIncomplete, FormLocked
from tests.domain import factories as f
from tests.sync.client.inprocess_world import ServerWorld


def new_form():
    site = f.make_site(kind="firm")
    job = f.make_job(kind="firm_visit", site_id=site["id"])
    return FirmVisitForm.new(job, site, f.new_id())


def valid(form, fields):
    return validate_record("firm_visits", {"id": form.record_id, **fields})


def test_a_new_visit_is_on_the_sites_firm():
    site = f.make_site(kind="firm")
    form = FirmVisitForm.new(f.make_job(site_id=site["id"]), site, f.new_id())
    assert form.firm_id == site["firm_id"] and form.status == "draft"
    assert valid(form, form.draft_fields())["suggestions"] == []


def test_a_site_without_a_firm_is_refused_with_what_to_do():
    site = f.make_site(firm_id=None)
    with pytest.raises(ValueError, match="has no firm"):
        FirmVisitForm.new(f.make_job(site_id=site["id"]), site, f.new_id())


def test_attendees_are_added_trimmed_once_and_removed():
    form = new_form()
    form.add_attendee(" 陳經理 ")
    form.add_attendee("林檢驗員")
    with pytest.raises(ValueError, match="already listed"):
        form.add_attendee("陳經理")
    with pytest.raises(ValueError, match="Write the name"):
        form.add_attendee("  ")
    form.remove_attendee(0)
    assert form.attendees == ["林檢驗員"]


def test_suggestions_get_ids_texts_and_statuses():
    form = new_form()
    first = form.add_suggestion("希望延長受理時間", "service")
    second = form.add_suggestion()
    assert first != second and first[14] == "7"  # UUIDv7
    form.edit_suggestion(second, "text", "簡化申請表")
    form.edit_suggestion(second, "response", "已提案總局")
    form.set_suggestion_status(second, "escalated")
    rows = form.suggestions()
    assert [(r.number, r.status, r.status_label) for r in rows] == [
        (1, "pending", "Pending"),
        (2, "escalated", "Escalated to headquarters"),
    ]
    assert rows[1].response == "已提案總局" and rows[0].category == "service"
    with pytest.raises(ValueError):
        form.set_suggestion_status(first, "done")
    form.remove_suggestion(first)
    assert [r.id for r in form.suggestions()] == [second]


def test_counts_give_the_office_improvement_rate():
    form = new_form()
    for number in range(28):
        suggestion = form.add_suggestion(f"suggestion {number}")
        form.set_suggestion_status(suggestion, "resolved" if number < 22 else "escalated")
    counts = form.counts()
    assert (counts.resolved, counts.escalated, counts.pending, counts.total) == (22, 6, 0, 28)
    assert counts.improvement_rate == Decimal("78.5") and counts.rate_text() == "78.5%"
    assert SuggestionCounts(0, 0, 0).improvement_rate is None


def test_a_draft_with_an_unwritten_suggestion_validates_and_reopens_empty():
    form = new_form()
    suggestion = form.add_suggestion()
    fields = form.draft_fields()
    assert valid(form, fields)["suggestions"][0]["text"] is None
    reopened = FirmVisitForm.from_record({"id": form.record_id, **fields})
    assert reopened.suggestions()[0].text == "" and reopened.suggestions()[0].id == suggestion


def test_reopening_keeps_every_value():
    form = new_form()
    form.add_attendee("陳經理")
    suggestion = form.add_suggestion("延長受理時間", "service")
    form.edit_suggestion(suggestion, "response", "已延長至 17:30")
    form.set_suggestion_status(suggestion, "resolved")
    reopened = FirmVisitForm.from_record({"id": form.record_id, **form.draft_fields()})
    assert reopened.attendees == form.attendees
    assert reopened.suggestions() == form.suggestions()
    assert reopened.visited_at == form.visited_at


def test_submit_needs_an_attendee_and_a_text_for_each_suggestion():
    form = new_form()
    form.add_suggestion("延長受理時間")
    form.add_suggestion("   ")
    assert form.submit_problems() == [
        "List at least one person who attended.",
        "Suggestion 2 has no text: write what the firm raised, or remove it.",
    ]
    with pytest.raises(FormIncomplete):
        form.submitted_fields()


def test_a_submitted_visit_validates_and_is_read_only(tmp_path):
    from sync.client.replica import Replica

    replica = Replica(tmp_path / "replica.db")
    form = new_form()
    form.add_attendee("陳經理")
    suggestion = form.add_suggestion("延長受理時間")
    form.save_draft(replica)
    form.submit(replica)
    stored = replica.get("firm_visits", form.record_id)
    assert valid(form, {k: stored[k] for k in form.submitted_fields()})["status"] == "submitted"
    assert form.read_only and not form.suggestions()[0].editable
    for edit in (
        lambda: form.add_attendee("林"),
        lambda: form.set_suggestion_status(suggestion, "resolved"),
        lambda: form.edit_suggestion(suggestion, "text", "x"),
        lambda: form.save_draft(replica),
    ):
        with pytest.raises(FormLocked):
            edit()
    assert FirmVisitForm.from_record(stored).read_only
    replica.close()


def test_the_server_takes_the_draft_and_the_submit(tmp_path):
    world = ServerWorld.open(tmp_path)
    tablet = world.device(world.a.inspector)
    form = FirmVisitForm.new(world.a.job, world.a.site, world.a.inspector.user_id)
    suggestion = form.add_suggestion()
    form.save_draft(tablet.replica)
    assert tablet.engine.run().outcome == "ok"
    assert tablet.replica.notices() == []
    form.add_attendee("陳經理")
    form.edit_suggestion(suggestion, "text", "延長受理時間")
    form.set_suggestion_status(suggestion, "escalated")
    form.submit(tablet.replica)
    assert tablet.engine.run().outcome == "ok"
    assert tablet.replica.counts() == {"pending": 0, "rejected": 0, "conflicts": 0}
    assert tablet.replica.get("firm_visits", form.record_id)["suggestions"][0]["status"] == (
        "escalated"
    )
