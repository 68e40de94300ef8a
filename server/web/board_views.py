"""The day board's pages: the board, planning the day, a proposal to apply or discard.

`GET /console/board` shows an office's day (`board.day_board`); with htmx it answers only
the part asked for. "Plan the day" (`POST /console/board/plan`) calls the planner's own
`proposals.propose_day` — what `POST /api/v1/plans` does — and shows the proposal: its
routes, what it changes against the board, and each job left out with its reason. Applying
it is `proposals.apply_proposal` (one transaction; refused with the reason when the records
changed since); discarding it writes nothing but an audit entry. Refusals come back as a
message on the page, never as a half-done change.
"""

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from server.database.db import get_db
from server.planner import proposals
from server.records import store
from server.web.access import login_required
from server.web.blueprint import bp
from server.web.board import SCALE, day_board
from server.web.language import change_text, gettext, reason_text
from server.web.offices import chosen_day, chosen_office, may_plan
from server.web.readable import proposal_names, readable
from sync.server.records import get_record

FILTERS = ("q", "kind", "priority", "open_at")


def refusal_message(error):
    """The sentence of a refusal raised by the records or the planner."""
    data = getattr(error, "data", None) or {}
    message = data.get("message") or error.description or error.name
    details = data.get("errors") or {}
    if isinstance(details, dict) and details.get("plan"):
        message = f"{message} {' '.join(details['plan'])}"
    return message


@bp.route("/", methods=["GET"])
@login_required
def home():
    return redirect(url_for("console.board"))


@bp.route("/board", methods=["GET"])
@login_required
def board():
    db = get_db()
    office = chosen_office(db)
    day = chosen_day()
    filters = {name: request.args.get(name, "") for name in FILTERS}
    the_board = day_board(db, office["id"], day, filters)
    template = "console/board.html"
    if request.headers.get("HX-Request") and request.args.get("part") == "unassigned":
        template = "console/_unassigned.html"
    elif request.headers.get("HX-Request"):
        template = "console/_board.html"
    return render_template(
        template,
        board=the_board,
        filters=filters,
        offices=store.list_all(db, "offices") if g.console_actor.role == "admin" else [],
        may_plan=may_plan(g.console_actor, office),
        scale_hours=range(SCALE[0] // 3600, SCALE[1] // 3600 + 1),
    )


@bp.route("/board/plan", methods=["POST"])
@login_required
def plan_day():
    db = get_db()
    office = chosen_office(db)
    day = chosen_day()
    try:
        proposal = proposals.propose_day(db, g.console_actor, office["id"], day)
    except HTTPException as error:
        flash(refusal_message(error), "error")
        return redirect(url_for("console.board", office=office["id"], day=day.isoformat()))
    return redirect(url_for("console.proposal", proposal_id=proposal["id"]))


@bp.route("/plans/<proposal_id>", methods=["GET"])
@login_required
def proposal(proposal_id):
    the_proposal = proposals.get_proposal(get_db(), g.console_actor, proposal_id)
    names = proposal_names(the_proposal)
    office = get_record(get_db(), "offices", the_proposal["office_id"])
    for gap in the_proposal["unserved"]:
        gap["text"] = readable(reason_text(gap, office), names)
    reasons = {gap["job_id"]: gap["text"] for gap in the_proposal["unserved"]}
    for change in the_proposal["changes"]:
        change["message"] = readable(change_text(change, reasons), names)
    return render_template("console/proposal.html", proposal=the_proposal)


@bp.route("/plans/<proposal_id>/apply", methods=["POST"])
@login_required
def apply_proposal(proposal_id):
    db = get_db()
    the_proposal = proposals.get_proposal(db, g.console_actor, proposal_id)
    back = url_for("console.board", office=the_proposal["office_id"], day=the_proposal["day"])
    try:
        applied = proposals.apply_proposal(db, g.console_actor, proposal_id)
    except HTTPException as error:
        flash(refusal_message(error), "error")
        return redirect(url_for("console.proposal", proposal_id=proposal_id))
    flash(
        gettext(
            "Plan applied: %(w)s assignments written, %(r)s removed.",
            w=applied["assignments_written"],
            r=applied["assignments_removed"],
        ),
        "done",
    )
    return redirect(back)


@bp.route("/plans/<proposal_id>/discard", methods=["POST"])
@login_required
def discard_proposal(proposal_id):
    db = get_db()
    the_proposal = proposals.get_proposal(db, g.console_actor, proposal_id)
    with store.transaction(db):
        store.audit(db, g.console_actor, "discard_plan", "plan_proposals", proposal_id)
    flash(gettext("Proposal discarded; the board is as it was."), "done")
    return redirect(
        url_for("console.board", office=the_proposal["office_id"], day=the_proposal["day"])
    )
