"""Each collection's request and response schemas, made from its domain schema.

The domain schema (`domain.records.SCHEMAS`) is the one definition of a record; the OpenAPI
document shows it as it is. For every collection served over REST:

- `create_body(collection)` — the `POST` body: the domain fields (`id` optional: the server
  makes one when it is absent);
- `change_body(collection)` — the `PATCH` body: the same fields, none required;
- `record_out(collection)` — a record as the API answers it: the domain fields plus the sync
  envelope `version`, `deleted`, `updated_seq`, and `incomplete` where the record can name
  attachments (`sync.server.attachments`).

A body is handed on as it came (`DomainBody.load`): the domain schema itself validates it in
`server.records.store`, with a message per field, so no field is checked by two different rules.
Fields the API adds to a domain record (a user's password) are loaded here, by the body's
`API_SCHEMA`; an `id` sent with a create is checked here, so a bad one is refused rather than
replaced. Answers are stored records, already what the domain loaded: `RecordOutBase.dump`
passes them through unchanged.

    >>> {"plate", "version", "deleted", "updated_seq"} <= set(record_out("vehicles")().fields)
    True
"""

import functools

import marshmallow as ma
from marshmallow import fields

from domain.records import COLLECTIONS, SCHEMAS
from domain.records.base import (
    IsoDate,
    IsoDateTime,
    JsonObject,
    Sha256Hex,
    StrictBoolean,
    StrictInteger,
    UuidString,
)
from domain.relations import RESULT_COLLECTIONS
from sync.server.attachments import BLOB_FIELDS

#: Collections whose records the REST API creates or answers: all but what is recorded on
#: site (results) or written by the server (conflicts, audit entries), which only sync carries.
REST_COLLECTIONS = tuple(
    c for c in COLLECTIONS if c not in (*RESULT_COLLECTIONS, "conflicts", "audit_entries")
)
#: OpenAPI types of the domain's own field classes (`Api.register_field`).
FIELD_TYPES = (
    (UuidString, "string", "uuid"),
    (Sha256Hex, "string", None),
    (IsoDate, "string", "date"),
    (IsoDateTime, "string", "date-time"),
    (StrictInteger, "integer", "int64"),
    (StrictBoolean, "boolean", None),
    (JsonObject, "object", None),
)
#: JSON Schema keywords the domain fields check beyond their type.
_PATTERNS = {
    UuidString: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    Sha256Hex: "^[0-9a-f]{64}$",
}


def register_domain_fields(api):
    """Teach the Api's spec the domain field classes: types, formats and patterns."""
    for field_class, openapi_type, openapi_format in FIELD_TYPES:
        api.register_field(field_class, openapi_type, openapi_format)
    api.ma_plugin.converter.add_attribute_function(domain_field_keywords)


def domain_field_keywords(converter, field, **kwargs):
    """Extra JSON Schema keywords of a domain field: its pattern, the length of a datetime."""
    keywords = {}
    for field_class, pattern in _PATTERNS.items():
        if isinstance(field, field_class):
            keywords["pattern"] = pattern
    if isinstance(field, IsoDateTime):
        keywords["minLength"] = 16  # 'YYYY-MM-DDTHH:MM' at least
    if isinstance(field, JsonObject) and "description" not in field.metadata:
        keywords["description"] = (
            f"A JSON object nested at most {field.max_depth} levels (itself the first), "
            f"holding at most {field.max_values} values"
        )
    return keywords


class DomainBody(ma.Schema):
    """A request body documented by a domain schema and validated by it in `server.records.store`.

    `load` checks only that the body is a JSON object, loads the fields the API adds
    (`API_SCHEMA`) and hands the domain fields on as they came.
    """

    API_SCHEMA = None
    #: Whether an `id` the client sends is checked here (a create: the server makes one only
    #: when none is sent, never in place of a bad one).
    CHECKS_SENT_ID = False

    def load(self, data, *, many=None, partial=None, unknown=None):
        if not isinstance(data, dict):
            raise ma.ValidationError({"_schema": ["Send the record's fields as a JSON object."]})
        if self.CHECKS_SENT_ID and "id" in data:
            try:
                UuidString().deserialize(data["id"])
            except ma.ValidationError as error:
                raise ma.ValidationError({"id": error.messages}) from error
        if self.API_SCHEMA is None:
            return dict(data)
        api_schema = self.API_SCHEMA(partial=self.partial)
        own = {name: data[name] for name in api_schema.fields if name in data}
        domain = {name: value for name, value in data.items() if name not in api_schema.fields}
        return {**domain, **api_schema.load(own)}


class RecordOutBase(ma.Schema):
    """A stored record in its sync shape; dumped as stored (the domain loaded it)."""

    def dump(self, obj, *, many=None):
        return list(obj) if (self.many if many is None else many) else obj


def _name(collection):
    return "".join(part.title() for part in collection.split("_")).removesuffix("s")


def _envelope(domain_schema):
    """The sync envelope fields of an answer (`incomplete` where attachments can be named)."""
    envelope = {
        "version": fields.Integer(
            required=True, metadata={"description": "Changes with every write; send as If-Match"}
        ),
        "deleted": fields.Boolean(required=True),
        "updated_seq": fields.Integer(
            required=True, metadata={"description": "Position in the server's change log"}
        ),
    }
    if set(BLOB_FIELDS) & set(domain_schema._declared_fields):
        envelope["incomplete"] = fields.Boolean(
            metadata={"description": "Present (true) while an attachment is not on the server"}
        )
    return envelope


@functools.cache
def create_body(collection, api_schema=None):
    """The schema class of a `POST` body of `collection`."""
    domain_schema = SCHEMAS[collection]
    attrs = {
        "id": UuidString(metadata={"description": "Made by the server when absent"}),
        "API_SCHEMA": api_schema,
        "CHECKS_SENT_ID": True,
        **(api_schema._declared_fields if api_schema else {}),
    }
    return type(f"{_name(collection)}Create", (DomainBody, domain_schema), attrs)


@functools.cache
def change_body(collection, api_schema=None):
    """The schema class of a `PATCH` body of `collection` (instantiate with `partial=True`)."""
    attrs = {"API_SCHEMA": api_schema, **(api_schema._declared_fields if api_schema else {})}
    return type(f"{_name(collection)}Change", (DomainBody, SCHEMAS[collection]), attrs)


@functools.cache
def record_out(collection):
    """The schema class of a record of `collection` as the API answers it."""
    domain_schema = SCHEMAS[collection]
    name = f"{_name(collection)}Record"
    return type(name, (RecordOutBase, domain_schema), _envelope(domain_schema))
