"""A visit report is savable as a draft with any text still empty; what the office needs from
it is required when it is submitted (as a check's verdict is)."""

import pytest

from domain.records import RecordInvalid, validate_record
from tests.domain import factories as f


def test_an_accident_draft_may_leave_household_address_and_product_empty():
    draft = f.make_accident_visit(household_name=None, address="", product=None, status="draft")
    assert validate_record("accident_visits", draft)["status"] == "draft"


@pytest.mark.parametrize("empty", ["household_name", "address", "product"])
def test_a_submitted_accident_visit_names_each_missing_text(empty):
    visit = f.make_accident_visit(status="submitted", **{empty: "  "})
    with pytest.raises(RecordInvalid) as refused:
        validate_record("accident_visits", visit)
    assert list(refused.value.messages) == [empty]


def test_a_firm_visit_draft_may_hold_a_suggestion_not_written_yet_but_not_once_submitted():
    suggestion = {"id": f.new_id(), "text": None, "status": "pending"}
    draft = f.make_firm_visit(suggestions=[suggestion], status="draft")
    assert validate_record("firm_visits", draft)["suggestions"][0]["text"] is None
    with pytest.raises(RecordInvalid) as refused:
        validate_record("firm_visits", {**draft, "status": "submitted"})
    assert "Suggestion 1" in str(refused.value.messages["suggestions"])
