"""Rules inside the record schemas: time windows, submitted and amending checks, attachment
hashes, vocabularies and ranges — each refused with a message that names the field."""

import pytest

from domain.records import RecordInvalid, validate_record
from tests.domain.factories import (
    make_assignment,
    make_audit_entry,
    make_check,
    make_firm,
    make_firm_visit,
    make_job,
    make_site,
    make_submitted_check,
    make_user,
    new_id,
)


def messages_for(collection: str, data: dict, *, partial: bool = False) -> dict:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(collection, data, partial=partial)
    return caught.value.messages


@pytest.mark.parametrize("end", ["2024-05-06T08:00:00+08:00", "2024-05-06T09:00:00+08:00"])
def test_window_must_end_after_it_starts(end):
    job = make_job(window_start="2024-05-06T09:00:00+08:00", window_end=end)
    assert messages_for("jobs", job) == {
        "window_end": [
            f"window_end ({end}) must be after window_start (2024-05-06T09:00:00+08:00)."
        ]
    }


def test_window_comparison_respects_utc_offsets():
    # 02:00 UTC is 10:00 in Taipei, one hour after the 09:00 start.
    job = make_job(window_start="2024-05-06T09:00:00+08:00", window_end="2024-05-06T02:00:00Z")
    assert validate_record("jobs", job)["window_end"] == "2024-05-06T02:00:00+00:00"


def test_partial_update_of_one_window_end_is_not_compared():
    assert validate_record("jobs", {"window_end": "2024-05-06T08:00:00+08:00"}, partial=True)


@pytest.mark.parametrize("missing", ["verdict", "rule_version", "result"])
def test_submitted_check_must_carry_verdict_rule_version_and_result(missing):
    check = make_submitted_check()
    del check[missing]
    assert messages_for("checks", check) == {
        missing: [f"A submitted check must carry its {missing}."]
    }


def test_submitted_check_without_any_evidence_names_all_three_fields():
    check = make_check(status="submitted")
    assert set(messages_for("checks", check)) == {"verdict", "rule_version", "result"}


def test_draft_check_may_lack_a_verdict():
    assert "verdict" not in validate_record("checks", make_check(status="draft"))


def test_submitted_check_is_valid_when_complete():
    assert validate_record("checks", make_submitted_check())["verdict"] == "pass"


def test_verdict_comes_from_the_fixed_vocabulary():
    messages = messages_for("checks", make_submitted_check(verdict="ok"))
    assert messages["verdict"] == ["Must be one of: pass, fail, not_regulated."]


@pytest.mark.parametrize("bad_hash", ["A" * 64, "a" * 63, "g" * 64, "sha256:" + "a" * 64, ""])
def test_photo_hash_must_be_64_lower_case_hex(bad_hash):
    messages = messages_for("checks", make_check(photo_hashes=["b" * 64, bad_hash]))
    assert messages == {
        "photo_hashes": ["item 1: Not a valid SHA-256: expected 64 lower-case hex digits."]
    }


def test_signature_hash_is_checked_too():
    messages = messages_for("checks", make_check(signature_hash="abc"))
    assert messages["signature_hash"] == ["Not a valid SHA-256: expected 64 lower-case hex digits."]


def test_amending_check_needs_a_reason():
    messages = messages_for("checks", make_check(amends=new_id()))
    assert messages == {"amend_reason": ["An amending check must say why (amend_reason)."]}


def test_amending_check_with_a_reason_is_valid():
    check = make_check(amends=new_id(), amend_reason="wrong seal number typed")
    assert validate_record("checks", check)["amend_reason"] == "wrong seal number typed"


def test_check_cannot_amend_itself():
    check = make_check(amend_reason="typo")
    check["amends"] = check["id"]
    assert messages_for("checks", check) == {"amends": ["A check cannot amend itself."]}


def test_test_point_needs_a_name():
    messages = messages_for("checks", make_check(points=[{"load_g": 100}]))
    assert messages == {"points": ["item 0: Each test point needs a non-empty 'name'."]}


def test_test_point_readings_are_left_to_the_tolerance_engine():
    check = make_check(points=[{"name": "p1", "anything": [1, 2], "unit": "kg"}])
    assert validate_record("checks", check)["points"][0]["anything"] == [1, 2]


@pytest.mark.parametrize("tax_id", ["1234567", "123456789", "1234567A", 12345675])
def test_firm_tax_id_is_eight_digits(tax_id):
    assert "tax_id" in messages_for("firms", make_firm(tax_id=tax_id))


@pytest.mark.parametrize("code", ["abc", "ab cd", "1234567890123", ""])
def test_lookup_code_is_4_to_12_letters_or_digits(code):
    assert messages_for("jobs", make_job(lookup_code=code)) == {
        "lookup_code": ["Not a valid lookup code: 4–12 letters or digits."]
    }


@pytest.mark.parametrize("priority", [-1, 4])
def test_priority_is_0_to_3(priority):
    assert "priority" in messages_for("jobs", make_job(priority=priority))


def test_estimated_minutes_must_be_positive():
    assert "estimated_minutes" in messages_for("jobs", make_job(estimated_minutes=0))


def test_job_status_must_be_a_job_status():
    messages = messages_for("jobs", make_job(status="finished"))
    assert messages["status"][0].startswith("Must be one of: requested, scheduled")


@pytest.mark.parametrize(("collection", "factory"), [("jobs", make_job), ("checks", make_check)])
def test_status_with_a_default_may_not_be_null(collection, factory):
    assert messages_for(collection, factory(status=None)) == {"status": ["Field may not be null."]}


def test_required_equipment_capacity_needs_a_unit():
    job = make_job(required_equipment=[{"kind": "proving_measure", "capacity": 20}])
    assert messages_for("jobs", job) == {
        "required_equipment": [
            "item 0, unit: A unit is required when a capacity is given, e.g. 'L' or 'kg'."
        ]
    }


def test_skills_come_from_the_fixed_vocabulary():
    messages = messages_for("users", make_user(skills=["nawi", "juggling"]))
    assert messages["skills"][0].startswith("item 1: Must be one of: nawi, fuel_dispenser")


def test_role_comes_from_the_fixed_vocabulary():
    assert messages_for("users", make_user(role="boss")) == {
        "role": ["Must be one of: inspector, dispatcher, admin."]
    }


@pytest.mark.parametrize(("field", "value"), [("lat", 91), ("lat", -90.5), ("lon", 180.1)])
def test_site_coordinates_are_in_range(field, value):
    assert field in messages_for("sites", make_site(**{field: value}))


def test_site_kind_comes_from_the_fixed_vocabulary():
    assert "kind" in messages_for("sites", make_site(kind="moon_base"))


def test_assignment_needs_at_least_one_inspector():
    assert messages_for("assignments", make_assignment(inspector_ids=[])) == {
        "inspector_ids": ["At least one inspector is required."]
    }


def test_assignment_lists_each_inspector_once():
    inspector = new_id()
    assignment = make_assignment(inspector_ids=[inspector, inspector])
    assert messages_for("assignments", assignment) == {
        "inspector_ids": ["An inspector is listed more than once."]
    }


def test_route_order_is_not_negative():
    assert "route_order" in messages_for("assignments", make_assignment(route_order=-1))


def test_suggestion_status_is_resolved_escalated_or_pending():
    visit = make_firm_visit()
    visit["suggestions"][0]["status"] = "ignored"
    assert messages_for("firm_visits", visit) == {
        "suggestions": ["item 0, status: Must be one of: resolved, escalated, pending."]
    }


def test_audit_changes_are_old_new_pairs():
    entry = make_audit_entry(changes={"priority": [1, 3], "notes": "x"})
    assert messages_for("audit_entries", entry) == {
        "changes": ["Each change must be a two-item list [old, new]; not so for: notes."]
    }
