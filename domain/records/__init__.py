"""Record schemas of every synced collection, and the two calls the rest of the system uses.

``SCHEMAS`` maps each collection name to its marshmallow schema. ``validate_record`` loads a
record's domain fields (``id`` plus the collection's fields, never the sync envelope
``ENVELOPE``: ``version``/``deleted``/``updated_seq``) and either returns them or raises
``RecordInvalid`` whose ``.messages`` is ``{field: [message, ...]}``. ``dump_record`` turns a
record into JSON-ready values. ``OPS`` names the ops that change a record. Schemas are pure:
no I/O, no database queries; whether a referenced id exists is the store's business.

Loaded values are already JSON-friendly (ids and dates stay strings, dates normalised to ISO
8601), so ``validate_record`` output can be stored and sent as it is::

    >>> validate_record("offices", {"id": "0f8fad5b-d9cb-469f-a165-70867728950e",
    ...     "code": "MATSU", "name_zh": "馬祖", "name_en": "Matsu", "is_island": True})["code"]
    'MATSU'

``partial=True`` validates an update's changed fields only: nothing is required, defaults are
not filled in, and cross-field rules whose fields are not all present are skipped. The server
therefore validates the merged record (stored fields + changes) with ``partial=False`` before
accepting an update; that is where "submitted check carries its verdict" and "window ends
after it starts" hold for partial edits.
"""

from marshmallow import Schema, ValidationError

from .base import ENVELOPE
from .checks import CheckSchema
from .fast_load import fast_loader
from .reference import (
    FirmSchema,
    InstrumentSchema,
    OfficeSchema,
    SiteSchema,
    UserSchema,
    VehicleSchema,
)
from .review import AuditEntrySchema, ConflictSchema
from .visits import AccidentVisitSchema, FirmVisitSchema
from .vocabulary import COLLECTIONS, OPS
from .work import AssignmentSchema, JobSchema

__all__ = [
    "COLLECTIONS",
    "ENVELOPE",
    "OPS",
    "SCHEMAS",
    "RecordInvalid",
    "UnknownCollection",
    "dump_record",
    "validate_record",
]

SCHEMAS: dict[str, type[Schema]] = {
    "offices": OfficeSchema,
    "users": UserSchema,
    "vehicles": VehicleSchema,
    "firms": FirmSchema,
    "sites": SiteSchema,
    "instruments": InstrumentSchema,
    "jobs": JobSchema,
    "assignments": AssignmentSchema,
    "checks": CheckSchema,
    "accident_visits": AccidentVisitSchema,
    "firm_visits": FirmVisitSchema,
    "conflicts": ConflictSchema,
    "audit_entries": AuditEntrySchema,
}
assert tuple(SCHEMAS) == COLLECTIONS, "SCHEMAS and vocabulary.COLLECTIONS must agree"


class RecordInvalid(ValueError):
    """A record that its collection's schema refuses; ``.messages`` is ``{field: [message]}``.

    Messages about nested values (a list item, a sub-record) stay under the top-level field
    and say where they point, e.g. ``{"equipment": ["item 0, capacity: Not a valid number."]}``,
    so a form can mark the field that holds the mistake.
    """

    def __init__(self, collection: str, messages: dict[str, list[str]]):
        self.collection = collection
        self.messages = messages
        super().__init__(self._describe())

    def _describe(self) -> str:
        problems = "; ".join(
            f"{field}: {' '.join(texts)}" for field, texts in sorted(self.messages.items())
        )
        return f"invalid {self.collection} record — {problems}"


class UnknownCollection(RecordInvalid):
    """A collection name that has no schema."""

    def __init__(self, collection: str):
        known = ", ".join(SCHEMAS)
        super().__init__(
            collection, {"collection": [f"Unknown collection '{collection}'; known: {known}."]}
        )


def validate_record(collection: str, data: dict, *, partial: bool = False) -> dict:
    """Load ``data`` with the collection's schema; return the loaded fields or raise."""
    try:
        return _loader_for(collection)(data, partial=partial)
    except ValidationError as error:
        raise RecordInvalid(collection, flatten_messages(error.messages)) from error


def dump_record(collection: str, data: dict) -> dict:
    """Return the record's domain fields as JSON-ready values (dates as ISO strings).

    Keys the schema does not know (e.g. the sync envelope) are left out; the sync layer adds
    its envelope itself.
    """
    return _schema_for(collection).dump(data)


def _schema_for(collection: str) -> Schema:
    """The collection's schema instance, built once (building one costs more than a load)."""
    schema = _SCHEMA_INSTANCES.get(collection)
    if schema is None:
        schema_class = SCHEMAS.get(collection)
        if schema_class is None:
            raise UnknownCollection(collection)
        schema = _SCHEMA_INSTANCES[collection] = schema_class()
    return schema


_SCHEMA_INSTANCES: dict[str, Schema] = {}


def _loader_for(collection: str):
    """The collection's `fast_loader` (marshmallow's result, fast for valid data)."""
    load = _LOADERS.get(collection)
    if load is None:
        load = _LOADERS[collection] = fast_loader(_schema_for(collection))
    return load


_LOADERS: dict = {}


def flatten_messages(messages) -> dict[str, list[str]]:
    """Turn marshmallow's nested error dict into ``{top_level_field: [message, ...]}``."""
    if not isinstance(messages, dict):
        return {"_schema": _texts(messages)}
    return {str(field): _texts(nested) for field, nested in messages.items()}


def _texts(nested, where: str = "") -> list[str]:
    """Collect every message under ``nested``, prefixed with the path that leads to it."""
    if isinstance(nested, dict):
        texts = []
        for key, inner in nested.items():
            step = f"item {key}" if isinstance(key, int) else str(key)
            texts.extend(_texts(inner, f"{where}, {step}" if where else step))
        return texts
    if isinstance(nested, list):
        return [text for item in nested for text in _texts(item, where)]
    return [f"{where}: {nested}" if where else str(nested)]
