"""The rules of which job change raises which stage notice."""

import pytest

from domain.job_states import JobStatus
from domain.notices import contacts, dedupe_key, job_stage_notice

S = JobStatus


@pytest.mark.parametrize(
    ("before", "after", "notice"),
    [
        (S.REQUESTED, S.SCHEDULED, "job_scheduled"),
        (S.NEEDS_REVIEW, S.SCHEDULED, "job_scheduled"),
        (S.DISPATCHED, S.SCHEDULED, None),  # recalled: no news to the applicant
        (S.SCHEDULED, S.DISPATCHED, None),
        (S.DISPATCHED, S.IN_PROGRESS, "job_in_progress"),
        (S.NEEDS_REVIEW, S.IN_PROGRESS, "job_in_progress"),
        (S.IN_PROGRESS, S.DONE, "job_done"),
        (S.NEEDS_REVIEW, S.DONE, "job_done"),
        (S.SCHEDULED, S.REQUESTED, None),
        (S.SCHEDULED, S.CANCELLED, None),
        (S.DONE, S.NEEDS_REVIEW, None),
        (S.DONE, S.DONE, None),
    ],
)
def test_a_status_move_raises_the_notice_of_the_stage_it_enters(before, after, notice):
    assert job_stage_notice("update", {"status": before}, {"status": after}) == notice


def test_a_create_raises_received_and_a_delete_nothing():
    assert job_stage_notice("create", {}, {"status": "requested"}) == "job_received"
    assert job_stage_notice("delete", {"status": "requested"}, {"status": "requested"}) is None


def test_a_scheduled_notice_is_per_version_the_others_once_per_job():
    assert dedupe_key("job_scheduled", "j", version=2) != dedupe_key(
        "job_scheduled", "j", version=5
    )
    assert dedupe_key("job_done", "j", version=2) == dedupe_key("job_done", "j", version=9)


def test_contacts_skip_blank_addresses():
    assert contacts("  ", "0912") == [("sms", "0912")]
    assert contacts(None, None) == []
