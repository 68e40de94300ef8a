"""`/lookup` — the public lookup page, and the QR codes that open it.

`GET /lookup` shows the form; with `number` and `code` in the query (the form's submission,
or a notice's QR code) it answers with the application's stage, schedule and office — or
the one "not found" message (404) for an unknown number and a wrong code alike, a message
naming what is malformed (422), or "too many lookups" (429 with `Retry-After`). It shares
`server.lookup.status.look_up`, and so its limits, with `/api/v1/lookup`. Everything the
visitor typed is escaped (Jinja's autoescaping); the page has no scripts.

`GET /lookup/qr.svg` and `/lookup/qr.png` with the same query draw the QR code of the page's
address with both filled in (`PUBLIC_BASE_URL`, else the address asked at). They never read
the database, so they say nothing about whether a number exists.
"""

from flask import Blueprint, abort, current_app, render_template, request, url_for

from server.database.db import get_db
from server.lookup.limits import TooManyLookups
from server.lookup.messages import (
    LANGUAGE_NAMES,
    choose_language,
    format_date,
    format_window,
    kind_label,
    stage_key,
    texts,
)
from server.lookup.page_headers import public_page
from server.lookup.qr import CONTENT_TYPES, lookup_url, qr_image
from server.lookup.stages import NOTES, STEPS
from server.lookup.status import look_up, valid_code, valid_number

bp = Blueprint("lookup_pages", __name__, template_folder="templates")
bp.after_request(public_page)


def language_links(endpoint, lang, **values):
    """`[(language, name, url or None), ...]`: the page in each language (None: this one)."""
    links = []
    for code, name in LANGUAGE_NAMES.items():
        url = None if code == lang else url_for(endpoint, **values, lang=code)
        links.append((code, name, url))
    return links


def _form_problems(number, code, words):
    problems = []
    if not valid_number(number):
        problems.append(words["bad_number"])
    if not valid_code(code):
        problems.append(words["bad_code"])
    return problems


@bp.route("/lookup")
def lookup():
    """The form, or the answer to the number and code in the query."""
    lang = choose_language(request)
    words = texts(lang)
    number, code = request.args.get("number", ""), request.args.get("code", "")
    asked = {"number": number, "code": code} if number or code else {}
    page = {
        "lang": lang,
        "words": words,
        "number": number,
        "code": code,
        "languages": language_links("lookup_pages.lookup", lang, **asked),
    }
    if not asked:
        return render_template("lookup/lookup.html", **page)
    problems = _form_problems(number, code, words)
    if problems:
        return render_template("lookup/lookup.html", problems=problems, **page), 422
    try:
        status = look_up(get_db(), number, code, request.remote_addr or "unknown")
    except TooManyLookups as refused:
        problem = words["too_many"].format(seconds=refused.retry_after)
        headers = {"Retry-After": str(refused.retry_after)}
        return render_template("lookup/lookup.html", problems=[problem], **page), 429, headers
    if status is None:
        return render_template("lookup/lookup.html", problems=[words["not_found"]], **page), 404
    return render_template("lookup/result.html", shown=_shown(status, lang, words), **page)


def _shown(status, lang, words):
    """The answer as the result page writes it."""
    office = status.office
    window = None
    if status.window_start and status.window_end:
        window = format_window(status.window_start, status.window_end)
    return {
        "application_number": status.application_number,
        "kind": kind_label(status.kind, lang),
        "stage": status.stage,
        "stage_label": words[stage_key(status.stage)],
        "steps": [(step, words[stage_key(step)]) for step in STEPS],
        "step_index": STEPS.index(status.stage) if status.stage in STEPS else None,
        "note": words[NOTES[status.stage]] if status.stage in NOTES else None,
        "date": format_date(status.scheduled_date, lang) if status.scheduled_date else None,
        "window": window,
        "office_name": office.name(lang) if office else None,
        "office_phone": office.phone if office else None,
        "office_address": office.address if office else None,
    }


@bp.route("/lookup/qr.<kind>")
def qr(kind):
    """The QR code of the lookup page answering `number` and `code` (SVG or PNG)."""
    number, code = request.args.get("number", ""), request.args.get("code", "")
    if kind not in CONTENT_TYPES:
        abort(404, description="QR codes are served as qr.svg and qr.png.")
    if not (valid_number(number) and valid_code(code)):
        abort(422, description="Give number (1–40 characters) and code (4–12 letters or digits).")
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    image = qr_image(lookup_url(base, number.strip(), code.strip()), kind)
    return image, 200, {"Content-Type": CONTENT_TYPES[kind]}
