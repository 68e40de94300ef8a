"""Why a job is left out of a plan: a code, the values in it, and its sentence in English.

Every reason the planner gives is one of `SENTENCES`. `gap(job_id, code, **values)` is the
`Unserved` of it, its English made from the sentence, so an API client reads the sentence
and a page in another language makes its own from the code and the values.

    >>> gap("j1", "missing_skill", skills="taximeter", office="Su'ao").reason
    "no inspector with skill taximeter in Su'ao"
"""

from domain.planning.model import Unserved

SENTENCES = {
    "window_past": "window already past (it closed at {closed})",
    "missing_skill": "no inspector with skill {skills} in {office}",
    "missing_equipment": "no vehicle in {office} carries the {equipment}",
    "too_few_staff": "needs {needed} inspectors; {office} has {staff} today",
    "no_team": (
        "needs {needed} inspectors together; no crew of that size today "
        "(lock the job to {needed} of {office}'s inspectors to pair them)"
    ),
    "lock_absent": "locked to {names}, who is not working in a crew today",
    "lock_outside_window": "locked to start at {start}, outside its window {window}",
    "lock_apart": "locked to {names} together, who are in different vehicles today",
    "lock_crew_lacks": "locked to inspectors whose crew today lacks a skill or equipment it needs",
    "split_crews": (
        "no crew today has all its skills and equipment together (they are in different vehicles)"
    ),
    "no_time": (
        "does not fit in any shift (window {window}, {hours} h of work, travel included from "
        "each crew's start)"
    ),
    "late_back": "the crew could not be back by the end of its shift ({end}) after it",
    "late_lock": "the crew could not be there by its locked time {start} (earliest {arrival})",
    "late_window": (
        "no crew reaches it inside its window {window} (earliest arrival {arrival}; a ferry may "
        "be missed)"
    ),
    "left_out": (
        "not enough time left in any qualified crew's day (the jobs planned fill it: more "
        "urgent, or nearer)"
    ),
}


def gap(job_id, code, **values):
    """The `Unserved` of `job_id` for the reason `code` with `values` (as text)."""
    values = {name: str(value) for name, value in values.items()}
    return Unserved(job_id, SENTENCES[code].format(**values), code, tuple(sorted(values.items())))
