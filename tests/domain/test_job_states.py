"""The job state machine: every legal transition, a set of illegal ones with their reasons."""

import pytest

from domain.job_states import (
    TRANSITIONS,
    IllegalTransition,
    JobStatus,
    allowed_targets,
    check_transition,
)

S = JobStatus

LEGAL = [
    (S.REQUESTED, S.SCHEDULED),
    (S.REQUESTED, S.CANCELLED),
    (S.REQUESTED, S.NEEDS_REVIEW),
    (S.SCHEDULED, S.DISPATCHED),
    (S.SCHEDULED, S.REQUESTED),
    (S.SCHEDULED, S.CANCELLED),
    (S.SCHEDULED, S.NEEDS_REVIEW),
    (S.DISPATCHED, S.IN_PROGRESS),
    (S.DISPATCHED, S.SCHEDULED),
    (S.DISPATCHED, S.CANCELLED),
    (S.DISPATCHED, S.NEEDS_REVIEW),
    (S.IN_PROGRESS, S.DONE),
    (S.IN_PROGRESS, S.NEEDS_REVIEW),
    (S.IN_PROGRESS, S.CANCELLED),
    (S.DONE, S.NEEDS_REVIEW),
    (S.CANCELLED, S.NEEDS_REVIEW),
    (S.NEEDS_REVIEW, S.SCHEDULED),
    (S.NEEDS_REVIEW, S.IN_PROGRESS),
    (S.NEEDS_REVIEW, S.DONE),
    (S.NEEDS_REVIEW, S.CANCELLED),
]

ILLEGAL = [
    (S.REQUESTED, S.DISPATCHED, "scheduled, cancelled, needs_review"),
    (S.REQUESTED, S.DONE, "scheduled, cancelled, needs_review"),
    (S.SCHEDULED, S.IN_PROGRESS, "requested, dispatched, cancelled, needs_review"),
    (S.DISPATCHED, S.DONE, "scheduled, in_progress, cancelled, needs_review"),
    (S.IN_PROGRESS, S.SCHEDULED, "done, cancelled, needs_review"),
    (S.IN_PROGRESS, S.REQUESTED, "done, cancelled, needs_review"),
    (S.DONE, S.IN_PROGRESS, "needs_review"),
    (S.DONE, S.CANCELLED, "needs_review"),
    (S.CANCELLED, S.SCHEDULED, "needs_review"),
    (S.CANCELLED, S.DONE, "needs_review"),
    (S.NEEDS_REVIEW, S.REQUESTED, "scheduled, in_progress, done, cancelled"),
    (S.NEEDS_REVIEW, S.DISPATCHED, "scheduled, in_progress, done, cancelled"),
]


def test_legal_list_is_exactly_the_table():
    table_pairs = {
        (source, target) for source, targets in TRANSITIONS.items() for target in targets
    }
    assert table_pairs == set(LEGAL)


def test_every_status_has_a_row():
    assert set(TRANSITIONS) == set(JobStatus)


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_legal_transition_returns_the_target(current, target):
    assert check_transition(current, target) is target


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_legal_transition_accepts_plain_strings(current, target):
    assert check_transition(str(current), str(target)) == target


@pytest.mark.parametrize(("current", "target", "allowed"), ILLEGAL)
def test_illegal_transition_names_both_states_and_the_allowed_ones(current, target, allowed):
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target)
    assert caught.value.reason == (
        f"A job cannot go from '{current}' to '{target}'; from '{current}' it can go to: {allowed}."
    )
    assert str(caught.value) == caught.value.reason


@pytest.mark.parametrize("status", list(JobStatus))
def test_staying_in_the_same_status_is_accepted(status):
    assert check_transition(status, status) is status


@pytest.mark.parametrize("status", [S.DONE, S.CANCELLED])
def test_finished_jobs_can_only_be_reopened_for_review(status):
    assert allowed_targets(status) == frozenset({S.NEEDS_REVIEW})


def test_every_non_terminal_status_can_be_cancelled():
    for status in set(JobStatus) - {S.DONE, S.CANCELLED}:
        assert S.CANCELLED in allowed_targets(status)


def test_allowed_targets_is_a_frozenset_of_job_statuses():
    targets = allowed_targets("dispatched")
    assert isinstance(targets, frozenset)
    assert targets == {S.IN_PROGRESS, S.SCHEDULED, S.CANCELLED, S.NEEDS_REVIEW}


def test_illegal_transition_is_a_value_error():
    assert issubclass(IllegalTransition, ValueError)


@pytest.mark.parametrize(("current", "target"), [("finished", "done"), ("done", "archived")])
def test_unknown_status_is_refused_with_the_list_of_statuses(current, target):
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target)
    assert "Unknown" in caught.value.reason
    assert "requested, scheduled, dispatched, in_progress, done, cancelled" in caught.value.reason


def test_allowed_targets_of_unknown_status_is_refused():
    with pytest.raises(IllegalTransition):
        allowed_targets("archived")
