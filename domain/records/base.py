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
    """An integer that refuses strings, floats and booleans."""

    default_error_messages = {"invalid": "Not a valid integer."}

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Number(fields.Float):
    """A finite number (int or float) that refuses strings and booleans."""

    default_error_messages = {"invalid": "Not a valid number."}

    def _validated(self, value):
        if isinstance(value, bool | str):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class StrictBoolean(fields.Boolean):
    """``true`` or ``false`` only — ``1``, ``"yes"`` and ``"true"`` are refused."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class JsonObject(fields.Dict):
    """A JSON object whose values are kept as they came (the keys of JSON are always text).

    Checks the shape only — a dict with text keys — and copies it shallowly; what its values
    mean is checked where they are used (e.g. a check's readings by the tolerance engine).
    Cheaper than `fields.Dict(keys=fields.String())`, which loads every key through a field.
    """

    default_error_messages = {"invalid": "Not a valid object: expected names with their values."}

    def _deserialize(self, value, attr, data, **kwargs) -> dict:
        if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
            raise self.make_error("invalid")
        return dict(value)


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

    The sync envelope (``version``, ``deleted``, ``updated_seq``) is deliberately absent: it
    belongs to the server, and a client that sends it is refused like any other unknown field.
    """

    id = UuidString(required=True)
