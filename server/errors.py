"""One JSON error shape for every error the server returns under `/api`.

Every error there — from `abort`, from webargs validation, from Werkzeug (404, 405, 413) or an
unhandled exception (500) — leaves as `{"code", "status", "message", "errors"}`; elsewhere (the
HTML pages) as a small HTML page (`server.error_pages`). A 500 never carries a stack trace
(Flask logs it). `VerifieldApi` is flask-smorest's `Api` with that handler; `Blueprint` is
flask-smorest's with a parser whose malformed-JSON error is a 400 the user can act on.

The OpenAPI document lists, for each operation, the errors it can answer — no catch-all
`default`: 401 and 403 where a token is needed, 400 and 413 where a JSON body is read, 422
where arguments are validated (flask-smorest's own), and what a view declares with
`@blp.refuses(...)` (404, 409, 412, 428...).

    >>> from werkzeug.exceptions import NotFound
    >>> error_payload(NotFound())["status"]
    'Not Found'
"""

from http import HTTPStatus

import flask_smorest
from flask import request
from flask_smorest.pagination import PaginationMetadataSchema
from webargs.flaskparser import FlaskParser, abort

from server.api.record_schemas import register_domain_fields
from server.error_pages import error_page, is_api_path
from server.json_body import BoundedJsonProvider, read_json_body
from server.security_headers import add_security_headers

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
    """flask-smorest's Api whose error handler always fills `message` and `errors`.

    It also reads request JSON with the bounded reader and adds the security headers to
    every answer of the app.
    """

    #: Every error an operation answers is listed with it; there is no catch-all.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def init_app(self, app, *args, **kwargs):
        app.json = BoundedJsonProvider(app)
        app.after_request(add_security_headers)
        super().init_app(app, *args, **kwargs)
        register_domain_fields(self)

    def _register_pagination_header(self):
        """`X-Pagination` carries JSON: declare it as a header with JSON content."""
        self.spec.components.header(
            "PAGINATION",
            {
                "description": "Paging of the list: total, pages, this page and its neighbours",
                "content": {"application/json": {"schema": PaginationMetadataSchema}},
            },
            lazy=True,
        )

    def handle_http_exception(self, error):
        """Turn any HTTPException (a 500 included) into the JSON error shape, or outside
        `/api` into an HTML page."""
        headers = (getattr(error, "data", None) or {}).get("headers", {})
        if error.code == 405 and error.valid_methods:
            headers = {**headers, "Allow": ", ".join(error.valid_methods)}
        if error.code == 401:
            headers = {**headers, "WWW-Authenticate": "Bearer"}
        if not is_api_path(request.path):
            return error_page(error, headers)
        return error_payload(error), error.code, headers


class JsonFirstParser(FlaskParser):
    """webargs' Flask parser reading bodies with the bounded reader (`server.json_body`)."""

    def load_json(self, req, schema):
        return read_json_body(req)

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        """A schema's `PRECONDITION_STATUS` (428) when all it misses is a required header."""
        status = getattr(schema, "PRECONDITION_STATUS", None)
        missing = _missing_headers(error.messages, schema)
        if status and missing:
            abort(status, exc=error, message=" ".join(missing), errors=error.messages)
        super().handle_error(
            error, req, schema, error_status_code=error_status_code, error_headers=error_headers
        )


def _missing_headers(messages, schema):
    """The messages of required headers that are absent, if that is all that is wrong."""
    required = {field.error_messages["required"] for field in schema.fields.values()}
    if set(messages) != {"headers"}:
        return []
    found = [text for texts in messages["headers"].values() for text in texts]
    return sorted(set(found)) if found and set(found) <= required else []


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest Blueprint that parses with `JsonFirstParser` and documents every error."""

    ARGUMENTS_PARSER = JsonFirstParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_refusals_doc)

    def refuses(self, *codes):
        """Decorator documenting the error answers (status codes) a view gives."""

        def decorator(func):
            for code in codes:
                func = self.alt_response(code, response=HTTPStatus(code).name)(func)
            return func

        return decorator

    @staticmethod
    def _prepare_refusals_doc(doc, doc_info, **kwargs):
        """Add the errors every operation of its kind can answer."""
        codes = []
        if doc_info.get("manual_doc", {}).get("security"):
            codes += [401, 403]
        if "requestBody" in doc:
            codes += [400, 413]
        responses = doc.setdefault("responses", {})
        for code in codes:
            responses.setdefault(code, HTTPStatus(code).name)
        return doc
