"""Field ownership: which role owns which field of which collection, and who wins a conflict.

When two writers change the same field from the same base version, clocks decide nothing
(device clocks lie); ownership does. The role that owns a field wins:

- **dispatchers** own planning: a job's scheduling and intake fields (site, instruments in
  scope, window, priority, required skills/equipment, estimate, applicant details, status) and
  every field of an assignment, plus the resolution of a conflict (a person at the office
  reviews it);
- **inspectors** own what they observed and measured on site: every field of checks, accident
  visits and firm visits, and on an instrument what the visit left on it (seal number, last
  verified, due date);
- **admins** own the remaining reference data: offices, users, vehicles, firms, sites,
  instruments.

Nobody owns a job's ``notes`` (dispatchers write directions, inspectors write what they found),
its review flag ``needs_review``/``review_reason`` (set by the server and by reviewers), or
anything in ``audit_entries`` and the server-written part of ``conflicts``.

``jobs.status`` belongs to the dispatcher on purpose: if a dispatcher cancels a job while an
inspector, offline, marks it done, the cancellation stands as the status — but the inspector's
results are still accepted and the job is flagged for review (see ``job_states``), so nothing
measured is lost.

When neither writer owns the field, or both do (same role), the **server's already-accepted
value wins**: it is the first write the server acknowledged, so other devices may already have
pulled it and acted on it; letting a later, offline writer silently replace it would change
what people have seen. The losing value is never dropped — the sync layer keeps it in a
conflict entry for a person to review.
"""

from domain.access import ADMIN, DISPATCHER, INSPECTOR

ANY_FIELD = "*"

# collection -> {field or ANY_FIELD: owning role or None (nobody owns it)}
FIELD_OWNERS: dict[str, dict[str, str | None]] = {
    "offices": {ANY_FIELD: ADMIN},
    "users": {ANY_FIELD: ADMIN},
    "vehicles": {ANY_FIELD: ADMIN},
    "firms": {ANY_FIELD: ADMIN},
    "sites": {ANY_FIELD: ADMIN},
    "instruments": {
        ANY_FIELD: ADMIN,
        "seal_number": INSPECTOR,
        "last_verified": INSPECTOR,
        "due_date": INSPECTOR,
    },
    "jobs": {
        ANY_FIELD: DISPATCHER,
        "notes": None,
        "needs_review": None,
        "review_reason": None,
    },
    "assignments": {ANY_FIELD: DISPATCHER},
    "checks": {ANY_FIELD: INSPECTOR},
    "accident_visits": {ANY_FIELD: INSPECTOR},
    "firm_visits": {ANY_FIELD: INSPECTOR},
    "conflicts": {
        ANY_FIELD: None,
        "resolved": DISPATCHER,
        "resolved_by": DISPATCHER,
        "resolution_note": DISPATCHER,
    },
    "audit_entries": {ANY_FIELD: None},
}


def owner_role(collection: str, field: str) -> str | None:
    """The role that owns ``collection.field``, or ``None`` when nobody owns it.

    >>> owner_role("jobs", "window_start"), owner_role("checks", "points")
    ('dispatcher', 'inspector')
    """
    owners = FIELD_OWNERS.get(collection, {})
    if field in owners:
        return owners[field]
    return owners.get(ANY_FIELD)


def winning_role(collection: str, field: str, server_writer_role: str, client_role: str) -> str:
    """The role whose value of ``collection.field`` stands after a conflicting write.

    The client (the later writer) wins only when it owns the field and the server's writer does
    not; otherwise the server's already-accepted value stands.

    >>> winning_role("jobs", "window_start", "inspector", "dispatcher")
    'dispatcher'
    >>> winning_role("jobs", "notes", "inspector", "dispatcher")
    'inspector'
    """
    owner = owner_role(collection, field)
    if owner is not None and owner == client_role != server_writer_role:
        return client_role
    return server_writer_role
