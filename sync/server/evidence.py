"""The domain rules push enforces beyond the schemas: evidence, verdicts and job states.

- A submitted check is evidence: it is immutable; a correction is a new check whose
  `amends` names it (a check of the same instrument that the pusher can see).
- A check is of an instrument registered at its job's site, and the type, class and
  parameters it is judged with are the register's: a check whose copy differs is refused.
- The server never trusts a device's pass/fail: every check with test points (and every
  submitted one) is judged again with `domain.tolerances.evaluate_check`; a check whose sent
  `verdict` or `result` disagrees is refused (`verdict_mismatch`); the server's result,
  verdict, rule set, rule version and `provisional` mark are what is stored.
- A job's status moves only as `domain.job_states` allows (`state` with its reason).
- Results recorded for a cancelled job are accepted and the job is flagged for review.
"""

from domain.access import assignment_problems, transition_refusal
from domain.job_states import IllegalTransition, JobStatus, check_transition
from domain.register import copy_differences
from domain.relations import RESULT_COLLECTIONS
from domain.tolerances import CheckRefused, evaluate_check
from sync.server.outcome import SERVER, Rejected
from sync.server.records import get_record, write_record
from sync.server.visibility import record_visible

JUDGED_FIELDS = ("result", "verdict", "rule_set", "rule_version", "provisional")
CANCELLED_REASON = "Results were recorded for this job after it was cancelled."


def check_immutable(collection, stored_data, op):
    """Refuse any change to a submitted check (a correction is an amending check)."""
    if collection == "checks" and stored_data.get("status") == "submitted" and op != "create":
        raise Rejected(
            "immutable",
            "This check was submitted and is evidence: it cannot be changed. Record a new "
            "check with `amends` set to this check's id and an `amend_reason`.",
        )


def check_amends(db, actor, collection, data):
    """An amending check MUST name a check of the same instrument that the pusher can see.

    A check the pusher cannot see is refused in the same words as one that does not exist,
    so the answer never tells whether an id exists elsewhere.
    """
    target = data.get("amends") if collection == "checks" else None
    if not target:
        return
    amended = (
        get_record(db, "checks", target) if record_visible(db, actor, "checks", target) else None
    )
    if amended is None:
        message = f"You have no check {target} to amend."
        raise Rejected("validation", message, {"amends": [message]})
    if amended.get("instrument_id") != data.get("instrument_id"):
        message = "An amending check corrects a check of the same instrument."
        raise Rejected("validation", message, {"amends": [message]})


def _refuse_instrument(message, field="instrument_id"):
    raise Rejected("validation", message, {field: [message]})


def assignee_problems(db, job, inspector_ids, vehicle_id=None):
    """`{field: [message]}` for each stored inspector or vehicle that cannot serve `job`
    (`domain.access.assignment_problems`: live, and of the job's office); REST and push."""
    inspectors = [(user_id, get_record(db, "users", user_id)) for user_id in inspector_ids]
    vehicle = get_record(db, "vehicles", vehicle_id) if vehicle_id else None
    return assignment_problems(job, inspectors, vehicle_id, vehicle)


def check_assignees(db, collection, data):
    """An assignment's inspectors and vehicle MUST be able to serve its job."""
    if collection != "assignments":
        return
    job = get_record(db, "jobs", data["job_id"]) or {}
    problems = assignee_problems(db, job, data["inspector_ids"], data.get("vehicle_id"))
    if problems:
        message = " ".join(text for texts in problems.values() for text in texts)
        raise Rejected("validation", message, problems)


def job_of_result(db, collection, data):
    """The stored job of a result (a check or visit), or None — read once per mutation."""
    if collection not in RESULT_COLLECTIONS or not data.get("job_id"):
        return None
    return get_record(db, "jobs", data["job_id"])


def check_instrument_copy(db, collection, data, job):
    """A check MUST be of an instrument registered at its job's site (`job`: the stored job,
    `job_of_result`), and judged with the register's type, class and parameters
    (`domain.register`), not the device's copy."""
    if collection != "checks":
        return
    instrument = get_record(db, "instruments", data["instrument_id"])
    if job is None or job.get("deleted"):
        _refuse_instrument(f"There is no job {data['job_id']}.", "job_id")
    if instrument is None or instrument.get("deleted") or instrument["site_id"] != job["site_id"]:
        _refuse_instrument(
            f"Instrument {data['instrument_id']} is not registered at this job's site; "
            "register an instrument found on site before checking it."
        )
    differences = copy_differences(data, instrument)
    if differences:
        said = "; ".join(
            f"{name}: the check says {sent!r}, the register says {held!r}"
            for name, sent, held in differences
        )
        raise Rejected(
            "validation",
            f"The check's copy of its instrument differs from the register ({said}).",
            {
                name: [f"The register says {held!r}, not {sent!r}."]
                for name, sent, held in differences
            },
        )


def _passes(result):
    return [point.get("passed") for point in (result or {}).get("points") or []]


def _disagrees(sent, judged):
    if "verdict" in sent and sent["verdict"] is not None and sent["verdict"] != judged["verdict"]:
        return True
    claimed = sent.get("result")
    if not isinstance(claimed, dict):
        return False
    if "verdict" in claimed and claimed["verdict"] != judged["verdict"]:
        return True
    return bool(claimed.get("points")) and _passes(claimed) != _passes(judged)


def _judge(merged):
    try:
        return evaluate_check(
            merged["instrument_type"],
            merged["phase"],
            merged.get("instrument_params") or {},
            merged.get("points") or [],
            rule_version=merged.get("rule_version"),
        )
    except CheckRefused as refused:
        if merged.get("status") == "submitted":
            raise Rejected("validation", str(refused), {"points": [str(refused)]}) from refused
        return None


def judged_fields(collection, merged, sent):
    """The server's verdict fields for a check (to store over what the device sent).

    MUST refuse (`verdict_mismatch`) a sent verdict or result that the readings do not give.
    """
    if collection != "checks":
        return {}
    if not merged.get("points") and merged.get("status") != "submitted":
        judged = None
    else:
        judged = _judge(merged)
    if judged is None:
        if sent.get("verdict") is not None:
            raise Rejected(
                "verdict_mismatch",
                "A verdict was sent without readings that give one.",
                {"verdict": ["The server cannot judge this check from its points."]},
            )
        return {"result": None, "verdict": None}
    if _disagrees(sent, judged):
        raise Rejected(
            "verdict_mismatch",
            f"The readings give the verdict '{judged['verdict']}' under rule version "
            f"{judged['rule_version']}, not what was sent; the server never trusts a "
            "device's pass/fail.",
            {"verdict": [f"Expected '{judged['verdict']}'."]},
        )
    return {
        "result": judged,
        "verdict": judged["verdict"],
        "rule_set": judged["rule_set"],
        "rule_version": judged["rule_version"],
        "provisional": judged["provisional"],
    }


def check_job_transition(actor, collection, stored_data, changes):
    """A job's status change MUST be one the state machine allows (`state` otherwise) and
    one the actor's role makes (`domain.access.transition_refusal`; `permission` otherwise)."""
    if collection != "jobs" or "status" not in changes or not stored_data:
        return
    current = stored_data.get("status", JobStatus.REQUESTED)
    try:
        check_transition(current, changes["status"])
    except IllegalTransition as illegal:
        raise Rejected("state", illegal.reason, {"status": [illegal.reason]}) from illegal
    refusal = transition_refusal(actor.role, current, changes["status"])
    if refusal:
        raise Rejected("permission", refusal, {"status": [refusal]})


def flag_cancelled_job(db, collection, data, *, job):
    """Flag the job of results recorded for a cancelled job; returns True when flagged.

    `job` is the stored job (`job_of_result`; writing a result does not change it).
    MUST keep the results (they are already written) and never move the job where the state
    machine forbids: the status becomes needs_review only when allowed, else flag only.
    """
    if collection not in RESULT_COLLECTIONS or not data.get("job_id"):
        return False
    if job is None or job["status"] != JobStatus.CANCELLED or job.get("needs_review"):
        return False
    flag = {"needs_review": True, "review_reason": CANCELLED_REASON}
    try:
        check_transition(job["status"], JobStatus.NEEDS_REVIEW)
        flag["status"] = JobStatus.NEEDS_REVIEW.value
    except IllegalTransition:
        pass
    write_record(db, "jobs", job["id"], flag, actor=SERVER, op="update")
    return True
