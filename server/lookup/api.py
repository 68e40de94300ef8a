"""`/api/v1/lookup` — the public lookup as JSON: an application number and its lookup code.

`POST` (the code travels in the body, not in a URL that proxies and logs keep) answers the
job's public stage, scheduled date, arrival window and office — or 404 with one message,
the same for an unknown number and a wrong code; 429 with `Retry-After` past the rate limits
(`server.lookup.limits`). No login: anyone holding a notice may ask. Labels are in the
language of `?lang=` or `Accept-Language` (Traditional Chinese by default).
"""

from flask import request
from flask_smorest import abort

from server.database.db import get_db
from server.errors import Blueprint
from server.lookup.limits import TooManyLookups
from server.lookup.lookup_schemas import LanguageArgs, LookupAnswer, LookupRequest
from server.lookup.messages import choose_language, kind_label, stage_key, texts
from server.lookup.page_headers import private_answer
from server.lookup.status import look_up

blp = Blueprint(
    "lookup", __name__, url_prefix="/api/v1/lookup", description="Public application lookup"
)
blp.after_request(private_answer)


@blp.route("/", methods=["POST"])
@blp.arguments(LanguageArgs, location="query")
@blp.arguments(LookupRequest)
@blp.response(200, LookupAnswer)
@blp.refuses(404, 429)
def lookup(args, body):
    """Look up an application's stage, schedule and office (number and code)"""
    lang = choose_language(request)
    words = texts(lang)
    try:
        status = look_up(get_db(), body["application_number"], body["code"], _address())
    except TooManyLookups as refused:
        message = words["too_many"].format(seconds=refused.retry_after)
        abort(429, message=message, headers={"Retry-After": str(refused.retry_after)})
    if status is None:
        abort(404, message=words["not_found"])
    return answer(status, lang)


def _address():
    return request.remote_addr or "unknown"


def answer(status, lang):
    """The JSON body of a found lookup."""
    office = status.office
    return {
        "application_number": status.application_number,
        "stage": status.stage,
        "stage_label": texts(lang)[stage_key(status.stage)],
        "kind": status.kind,
        "kind_label": kind_label(status.kind, lang),
        "scheduled_date": status.scheduled_date,
        "window_start": status.window_start,
        "window_end": status.window_end,
        "office": None
        if office is None
        else {
            "code": office.code,
            "name": office.name(lang),
            "phone": office.phone,
            "address": office.address,
        },
        "lang": lang,
    }
