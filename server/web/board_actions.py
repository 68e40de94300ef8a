"""The board's hand changes over htmx: drag a card (`POST /console/board/move`), lock a
visit (`POST /console/board/lock`) and pair a second inspector onto a joint visit
(`POST /console/board/pair`).

Each answers the board again (the `#board` fragment for htmx, a redirect to the board
otherwise), with a refusal as a message on it and nothing changed. The office and day come
from the form; only the office the user may see (`offices.chosen_office`).
"""

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from server.database.db import get_db
from server.web.access import login_required
from server.web.blueprint import bp
from server.web.board import SCALE, day_board
from server.web.board_moves import move_job as move
from server.web.board_moves import set_lock
from server.web.board_pairs import pair_job as pair
from server.web.board_views import refusal_message
from server.web.offices import chosen_day, chosen_office, may_plan


def _index():
    try:
        return int(request.form.get("index", "0"))
    except ValueError:
        return 0


def _board_answer(office, day, refusal=None):
    if not request.headers.get("HX-Request"):
        if refusal:
            flash(refusal, "error")
        return redirect(url_for("console.board", office=office["id"], day=day.isoformat()))
    page = render_template(
        "console/_board.html",
        board=day_board(get_db(), office["id"], day, {}),
        filters={},
        may_plan=may_plan(g.console_actor, office),
        scale_hours=range(SCALE[0] // 3600, SCALE[1] // 3600 + 1),
        refusal=refusal,
    )
    return page, 200, {"HX-Trigger": "board-refused"} if refusal else {}


@bp.route("/board/move", methods=["POST"])
@login_required
def move_job():
    db = get_db()
    office = chosen_office(db)
    day = chosen_day()
    form = request.form
    try:
        move(
            db,
            g.console_actor,
            office["id"],
            day,
            form.get("job_id", ""),
            form.get("source", ""),
            form.get("target", ""),
            _index(),
        )
    except HTTPException as error:
        return _board_answer(office, day, refusal_message(error))
    return _board_answer(office, day)


@bp.route("/board/lock", methods=["POST"])
@login_required
def lock_job():
    db = get_db()
    office = chosen_office(db)
    day = chosen_day()
    try:
        set_lock(db, g.console_actor, request.form.get("job_id", ""), request.form.get("scope"))
    except HTTPException as error:
        return _board_answer(office, day, refusal_message(error))
    return _board_answer(office, day)


@bp.route("/board/pair", methods=["POST"])
@login_required
def pair_job():
    db = get_db()
    office = chosen_office(db)
    day = chosen_day()
    form = request.form
    try:
        pair(db, g.console_actor, office["id"], form.get("job_id", ""), form.get("partner", ""))
    except HTTPException as error:
        return _board_answer(office, day, refusal_message(error))
    return _board_answer(office, day)
