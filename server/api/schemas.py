"""Request and response schemas shared by the API blueprints.

Record bodies and answers have schemas made from the domain's (`server.api.record_schemas`),
so the domain package stays the one definition of a record; these schemas cover what is the
API's own: query filters, the `If-Match` header, login, transitions, assignments, devices,
audit entries and the server's facts (`Meta`).

    >>> VersionHeader().load({"If-Match": 'W/"3"'})
    {'version': 3}
"""

import marshmallow as ma
from marshmallow import fields, validate

from domain.access import ROLES
from domain.job_states import JobStatus
from server.api.headers import decimal_integer
from server.api.record_schemas import record_out
from server.identity.users import MIN_PASSWORD_LENGTH

PASSWORD_LENGTH = validate.Length(min=MIN_PASSWORD_LENGTH, max=1000)
#: The longest `q` text search a list takes (characters).
MAX_QUERY_TEXT = 200


#: What a change sent without `If-Match` is told, with 428 Precondition Required.
IF_MATCH_REQUIRED = (
    "Send If-Match with the version of the record you changed (its ETag, e.g. If-Match: "
    '"3"): read the record first, so a change never overwrites one you have not seen.'
)


class VersionField(fields.String):
    """An entity tag holding a record version: `3`, `"3"` or `W/"3"` (digits 0-9 only)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value).strip().removeprefix("W/").strip('"')
        version = decimal_integer(text)
        if version is None:
            raise ma.ValidationError(
                'If-Match must be a record version (its ETag), e.g. "3" or W/"3".'
            )
        return version


class VersionHeader(ma.Schema):
    """The `If-Match` header a change must carry: the version (ETag) the client edited.

    Missing, it is a 428 (`PRECONDITION_STATUS`, see `server.errors.JsonFirstParser`); of
    an older version than the stored one, a 412.
    """

    PRECONDITION_STATUS = 428

    version = VersionField(
        data_key="If-Match",
        required=True,
        error_messages={"required": IF_MATCH_REQUIRED},
        metadata={
            "description": 'The version (ETag) of the record the change was made on, e.g. "3"',
            "pattern": r'^(W/)?"?[0-9]{1,18}"?$',
        },
    )


class TextFilter(ma.Schema):
    """Filters every list accepts."""

    q = fields.String(
        validate=validate.Length(max=MAX_QUERY_TEXT),
        metadata={"description": "Text search (name, serial, number...)"},
    )


class OfficeFilter(TextFilter):
    """Filters of offices (and of records that belong to an office)."""

    office_id = fields.UUID()


class UserFilter(OfficeFilter):
    role = fields.String(validate=validate.OneOf(ROLES))


class SiteFilter(OfficeFilter):
    firm_id = fields.UUID()
    kind = fields.String()


class InstrumentFilter(OfficeFilter):
    site_id = fields.UUID()
    type = fields.String()
    due_before = fields.Date(metadata={"description": "Due date before this day"})
    due_after = fields.Date(metadata={"description": "Due date on or after this day"})


class JobFilter(OfficeFilter):
    site_id = fields.UUID()
    kind = fields.String()
    status = fields.String()
    needs_review = fields.Boolean(metadata={"description": "Only jobs flagged (or not) for review"})
    due_before = fields.DateTime(metadata={"description": "Requested window ends before"})


class AssignmentFilter(OfficeFilter):
    job_id = fields.UUID()
    date = fields.Date()


class AuditFilter(ma.Schema):
    user_id = fields.String()
    device_id = fields.String()
    action = fields.String()
    collection = fields.String()
    record_id = fields.String()
    since = fields.AwareDateTime(default_timezone=None)


class AuditEntry(ma.Schema):
    id = fields.Integer()
    at = fields.String()
    user_id = fields.String(allow_none=True)
    device_id = fields.String(allow_none=True)
    action = fields.String()
    collection = fields.String(allow_none=True)
    record_id = fields.String(allow_none=True)
    changes = fields.Dict(metadata={"description": "field -> [old, new]"})


class LoginRequest(ma.Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=100))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    device_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    device_name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class LoginUser(ma.Schema):
    id = fields.String()
    username = fields.String()
    role = fields.String()
    office_id = fields.String(allow_none=True)


class LoginResponse(ma.Schema):
    token = fields.String()
    expires_at = fields.String()
    user = fields.Nested(LoginUser)


class DeviceFilter(ma.Schema):
    user_id = fields.String()
    device_id = fields.String()


class DeviceToken(ma.Schema):
    device_id = fields.String()
    device_name = fields.String(allow_none=True)
    user_id = fields.String()
    username = fields.String()
    created_at = fields.String()
    expires_at = fields.String()
    revoked_at = fields.String(allow_none=True)
    active = fields.Boolean()


class RevokeResult(ma.Schema):
    device_id = fields.String()
    revoked = fields.Integer(metadata={"description": "How many live tokens were revoked"})


class UnpairResult(RevokeResult):
    unpaired_user_id = fields.String(
        allow_none=True,
        metadata={"description": "The user the device was paired with (null: none)"},
    )


class NewPassword(ma.Schema):
    """What a new user's body holds beside the user's record: the initial password."""

    password = fields.String(
        required=True,
        validate=PASSWORD_LENGTH,
        load_only=True,
        metadata={"description": "Stored only as an argon2 hash; never answered or synced"},
    )


class ChangedPassword(ma.Schema):
    """What a change to a user may hold beside the record's fields: a new password."""

    password = fields.String(
        validate=PASSWORD_LENGTH, load_only=True, metadata={"description": "Sets a new password"}
    )


class TransitionRequest(ma.Schema):
    to = fields.String(
        required=True,
        validate=validate.OneOf([status.value for status in JobStatus]),
        metadata={"description": "The target job status"},
    )


class AssignmentRequest(ma.Schema):
    inspector_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1))
    vehicle_id = fields.UUID(allow_none=True, load_default=None)
    date = fields.Date(required=True)
    planned_start = fields.String(
        allow_none=True,
        load_default=None,
        metadata={"description": "Time of day ('09:30') or ISO datetime; naive is UTC+08:00"},
    )
    route_order = fields.Integer(load_default=None, validate=validate.Range(min=0))
    locked = fields.Boolean(load_default=False)


class JobAssignment(ma.Schema):
    """The answer of an assignment: the job (scheduled if it was requested) and its assignment."""

    job = fields.Nested(record_out("jobs"), required=True)
    assignment = fields.Nested(record_out("assignments"), required=True)


def _count(description):
    return fields.Integer(required=True, metadata={"description": description})


class Meta(ma.Schema):
    """The server's facts and limits, public (a device reads them before logging in)."""

    epoch = fields.String(required=True)
    api_version = fields.String(required=True)
    max_page_size = _count("REST lists: the largest `page_size`")
    default_page_size = _count("REST lists: the `page_size` when none is asked for")
    max_content_length = _count("The largest request body, in bytes, as sent (compressed)")
    pull_default_limit = _count("Sync pull: changes per page when no `limit` is asked for")
    pull_max_limit = _count("Sync pull: the largest `limit`")
    push_max_mutations = _count("Sync push: the most mutations in one push")
    sync_max_body_bytes = _count("Sync: the largest push body once decompressed, in bytes")
    max_blob_bytes = _count("The largest attachment (blob), in bytes")
    token_ttl_seconds = _count("How long a login token lives")
    roles = fields.List(fields.String(), required=True)
