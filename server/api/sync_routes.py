"""`/api/v1/sync` — push and pull of the offline-first sync protocol (docs/sync.md).

The views are thin: check the schema version, decode the (compressed) body, call the sync
server half, encode the answer in the best encoding the device accepts. A request refused as
a whole (`SyncRequestError`) leaves in the one JSON error shape; per-mutation problems are
results inside a 200 answer, so one bad mutation never blocks a device's queue.
"""

from flask import Response, request
from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from server.api.headers import decimal_integer
from server.database.db import get_db
from server.errors import Blueprint
from server.identity.auth import ANYONE, current_actor, require_role
from sync.codec import PUSH_ZSTD_LEVEL, ZSTD_LEVEL, decode_body, encode_body
from sync.errors import SyncRequestError
from sync.server.pull import limit_refused, pull_page
from sync.server.push import apply_push
from sync.wire import PullAnswerSchema, PullArgsSchema, PushAnswerSchema, PushRequestSchema

#: The sync schema versions this server serves (first, last).
SCHEMA_VERSIONS = (1, 1)

blp = Blueprint(
    "sync",
    __name__,
    url_prefix="/api/v1/sync",
    description=(
        "Offline-first sync. Every request carries `X-Schema-Version` (426 outside the "
        "supported range). Bodies are JSON, optionally zstd- or gzip-compressed "
        "(`Content-Encoding`); answers are compressed as `Accept-Encoding` allows."
    ),
)

#: The header every sync request carries: the sync schema version the device speaks.
SCHEMA_VERSION_PARAMETER = {
    "name": "X-Schema-Version",
    "in": "header",
    "required": True,
    "description": "The sync schema version the device speaks; 426 when it is not served",
    "schema": {"type": "integer", "minimum": SCHEMA_VERSIONS[0], "maximum": SCHEMA_VERSIONS[1]},
}
#: Refusals of a sync request as a whole, in the one JSON error shape.
SYNC_REFUSALS = {
    "400": "BAD_REQUEST",
    "413": "REQUEST_ENTITY_TOO_LARGE",
    "426": "UPGRADE_REQUIRED",
}
PUSH_DOC = {
    "parameters": [SCHEMA_VERSION_PARAMETER],
    "requestBody": {
        "required": True,
        "description": "JSON, optionally compressed (Content-Encoding: zstd or gzip)",
        "content": {"application/json": {"schema": PushRequestSchema}},
    },
    "responses": {
        "200": {
            "description": "One result per mutation",
            "content": {"application/json": {"schema": PushAnswerSchema}},
        },
        **SYNC_REFUSALS,
        "415": "UNSUPPORTED_MEDIA_TYPE",
    },
}
PULL_DOC = {
    "parameters": [SCHEMA_VERSION_PARAMETER, {"in": "query", "schema": PullArgsSchema}],
    "responses": {
        "200": {
            "description": "One page of changes in the caller's buckets",
            "content": {"application/json": {"schema": PullAnswerSchema}},
            "headers": {
                "X-Sync-Cursor": {"schema": {"type": "string"}, "description": "The next cursor"},
                "X-Sync-Has-More": {"schema": {"type": "string", "enum": ["true", "false"]}},
            },
        },
        **SYNC_REFUSALS,
        "410": "GONE",
        "422": "UNPROCESSABLE_ENTITY",
    },
}


class UpgradeRequired(HTTPException):
    """426: the device speaks a sync schema version this server does not serve."""

    code = 426
    description = "This sync schema version is not served."


def schema_version_message(raw, first, last):
    """What the device shows a person when its sync schema version is not served."""
    shown = repr(raw[:20]) if raw else "(missing)"
    served = f"this server serves sync schema {first}..{last}; X-Schema-Version was {shown}"
    version = decimal_integer(raw)
    if version is not None and version > last:
        return f"The office server is older than this app ({served}); ask to update the server."
    return f"Update the app: {served}."


def check_schema_version():
    """426 unless `X-Schema-Version` names a version this server serves."""
    raw = request.headers.get("X-Schema-Version", "")
    first, last = SCHEMA_VERSIONS
    version = decimal_integer(raw)
    if version is None or not first <= version <= last:
        error = UpgradeRequired()
        error.data = {
            "message": schema_version_message(raw, first, last),
            "errors": {"supported": {"min": first, "max": last}},
        }
        raise error


def pull_limit():
    """The pull `limit` query parameter as an integer (None when absent); pull checks its range.

    MUST refuse with 422 naming `limit` anything but ASCII digits (`²`, thousands of digits).
    """
    raw = request.args.get("limit")
    if raw is None or raw == "":
        return None
    limit = decimal_integer(raw)
    if limit is None:
        raise limit_refused()
    return limit


def refuse(error):
    """Leave with a `SyncRequestError` in the one JSON error shape."""
    abort(error.status, message=error.message, errors=error.errors)


def encoded(answer, level=ZSTD_LEVEL):
    """A 200 response with the answer compressed as the device accepts (zstd at `level`)."""
    body, encoding = encode_body(answer, request.headers.get("Accept-Encoding"), level=level)
    response = Response(body, 200, mimetype="application/json")
    response.headers["Vary"] = "Accept-Encoding"
    if encoding:
        response.headers["Content-Encoding"] = encoding
    return response


@blp.route("/push", methods=["POST"])
@blp.doc(**PUSH_DOC)
@require_role(*ANYONE)
def push():
    """Apply a device's mutations in order, exactly once"""
    check_schema_version()
    try:
        body = decode_body(request.get_data(), request.headers.get("Content-Encoding"))
        return encoded(apply_push(get_db(), body, actor=current_actor()), PUSH_ZSTD_LEVEL)
    except SyncRequestError as error:
        refuse(error)


@blp.route("/pull", methods=["GET"])
@blp.doc(**PULL_DOC)
@require_role(*ANYONE)
def pull():
    """One page of the changes in the caller's buckets after a cursor"""
    check_schema_version()
    cursor = request.args.get("cursor") or None
    try:
        page = pull_page(get_db(), actor=current_actor(), cursor=cursor, limit=pull_limit())
    except SyncRequestError as error:
        refuse(error)
    response = encoded(page.body)
    # The next cursor also travels as headers, so a device can ask for the next page
    # before it has parsed this one.
    response.headers["X-Sync-Cursor"] = page.cursor
    response.headers["X-Sync-Has-More"] = "true" if page.has_more else "false"
    return response
