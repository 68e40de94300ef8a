"""Field types shared by every record schema, and the base schema itself.

Records travel as JSON between tablet and server, so every field here loads to a JSON-friendly
value: ids stay lower-case UUID *strings*, dates and datetimes stay ISO 8601 *strings* (checked
and normalised, not turned into objects), numbers refuse numeric strings and booleans refuse
``"yes"``/``1``. A value that loads is therefore already what the store and the wire carry.

Naive datetimes (no UTC offset) are read as Taiwan time, UTC+08:00 — the only zone the branch
works in, with no daylight saving — and are normalised with the offset written out, so two
datetimes in one record can always be compared.
"""

import datetime as dt
import re

from marshmallow import Schema, ValidationError, fields, validate

TAIWAN_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Taipei")

_UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")

#: The deepest a free-form object (`JsonObject`) nests objects and arrays, itself included.
MAX_OBJECT_DEPTH = 8
#: The most values a free-form object holds at all levels.
MAX_OBJECT_VALUES = 10_000
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: The sync envelope: what the server keeps beside a record's domain fields and sets itself
#: (never a schema field, never accepted from a client).
ENVELOPE = ("version", "deleted", "updated_seq")


class UuidString(fields.String):
    """A lower-case, hyphenated UUID kept as a string (ids are created on devices)."""

    default_error_messages = {
        "upper_case": "Not a valid id: UUIDs must be lower-case.",
        "invalid_uuid": (
            "Not a valid id: expected a lower-case UUID such as "
            "'0f8fad5b-d9cb-469f-a165-70867728950e'."
        ),
    }

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if _UUID_PATTERN.match(text):
            return text
        if _UUID_PATTERN.match(text.lower()):
            raise self.make_error("upper_case")
        raise self.make_error("invalid_uuid")


class Sha256Hex(fields.String):
    """The SHA-256 of an attachment's bytes: 64 lower-case hex digits (the blob's address)."""

    default_error_messages = {
        "invalid_hash": "Not a valid SHA-256: expected 64 lower-case hex digits.",
    }

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not _SHA256_PATTERN.match(text):
            raise self.make_error("invalid_hash")
        return text


class StrictInteger(fields.Integer):
    """A 64-bit integer that refuses strings, floats and booleans (SQLite and the wire carry
    integers of at most 64 bits)."""

    default_error_messages = {
        "invalid": "Not a valid integer.",
        "too_large": "Not a valid integer: beyond the 64-bit range.",
    }

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        value = super()._validated(value)
        if not INT64_MIN <= value <= INT64_MAX:
            raise self.make_error("too_large")
        return value


class Number(fields.Float):
    """A finite number (int or float) that refuses strings and booleans."""

    default_error_messages = {
        "invalid": "Not a valid number.",
        "too_large": "Not a valid number: too large.",
    }

    def _validated(self, value):
        if isinstance(value, bool | str):
            raise self.make_error("invalid", input=value)
        try:
            return super()._validated(value)
        except OverflowError as error:  # an int past the float range
            raise self.make_error("too_large") from error


class StrictBoolean(fields.Boolean):
    """``true`` or ``false`` only — ``1``, ``"yes"`` and ``"true"`` are refused."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class JsonObject(fields.Dict):
    """A JSON object whose values are kept as they came (the keys of JSON are always text).

    Checks the shape — a dict with text keys, nested at most ``max_depth`` levels of objects
    and arrays (the object itself is the first) and holding at most ``max_values`` values at
    all levels — and copies it shallowly; what its values mean is checked where they are used
    (e.g. a check's readings by the tolerance engine). Cheaper than
    `fields.Dict(keys=fields.String())`, which loads every key through a field.
    ``max_depth=None`` skips the walk, for an object whose values are bounded one by one
    elsewhere (a mutation's record fields, each loaded by its collection's schema).
    """

    default_error_messages = {
        "invalid": "Not a valid object: expected names with their values.",
        "too_deep": "Nested too deep: at most {max_depth} levels of objects and arrays.",
        "too_large": "Too large: at most {max_values} values in all.",
    }

    def __init__(self, *, max_depth=MAX_OBJECT_DEPTH, max_values=MAX_OBJECT_VALUES, **kwargs):
        super().__init__(**kwargs)
        self.max_depth, self.max_values = max_depth, max_values

    def _deserialize(self, value, attr, data, **kwargs) -> dict:
        if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
            raise self.make_error("invalid")
        if self.max_depth is None:  # bounded elsewhere (e.g. field by field by its schema)
            return dict(value)
        depth, count = json_extent(value, self.max_depth, self.max_values)
        if depth > self.max_depth:
            raise self.make_error("too_deep", max_depth=self.max_depth)
        if count > self.max_values:
            raise self.make_error("too_large", max_values=self.max_values)
        return dict(value)


def json_extent(value, max_depth, max_values) -> tuple[int, int]:
    """How deep ``value`` nests objects and arrays, and how many values it holds, counted
    until either passes its bound (without recursion).

    >>> json_extent({"a": [1, {"b": 2}]}, 8, 100)
    (3, 4)
    """
    depth, count, stack = 1, 0, [(value, 1)]
    while stack:
        container, level = stack.pop()
        items = container.values() if type(container) is dict else container
        count += len(items)
        nested = [item for item in items if type(item) in _CONTAINERS]
        if nested:
            depth = max(depth, level + 1)
            stack.extend((item, level + 1) for item in nested)
        if depth > max_depth or count > max_values:
            return depth, count
    return depth, count


_CONTAINERS = (dict, list)


class IsoDate(fields.Field):
    """A calendar date as an ISO string ``YYYY-MM-DD``; loads and dumps as that string."""

    default_error_messages = {
        "invalid": "Not a valid date: expected YYYY-MM-DD, e.g. '2024-05-01'.",
    }

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
            raise self.make_error("invalid")
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError as error:
            raise self.make_error("invalid") from error

    def _serialize(self, value, attr, obj, **kwargs) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return value.isoformat()


class IsoDateTime(fields.Field):
    """A moment as an ISO 8601 string with its UTC offset (naive input is read as UTC+08:00)."""

    default_error_messages = {
        "invalid": ("Not a valid datetime: expected ISO 8601 such as '2024-05-01T09:30:00+08:00'."),
    }

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return to_aware_datetime(self._parse(value)).isoformat()

    def _parse(self, value) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        if not isinstance(value, str) or len(value) < 16:  # at least 'YYYY-MM-DDTHH:MM'
            raise self.make_error("invalid")
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise self.make_error("invalid") from error

    def _serialize(self, value, attr, obj, **kwargs) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return to_aware_datetime(value).isoformat()


def to_aware_datetime(value: dt.datetime) -> dt.datetime:
    """Give a naive datetime the branch's zone (UTC+08:00); leave an aware one as it is."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TAIWAN_TIME)
    return value


def parse_datetime(text: str) -> dt.datetime:
    """Parse a datetime string as the schemas do, e.g. to compare two loaded datetimes."""
    return to_aware_datetime(dt.datetime.fromisoformat(text))


def free_text(*, required: bool = False, max_length: int = 2000, **kwargs) -> fields.String:
    """A free-text field; a required one must not be empty."""
    minimum = 1 if required else 0
    return fields.String(
        required=required,
        allow_none=not required,
        validate=validate.Length(min=minimum, max=max_length),
        **kwargs,
    )


def choice(values, *, required: bool = False, **kwargs) -> fields.String:
    """A string that must be one of ``values`` (message lists them).

    Optional choices accept ``null`` unless they have a default (a status is never null).
    """
    nullable = not required and "load_default" not in kwargs
    return fields.String(
        required=required, allow_none=nullable, validate=validate.OneOf(values), **kwargs
    )


def reference(*, required: bool = False) -> UuidString:
    """The id of another record."""
    return UuidString(required=required, allow_none=not required)


def id_list() -> fields.List:
    """A list of record ids; empty when absent."""
    return fields.List(UuidString(), load_default=list)


def choice_list(values) -> fields.List:
    """A list of strings from a fixed vocabulary; empty when absent."""
    return fields.List(fields.String(validate=validate.OneOf(values)), load_default=list)


def email(*, required: bool = False) -> fields.Email:
    return fields.Email(required=required, allow_none=not required)


def phone(*, required: bool = False) -> fields.String:
    """A phone number as people write it: digits with +, spaces, dashes, brackets or '#'."""
    return fields.String(
        required=required,
        allow_none=not required,
        validate=validate.Regexp(
            r"^\+?[0-9][0-9 ()\-#]{4,29}$",
            error="Not a valid phone number: use digits, optionally with + - ( ) # or spaces.",
        ),
    )


def latitude(*, required: bool = False) -> Number:
    return Number(required=required, allow_none=not required, validate=validate.Range(-90, 90))


def longitude(*, required: bool = False) -> Number:
    return Number(required=required, allow_none=not required, validate=validate.Range(-180, 180))


def fail(field_name: str, message: str) -> None:
    """Raise a schema-level error attached to one field, so the form can point at it."""
    raise ValidationError(message, field_name=field_name)


class RecordSchema(Schema):
    """Base of every collection's schema: the creator-made ``id`` plus the domain fields.

    The sync envelope (``ENVELOPE``: ``version``, ``deleted``, ``updated_seq``) is deliberately
    absent: it belongs to the server, and a client that sends it is refused like any other
    unknown field.
    """

    id = UuidString(required=True)
