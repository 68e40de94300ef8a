"""Who may write what: the one write rule that REST, push and the tablet all apply.

The caller says who writes (`Actor`, from the token — never from the body), what the write
is (`Write`: collection, op, the stored data, the data as it would be stored, the fields it
changes) and what the server knows around it (`WriteFacts`: the offices involved and the
actor's relation to the job or site). `write_refusal` answers None when the write is allowed,
else a sentence saying what is allowed instead; `transition_refusal` does the same for the
status change a job write actually applies.

Per role:

- **admins** write everything but what only the server writes;
- **dispatchers** write their own office's records (before and after the write), but not
  `offices` or `users` (admins keep those), and they never create results: a check or a
  visit is recorded by the inspector who made it;
- **inspectors** write, for jobs they are **or were** assigned to, results (a result recorded
  offline for a job reassigned meanwhile is evidence); on the jobs they are assigned to
  **now**, only `notes` and the transitions they own (start: dispatched → in progress, finish:
  in progress → done); at the sites of those jobs, an instrument found on site (created) and
  what their visit leaves on a registered one (seal, last verified, due date).

For everyone: the author of a result (`inspector_id`) is the user who creates it and never
changes; nobody writes `audit_entries`; a conflict entry is written and kept by the server,
and a person changes only its resolution (`resolved_by` being themselves); `users` are not
written by push, which would bypass their login accounts (`/api/v1/users` keeps both).

    >>> inspector = Actor("u1", "inspector", "o1")
    >>> write = Write("jobs", "update", {"status": "dispatched"}, {"status": "cancelled"},
    ...               frozenset({"status"}))
    >>> write_refusal(inspector, write, WriteFacts(on_job_now=True)) is None
    True
    >>> transition_refusal("inspector", "dispatched", "cancelled").endswith(
    ...     "not from 'dispatched' to 'cancelled'.")
    True
"""

from dataclasses import dataclass, field

from domain.job_states import JobStatus, allowed_targets
from domain.relations import RESULT_COLLECTIONS

INSPECTOR = "inspector"
DISPATCHER = "dispatcher"
ADMIN = "admin"
#: Every role, in the order forms and lists show them.
ROLES = (INSPECTOR, DISPATCHER, ADMIN)

ALL_FIELDS = None  # in WRITABLE: every field of the collection
INSPECTOR_JOB_FIELDS = frozenset({"notes", "status"})
INSPECTOR_INSTRUMENT_FIELDS = frozenset({"seal_number", "last_verified", "due_date"})
ADMIN_ONLY = ("offices", "users")
CONFLICT_RESOLUTION_FIELDS = frozenset({"resolved", "resolved_by", "resolution_note"})
AUTHOR_FIELD = "inspector_id"

#: The status changes an inspector makes on site: (from, to) → the name of the act.
INSPECTOR_TRANSITIONS = {
    (JobStatus.DISPATCHED, JobStatus.IN_PROGRESS): "start",
    (JobStatus.IN_PROGRESS, JobStatus.DONE): "finish",
}

#: Collections push never writes, with the reason given to the device.
NOT_PUSHABLE = {
    "users": "Users are changed through /api/v1/users, which keeps their login account in "
    "step; push does not write them.",
    "audit_entries": "Audit entries are written by the server.",
}


@dataclass(frozen=True)
class Actor:
    """Who writes: the user, their role and office, and the device the write came from."""

    user_id: str | None
    role: str
    office_id: str | None
    device_id: str | None = None


@dataclass(frozen=True)
class Write:
    """One write: `old` is the stored data ({} for a create), `new` the data as it would be
    stored, `fields` the names the write changes."""

    collection: str
    op: str
    old: dict
    new: dict
    fields: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class WriteFacts:
    """What the server knows around a write.

    `offices`: the offices of the record before and after it; `on_job_now`: the actor is on
    the live assignment of the job (the job itself, or the job of a result); `was_on_job`:
    the job is or was in the actor's bucket; `site_of_own_job`: an instrument's site (before
    and after) is the site of a job the actor is assigned to now.
    """

    offices: frozenset = frozenset()
    on_job_now: bool = False
    was_on_job: bool = False
    site_of_own_job: bool = False


def writable_fields(role, collection):
    """The fields `role` may change on a record of `collection` it may write at all:
    `ALL_FIELDS` (None) for every field, a frozenset otherwise, empty for none.

    >>> sorted(writable_fields("inspector", "jobs"))
    ['notes', 'status']
    """
    if collection in ("audit_entries",):
        return frozenset()
    if collection == "conflicts":
        return CONFLICT_RESOLUTION_FIELDS if role in (ADMIN, DISPATCHER) else frozenset()
    if role == ADMIN:
        return ALL_FIELDS
    if role == DISPATCHER:
        return frozenset() if collection in ADMIN_ONLY else ALL_FIELDS
    if role == INSPECTOR:
        if collection in RESULT_COLLECTIONS:
            return ALL_FIELDS
        return {"jobs": INSPECTOR_JOB_FIELDS, "instruments": INSPECTOR_INSTRUMENT_FIELDS}.get(
            collection, frozenset()
        )
    return frozenset()


def status_targets(role, current):
    """The statuses `role` may move a job to from `current` (the state machine permitting).

    >>> sorted(status_targets("inspector", "dispatched"))
    ['in_progress']
    """
    targets = {str(target) for target in allowed_targets(current)}
    if role == INSPECTOR:
        return {str(to) for (start, to) in INSPECTOR_TRANSITIONS if start == current} & targets
    return targets if role in (DISPATCHER, ADMIN) else set()


def push_refusal(collection):
    """Why push never writes `collection`, or None."""
    return NOT_PUSHABLE.get(collection)


def write_refusal(actor, write, facts):
    """None when `actor` may make `write`, else what is allowed instead (one sentence)."""
    refusal = (
        _server_written(write) or _author_refusal(actor, write) or _resolver_refusal(actor, write)
    )
    if refusal:
        return refusal
    if actor.role == ADMIN:
        return None
    if actor.role == DISPATCHER:
        return _dispatcher_refusal(actor, write, facts)
    if actor.role == INSPECTOR:
        return _inspector_refusal(write, facts)
    return f"Unknown role {actor.role!r}."


def _server_written(write):
    if write.collection == "audit_entries":
        return "Audit entries are written by the server."
    if write.collection == "conflicts":
        if write.op != "update":
            return "Conflicts are written and kept by the server; a person may only resolve one."
        extra = sorted(write.fields - CONFLICT_RESOLUTION_FIELDS)
        if extra:
            return f"Only a conflict's resolution may change, not {', '.join(extra)}."
    return None


def _resolver_refusal(actor, write):
    """Whoever resolves a conflict is the user who writes the resolution."""
    sent = write.new.get("resolved_by")
    if write.collection != "conflicts" or "resolved_by" not in write.fields or sent is None:
        return None
    if sent == actor.user_id:
        return None
    return f"resolved_by must be you ({actor.user_id}), the user resolving it, not {sent}."


def _author_refusal(actor, write):
    """The author of a result is its creator, from the token; it never changes."""
    if write.collection not in RESULT_COLLECTIONS or write.op == "delete":
        return None
    sent = write.new.get(AUTHOR_FIELD)
    author = actor.user_id if write.op == "create" else write.old.get(AUTHOR_FIELD)
    if sent == author:
        return None
    if write.op == "create":
        return f"{AUTHOR_FIELD} must be you ({author}), the user recording it, not {sent}."
    return f"The author of a result cannot change: {AUTHOR_FIELD} stays {author}, not {sent}."


def _dispatcher_refusal(actor, write, facts):
    if write.collection in ADMIN_ONLY:
        return f"Only admins may write {write.collection}."
    if any(office != actor.office_id for office in facts.offices):
        return "Dispatchers may write only their own office's records."
    if write.collection in RESULT_COLLECTIONS and write.op == "create":
        return "Results are recorded by the inspector on site; dispatchers may only annotate them."
    return None


def _inspector_refusal(write, facts):
    if write.collection in RESULT_COLLECTIONS:
        if not facts.was_on_job:
            return "This job is not assigned to you; you may record results only for your jobs."
        return None
    if write.collection == "jobs":
        return _inspector_job_refusal(write, facts)
    if write.collection == "instruments":
        return _inspector_instrument_refusal(write, facts)
    return f"Inspectors may not write {write.collection}; only results of their jobs."


def _inspector_job_refusal(write, facts):
    if write.op != "update" or not facts.on_job_now:
        return "This job is not assigned to you now; only its dispatcher may change it."
    extra = sorted(write.fields - INSPECTOR_JOB_FIELDS)
    if extra:
        return f"Inspectors may change only notes and status of a job, not {', '.join(extra)}."
    return None


def transition_refusal(role, current, target):
    """None when `role` may move a job from `current` to `target` (the state machine
    permitting, which `domain.job_states` checks), else what `role` may do instead.

    Checked on the status change that is actually applied: an inspector's status edit that
    loses a conflict to the dispatcher's is kept in the conflict entry, not applied.
    """
    if role != INSPECTOR or current == target or (current, target) in INSPECTOR_TRANSITIONS:
        return None
    owned = " or ".join(
        f"from '{start}' to '{to}' ({act})" for (start, to), act in INSPECTOR_TRANSITIONS.items()
    )
    return f"Inspectors may move a job only {owned}, not from '{current}' to '{target}'."


def _inspector_instrument_refusal(write, facts):
    if not facts.site_of_own_job:
        return "You may register or update instruments only at the sites of your jobs."
    if write.op == "delete":
        return "Inspectors may not delete instruments from the register."
    extra = sorted(write.fields - INSPECTOR_INSTRUMENT_FIELDS)
    if write.op == "update" and extra:
        return (
            "On a registered instrument inspectors may change only seal_number, "
            f"last_verified and due_date, not {', '.join(extra)}."
        )
    return None


def assignment_problems(job, inspectors, vehicle_id=None, vehicle=None):
    """`{field: [message]}` for each person or vehicle that cannot serve `job`, else {}.

    `inspectors` is `[(user_id, user record or None)]`. An assignment's inspectors and
    vehicle must be live, an inspector and a vehicle, and of the job's office — for everyone,
    admins too: an inspector's tablet holds its office's data, and a vehicle leaves from its
    office.
    """
    problems = {}
    for user_id, user in inspectors:
        problem = _assignee_problem(user, job, "inspector")
        if problem:
            problems.setdefault("inspector_ids", []).append(f"{user_id} {problem}.")
    if vehicle_id is not None:
        problem = _assignee_problem(vehicle, job, "vehicle")
        if problem:
            problems["vehicle_id"] = [f"{vehicle_id} {problem}."]
    return problems


def _assignee_problem(record, job, kind):
    what = "an inspector" if kind == "inspector" else "a vehicle"
    if record is None or record.get("deleted"):
        return f"is not {what}"
    if kind == "inspector" and record.get("role") != INSPECTOR:
        return f"is not {what}"
    if record.get("office_id") != job.get("office_id"):
        return f"is {what} of another office than the job's"
    return None
