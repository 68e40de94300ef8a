"""Pairing a second inspector onto a joint visit from the board (`POST /console/board/pair`).

A joint job (a market audit takes two) sits on one inspector's row when it was dragged there;
`pair_job` adds a partner — an active inspector of the job's office not on it yet — and locks
the visit to its inspectors (to inspectors and time when it was locked to a time). The
planner then keeps the two together for the whole day: inspectors locked together ride in
one crew. A visit already started, locked to other people, or not on the board is refused;
nothing changes then. One transaction, audited and synced like every board change.
"""

from flask_smorest import abort

from server.records import permissions, queries, store
from server.web.board_moves import MOVABLE
from sync.server.records import get_record


def pair_job(db, actor, office_id, job_id, partner_id):
    """Add `partner_id` to the inspectors of the job's visit and lock it to them."""
    with store.transaction(db):
        job = get_record(db, "jobs", job_id) if job_id else None
        if job is None or job.get("deleted") or job.get("office_id") != office_id:
            abort(409, message="This job is not on this office's board (reload the board).")
        if job["status"] not in MOVABLE:
            abort(409, message=f"A job that is {job['status']} keeps its inspectors.")
        assignment_id = queries.live_assignment_id(db, job_id)
        if assignment_id is None:
            abort(409, message="Put the job on an inspector's row first, then pair it.")
        assignment = store.fetch(db, "assignments", assignment_id)
        _check_partner(db, office_id, assignment, partner_id)
        fields = {
            "inspector_ids": [*assignment["inspector_ids"], partner_id],
            "locked": True,
            "lock_scope": _scope_with_inspectors(assignment),
        }
        permissions.check_write(db, actor, "assignments", "update", assignment, fields)
        store.update(db, "assignments", assignment_id, fields, actor)


def _check_partner(db, office_id, assignment, partner_id):
    partner = get_record(db, "users", partner_id) if partner_id else None
    if (
        partner is None
        or partner.get("role") != "inspector"
        or partner.get("office_id") != office_id
        or not partner.get("active", True)
    ):
        abort(422, message="Choose an active inspector of this office to pair with.")
    if partner_id in assignment["inspector_ids"]:
        abort(409, message="This inspector is already on the visit.")


def _scope_with_inspectors(assignment):
    if assignment.get("locked") and assignment.get("lock_scope") in (None, "both", "time"):
        return "both"
    return "inspector"
