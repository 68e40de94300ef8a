"""`/console/due`: the re-verification due list of an office, and jobs made from it.

`GET` lists the instruments due within `?days=` (default `CONSOLE_DUE_DAYS`) by area;
`POST /console/due/jobs` turns the selected ones into jobs (`due.create_due_jobs`) and
says which were made, or why none was.
"""

from datetime import timedelta

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from server.database.db import get_db
from server.web.access import login_required
from server.web.blueprint import bp
from server.web.board_views import refusal_message
from server.web.due import create_due_jobs, due_instruments
from server.web.language import gettext
from server.web.offices import chosen_day, chosen_office, today


def _days():
    text = request.args.get("days") or str(current_app.config["CONSOLE_DUE_DAYS"])
    if not text.isdigit():
        abort(400, description=f"Days ahead must be a whole number, not {text!r}.")
    return int(text)


@bp.route("/due", methods=["GET"])
@login_required
def due_list():
    db = get_db()
    office = chosen_office(db)
    days = _days()
    day = today()
    return render_template(
        "console/due.html",
        office=office,
        days=days,
        areas=due_instruments(db, office["id"], day, days),
        first_day=day + timedelta(days=1),
        last_day=day + timedelta(days=max(days, 7)),
    )


@bp.route("/due/jobs", methods=["POST"])
@login_required
def due_jobs():
    db = get_db()
    office = chosen_office(db)
    back = url_for("console.due_list", office=office["id"], days=request.form.get("days", ""))
    try:
        created = create_due_jobs(
            db,
            g.console_actor,
            office["id"],
            request.form.getlist("instrument_id"),
            chosen_day(request.form.get("first_day")),
            chosen_day(request.form.get("last_day")),
        )
    except HTTPException as error:
        flash(refusal_message(error), "error")
        return redirect(back)
    numbers = ", ".join(job["application_number"] for job in created)
    flash(gettext("%(n)s jobs created: %(numbers)s", n=len(created), numbers=numbers), "done")
    return redirect(back)
