"""Which office and day a console page is about.

A dispatcher sees their own office; an admin picks any (`?office=`), their own by default.
The day is `?day=` (YYYY-MM-DD), today in Taipei by default; a malformed one is a 400 that
says what is wrong.
"""

from datetime import date

from flask import abort, g, request

from domain.access import ADMIN
from server.database.clock import now
from server.planner.day import TAIPEI
from server.records import store


def chosen_office(db, wanted=None):
    """The office record the console user's page shows (404 for an unknown one)."""
    actor = g.console_actor
    wanted = wanted or request.values.get("office")
    if actor.role == ADMIN and wanted:
        office_id = wanted
    else:
        office_id = actor.office_id or _first_office_id(db)
    return store.fetch(db, "offices", office_id)


def _first_office_id(db):
    offices = store.list_all(db, "offices")
    if not offices:
        abort(404, description="There is no office yet.")
    return offices[0]["id"]


def today():
    """Today's date in Taipei (the server's clock)."""
    return now().astimezone(TAIPEI).date()


def chosen_day(text=None):
    """The day of the page: `?day=` or today."""
    text = text if text is not None else request.values.get("day")
    if not text:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, description=f"Not a day: {text!r}; give it as YYYY-MM-DD.")


def may_plan(actor, office):
    """Whether the actor plans this office's day (its dispatchers; `proposals` enforces it)."""
    return actor.role == "dispatcher" and actor.office_id == office["id"]
