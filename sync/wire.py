"""Marshmallow schemas of what travels on the sync wire (SYNC-PROTOCOL §2 and §3).

Push is read in two steps so that one bad mutation never blocks the queue:
`load_push_request(body)` checks the envelope — `device_id` and, per mutation, only its
`mutation_id` — and refuses the request as a whole (400) when that fails; `load_mutation(raw)`
then checks each mutation's other fields, and a mutation that fails there is answered
`rejected` with code `validation` and the per-field messages. `PushRequestSchema` is the
full shape, and `PullArgsSchema` the pull query string (`limit`: 1..`MAX_LIMIT` changes,
`DEFAULT_LIMIT` when absent), for the API's documentation. Unknown keys are ignored on the
envelope and the mutation (newer clients may send more); unknown *record* fields are refused
by the domain.

    >>> load_push_request({"device_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
    ...                    "mutations": [{"mutation_id": 1}]})["mutations"][0]["mutation_id"]
    1
"""

from marshmallow import (
    EXCLUDE,
    INCLUDE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from domain.records import OPS, SCHEMAS
from domain.records.base import JsonObject, StrictBoolean, StrictInteger, UuidString
from domain.records.fast_load import fast_loader
from sync.errors import SyncRequestError

STATUSES = ("applied", "merged", "conflict", "rejected", "retry")
#: Changes in a pull page when the device asks for no `limit`, and the most it may ask for.
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000


class MutationIdSchema(Schema):
    """What the envelope needs of a mutation: its per-device id (the rest is kept as sent)."""

    class Meta:
        unknown = INCLUDE

    mutation_id = StrictInteger(required=True, validate=validate.Range(min=1))


class PushEnvelopeSchema(Schema):
    """The push body as far as it must be valid for the request to be read at all."""

    class Meta:
        unknown = EXCLUDE

    device_id = UuidString(required=True)
    mutations = fields.List(fields.Nested(MutationIdSchema), required=True)


class MutationSchema(Schema):
    """One mutation: a create, update (changed fields only) or delete of one record."""

    class Meta:
        unknown = EXCLUDE

    mutation_id = StrictInteger(required=True, validate=validate.Range(min=1))
    collection = fields.String(required=True, validate=validate.OneOf(sorted(SCHEMAS)))
    record_id = UuidString(required=True)
    op = fields.String(required=True, validate=validate.OneOf(OPS))
    base_version = StrictInteger(allow_none=True, load_default=None, validate=validate.Range(min=1))
    # a record's fields: each is bounded by the collection's domain schema, not walked here
    fields = JsonObject(load_default=dict, max_depth=None)

    @validates_schema
    def edits_name_their_base(self, data, **kwargs):
        if data.get("op") in ("update", "delete") and data.get("base_version") is None:
            raise ValidationError(
                "An update or delete must carry the version it was made on.",
                field_name="base_version",
            )


class PushRequestSchema(PushEnvelopeSchema):
    """The full push body (SYNC-PROTOCOL §2), for documentation."""

    mutations = fields.List(fields.Nested(MutationSchema), required=True)


class MutationErrorSchema(Schema):
    """Why a mutation was rejected: a code, a message people can act on, per-field messages."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class MutationResultSchema(Schema):
    """The outcome of one mutation."""

    mutation_id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    record = fields.Dict(allow_none=True)
    error = fields.Nested(MutationErrorSchema, allow_none=True)


class PushAnswerSchema(Schema):
    """The push answer: the epoch, the device's last applied mutation id, one result each."""

    epoch = fields.String(required=True)
    last_mutation_id = fields.Integer(required=True)
    results = fields.List(fields.Nested(MutationResultSchema), required=True)


class ChangeSchema(Schema):
    """One change of a pull page: a record's current state, or `removed: true`."""

    collection = fields.String(required=True)
    id = fields.String(required=True)
    version = fields.Integer()
    deleted = StrictBoolean()
    data = fields.Dict()
    removed = StrictBoolean()


class PullAnswerSchema(Schema):
    """A pull page (SYNC-PROTOCOL §3)."""

    epoch = fields.String(required=True)
    cursor = fields.String(required=True)
    has_more = fields.Boolean(required=True)
    remaining = fields.Integer(required=True)
    changes = fields.List(fields.Nested(ChangeSchema), required=True)


class PullArgsSchema(Schema):
    """The pull query string (SYNC-PROTOCOL §3), for documentation: an opaque `cursor` and a
    page `limit` (1..MAX_LIMIT). The pull route reads them itself (`sync.server.pull`), so
    that a bad one is refused in the sync protocol's words."""

    class Meta:
        unknown = EXCLUDE

    cursor = fields.String()
    limit = fields.Integer(
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Changes per page (default {DEFAULT_LIMIT})"},
    )


# Schema instances are reused: building one deep-copies its fields (about half the cost
# of loading a mutation), and loading keeps no state on the instance.
_LOAD_PUSH_ENVELOPE = fast_loader(PushEnvelopeSchema())
_LOAD_MUTATION = fast_loader(MutationSchema())


def load_push_request(body):
    """The push envelope, or `SyncRequestError(400)` with per-field messages.

    MUST NOT look at a mutation beyond its `mutation_id`: the rest is judged one by one.
    """
    if not isinstance(body, dict):
        raise SyncRequestError(400, "A push body must be a JSON object.")
    try:
        return _LOAD_PUSH_ENVELOPE(body)
    except ValidationError as error:
        raise SyncRequestError(400, "Malformed push request.", error.messages) from error


def load_mutation(raw):
    """(mutation, None) when `raw` is a well-formed mutation, else (None, {field: [msg]})."""
    try:
        return _LOAD_MUTATION(raw), None
    except ValidationError as error:
        messages = {
            key: value if isinstance(value, list) else [str(value)]
            for key, value in error.messages.items()
        }
        return None, messages
