"""`/console/conflicts`: the queue of sync conflicts, and a person's choice on one."""

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from server.database.db import get_db
from server.web.access import login_required
from server.web.blueprint import bp
from server.web.board_views import refusal_message
from server.web.conflict_queue import open_conflicts, resolve
from server.web.language import gettext


@bp.route("/conflicts", methods=["GET"])
@login_required
def conflicts():
    entries = open_conflicts(get_db(), g.console_actor)
    return render_template("console/conflicts.html", entries=entries)


@bp.route("/conflicts/<conflict_id>", methods=["POST"])
@login_required
def resolve_conflict(conflict_id):
    keep = request.form.get("keep", "")
    try:
        resolve(get_db(), g.console_actor, conflict_id, keep, request.form.get("note", ""))
    except HTTPException as error:
        flash(refusal_message(error), "error")
    else:
        flash(gettext("Conflict resolved; the choice is recorded."), "done")
    return redirect(url_for("console.conflicts"))
