"""`/board` — the electronic bulletin board: each office's dispatch of today, by place.

`GET /board` lists the offices; `GET /board/<office code>` shows the office's board
(`server.lookup.board`), which reloads itself every `BOARD_REFRESH_SECONDS` (a meta
refresh: no scripts), so a screen in the office lobby stays current all day. Public, no
login; it shows only what the office publishes. "Today" is the offices' local date.
"""

from flask import Blueprint, current_app, render_template, request

from server.database.clock import now
from server.database.db import get_db
from server.lookup.board import board_of
from server.lookup.messages import choose_language, format_date, texts
from server.lookup.page_headers import public_page
from server.lookup.pages import language_links
from server.planner.day import TAIPEI
from server.records import public
from server.records.store import list_all

bp = Blueprint("board_pages", __name__, template_folder="templates")
bp.after_request(public_page)


@bp.route("/board")
def offices():
    """The offices, each leading to its board."""
    lang = choose_language(request)
    listed = sorted(list_all(get_db(), "offices"), key=lambda office: office["code"])
    return render_template(
        "lookup/board_index.html",
        lang=lang,
        words=texts(lang),
        offices=[(o["code"], o["name_zh"] if lang == "zh_TW" else o["name_en"]) for o in listed],
        languages=language_links("board_pages.offices", lang),
    )


@bp.route("/board/<code>")
def board(code):
    """Today's dispatch of the office with that code (404 page if there is none)."""
    lang = choose_language(request)
    words = texts(lang)
    office = public.office_by_code(get_db(), code)
    page = {"lang": lang, "words": words, "code": code}
    if office is None:
        page["languages"] = language_links("board_pages.board", lang, code=code)
        return render_template("lookup/board.html", missing=True, **page), 404
    moment = now().astimezone(TAIPEI)
    return render_template(
        "lookup/board.html",
        office_name=office["name_zh"] if lang == "zh_TW" else office["name_en"],
        day=format_date(moment.date(), lang),
        updated=f"{moment:%H:%M:%S}",
        places=board_of(get_db(), office["id"], moment.date(), lang),
        refresh=current_app.config["BOARD_REFRESH_SECONDS"],
        languages=language_links("board_pages.board", lang, code=office["code"]),
        **page,
    )
