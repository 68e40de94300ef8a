"""What the public is told of a job's status: its stage, one of a few plain words.

The four stages of the normal flow are those on the notice — received, scheduled, in
progress, done; the office's own steps fold into them (a job *dispatched* with the day's
route is still *scheduled* to the applicant). A job flagged for review and a cancelled job
have stages of their own, each with a note to call the office.

    >>> stage_of("dispatched"), stage_of("needs_review")
    ('scheduled', 'under_review')
"""

from domain.job_states import JobStatus

#: The steps of the normal flow, in order (the page draws them as a progress line).
STEPS = ("received", "scheduled", "in_progress", "done")
#: Stages outside the normal flow, with the message key of their note.
NOTES = {"under_review": "note_under_review", "cancelled": "note_cancelled"}
STAGES = (*STEPS, *NOTES)

STAGE_OF_STATUS = {
    JobStatus.REQUESTED: "received",
    JobStatus.SCHEDULED: "scheduled",
    JobStatus.DISPATCHED: "scheduled",
    JobStatus.IN_PROGRESS: "in_progress",
    JobStatus.DONE: "done",
    JobStatus.NEEDS_REVIEW: "under_review",
    JobStatus.CANCELLED: "cancelled",
}


def stage_of(status):
    """The public stage of a job status."""
    return STAGE_OF_STATUS[JobStatus(status)]
