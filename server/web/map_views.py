"""`/console/map`: the day's sites and routes of an office, drawn in inline SVG."""

from flask import render_template

from server.database.db import get_db
from server.web.access import login_required
from server.web.blueprint import bp
from server.web.offices import chosen_day, chosen_office
from server.web.site_map import day_map


@bp.route("/map", methods=["GET"])
@login_required
def day_map_page():
    db = get_db()
    office = chosen_office(db)
    return render_template("console/map.html", map=day_map(db, office["id"], chosen_day()))
