"""Reading a request's JSON body, bounded: one reader for every route.

Request bodies are read by `sync.codec.parse_json` (orjson): JSON nested deeper than
`MAX_JSON_DEPTH`, numbers past the float range and text that is not UTF-8 JSON are refused
with a 400 in the one JSON error shape, whose message says what is wrong — where the stdlib
reader would recurse until Python's stack ran out, or fail on an integer of more than 4,300
digits, and either way answer 500. `read_json_body` serves the webargs parser
(`server.errors.JsonFirstParser`); `BoundedJsonProvider` serves `request.get_json()`.
"""

from flask.json.provider import DefaultJSONProvider
from webargs import core
from webargs.flaskparser import abort

from sync.codec import JsonRefused, parse_json


def read_json_body(request):
    """The parsed JSON body, `core.missing` when there is none; 400 saying why it is refused."""
    if not core.is_json(request.mimetype):
        return core.missing
    raw = request.get_data(cache=True)
    if not raw:
        return core.missing
    try:
        return parse_json(raw)
    except JsonRefused as error:
        abort(400, exc=error, message=str(error), errors={"json": [str(error)]})


class BoundedJsonProvider(DefaultJSONProvider):
    """Flask's JSON provider whose `loads` is the bounded reader (answers are unchanged)."""

    def loads(self, s, **kwargs):
        return parse_json(s)
