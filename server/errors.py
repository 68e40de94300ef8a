"""One JSON error shape for every error the server returns.

Every error — from `abort`, from webargs validation, from Werkzeug (404, 405, 413) or an
unhandled exception (500) — leaves as `{"code", "status", "message", "errors"}`. A 500 never
carries a stack trace (Flask logs it). `VerifieldApi` is flask-smorest's `Api` with that
handler; `Blueprint` is flask-smorest's with a parser whose malformed-JSON error is a 400 the
user can act on.

    >>> from werkzeug.exceptions import NotFound
    >>> error_payload(NotFound())["status"]
    'Not Found'
"""

import flask_smorest
from webargs.flaskparser import FlaskParser, abort

#: A 422's message when the schema said what was wrong field by field.
VALIDATION_MESSAGE = "The request has invalid fields: see `errors`."


def _summary(errors):
    """A one-line summary naming the fields that are wrong."""
    fields = []
    for location, messages in errors.items():
        if isinstance(messages, dict):
            fields.extend(str(name) for name in messages)
        else:
            fields.append(str(location))
    return f"Invalid input in: {', '.join(fields)}." if fields else VALIDATION_MESSAGE


def error_payload(error):
    """The JSON body of an `HTTPException` (with webargs' `data`, if any)."""
    data = getattr(error, "data", None) or {}
    errors = data.get("errors", data.get("messages", {})) or {}
    message = data.get("message")
    if message is None:
        message = _summary(errors) if errors else error.description
    return {"code": error.code, "status": error.name, "message": message, "errors": errors}


class VerifieldApi(flask_smorest.Api):
    """flask-smorest's Api whose error handler always fills `message` and `errors`."""

    def handle_http_exception(self, error):
        """Turn any HTTPException (a 500 included) into the JSON error shape."""
        headers = (getattr(error, "data", None) or {}).get("headers", {})
        if error.code == 405 and error.valid_methods:
            headers = {**headers, "Allow": ", ".join(error.valid_methods)}
        if error.code == 401:
            headers = {**headers, "WWW-Authenticate": "Bearer"}
        return error_payload(error), error.code, headers


class JsonFirstParser(FlaskParser):
    """webargs' Flask parser with a malformed-JSON error that says what went wrong."""

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        detail = str(error)
        abort(
            400,
            exc=error,
            message=f"The request body is not valid JSON ({detail}).",
            errors={"json": [f"Invalid JSON body: {detail}."]},
        )


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest Blueprint that parses with `JsonFirstParser`."""

    ARGUMENTS_PARSER = JsonFirstParser()
