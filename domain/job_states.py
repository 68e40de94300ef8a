"""The job state machine: which status a job may move to from which, as one data table.

::

    requested ──▶ scheduled ──▶ dispatched ──▶ in_progress ──▶ done
        ▲  │          │  ▲           │              │
        │  └──────────┘  └───────────┘              │
        └── unassigned     recalled                 ▼
                                            needs_review ◀── (from anywhere: late evidence)

=============  ====================================================  ==========================
from           to                                                    why
=============  ====================================================  ==========================
requested      scheduled, cancelled, needs_review                    planned; withdrawn; doubt
scheduled      dispatched, requested, cancelled, needs_review        sent out; unassigned
dispatched     in_progress, scheduled, cancelled, needs_review       started; recalled
in_progress    done, needs_review, cancelled                         finished; doubt; stopped
done           needs_review                                          late results / amendment
cancelled      needs_review                                          results recorded offline
needs_review   scheduled, in_progress, done, cancelled               the reviewer's decision
=============  ====================================================  ==========================

``done`` and ``cancelled`` end the normal flow; the only way out of either is ``needs_review``,
because evidence must never be refused: an inspector who worked offline may push results for
a job the dispatcher cancelled meanwhile, or an amendment for a finished one, and then a
person decides (re-plan, continue, accept as done, or confirm the cancellation).
Every state but ``needs_review`` itself can be flagged for review.

Staying in the same status is not a transition and is always accepted, so re-sending an
unchanged status (a retried update) is harmless.
"""

from enum import StrEnum


class JobStatus(StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
    NEEDS_REVIEW = "needs_review"


_S = JobStatus

TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    _S.REQUESTED: frozenset({_S.SCHEDULED, _S.CANCELLED, _S.NEEDS_REVIEW}),
    _S.SCHEDULED: frozenset({_S.DISPATCHED, _S.REQUESTED, _S.CANCELLED, _S.NEEDS_REVIEW}),
    _S.DISPATCHED: frozenset({_S.IN_PROGRESS, _S.SCHEDULED, _S.CANCELLED, _S.NEEDS_REVIEW}),
    _S.IN_PROGRESS: frozenset({_S.DONE, _S.NEEDS_REVIEW, _S.CANCELLED}),
    _S.DONE: frozenset({_S.NEEDS_REVIEW}),
    _S.CANCELLED: frozenset({_S.NEEDS_REVIEW}),
    _S.NEEDS_REVIEW: frozenset({_S.SCHEDULED, _S.IN_PROGRESS, _S.DONE, _S.CANCELLED}),
}

TERMINAL_STATUSES = frozenset({_S.DONE, _S.CANCELLED})


class IllegalTransition(ValueError):
    """A status change the table does not allow; ``.reason`` says what is allowed instead."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def allowed_targets(current: str) -> frozenset[JobStatus]:
    """The statuses a job in ``current`` may move to (not counting staying where it is)."""
    return TRANSITIONS[_as_status(current, "current")]


def check_transition(current: str, target: str) -> JobStatus:
    """Return ``target`` as a ``JobStatus`` if a job may move there from ``current``.

    >>> check_transition("scheduled", "dispatched")
    <JobStatus.DISPATCHED: 'dispatched'>

    Raises ``IllegalTransition`` naming both statuses and the allowed ones otherwise.
    """
    current_status = _as_status(current, "current")
    target_status = _as_status(target, "target")
    allowed = TRANSITIONS[current_status]
    if target_status == current_status or target_status in allowed:
        return target_status
    raise IllegalTransition(
        f"A job cannot go from '{current_status}' to '{target_status}'; "
        f"from '{current_status}' it can go to: {_listed(allowed)}."
    )


def _as_status(value: str, role: str) -> JobStatus:
    try:
        return JobStatus(value)
    except ValueError:
        raise IllegalTransition(
            f"Unknown {role} job status '{value}'; statuses are: {_listed(JobStatus)}."
        ) from None


def _listed(statuses) -> str:
    order = list(JobStatus)
    return ", ".join(sorted((str(status) for status in statuses), key=lambda s: order.index(s)))
