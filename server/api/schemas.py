"""Request and response schemas shared by the API blueprints.

Record bodies are taken as JSON objects (`RecordBody`) and checked against the collection's
domain schema in `server.store`, so the domain package stays the one definition of a record;
these schemas cover what is the API's own: query filters, the `If-Match` header, login,
transitions, assignments, devices and audit entries.

    >>> VersionHeader().load({"If-Match": 'W/"3"'})
    {'version': 3}
"""

import marshmallow as ma
from marshmallow import fields, validate

from server.users import MIN_PASSWORD_LENGTH

PASSWORD_LENGTH = validate.Length(min=MIN_PASSWORD_LENGTH, max=1000)


class RecordBody(ma.Schema):
    """A record's domain fields, as a JSON object (validated by the domain schema)."""

    class Meta:
        unknown = ma.INCLUDE


class RecordOut(ma.Schema):
    """A record in its sync shape: `id`, domain fields, `version`, `deleted`, `updated_seq`."""

    class Meta:
        unknown = ma.INCLUDE

    id = fields.String()
    version = fields.Integer()
    deleted = fields.Boolean()
    updated_seq = fields.Integer()

    @ma.post_dump(pass_original=True)
    def keep_domain_fields(self, data, original, **kwargs):
        """Pass the domain fields through as stored (the domain schema defines them)."""
        return {**original, **data}


class VersionField(fields.Field):
    """An entity tag holding a record version: `3`, `"3"` or `W/"3"`."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value).strip().removeprefix("W/").strip('"')
        if not text.isdigit():
            raise ma.ValidationError('Must be a record version, e.g. "3".')
        return int(text)


class VersionHeader(ma.Schema):
    """The optional `If-Match` header of a change: the version the client edited."""

    version = VersionField(data_key="If-Match", load_default=None)


class TextFilter(ma.Schema):
    """Filters every list accepts."""

    q = fields.String(metadata={"description": "Text search (name, serial, number...)"})


class OfficeFilter(TextFilter):
    """Filters of offices (and of records that belong to an office)."""

    office_id = fields.UUID()


class UserFilter(OfficeFilter):
    role = fields.String(validate=validate.OneOf(["inspector", "dispatcher", "admin"]))


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


class NewUserBody(RecordBody):
    """A user's public fields plus the initial password (stored only as an argon2 hash)."""

    password = fields.String(
        required=True, validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=1000)
    )


class UserChangeBody(RecordBody):
    """A change to a user; `password` (optional) sets a new one."""

    password = fields.String(validate=PASSWORD_LENGTH)


class TransitionRequest(ma.Schema):
    to = fields.String(required=True, metadata={"description": "The target job status"})


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


class Meta(ma.Schema):
    epoch = fields.String()
    api_version = fields.String()
    max_page_size = fields.Integer()
    default_page_size = fields.Integer()
    max_content_length = fields.Integer()
    token_ttl_seconds = fields.Integer()
    roles = fields.List(fields.String())
