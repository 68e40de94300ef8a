"""Schemas of what the server keeps for people to review: conflicts and the audit log.

A conflict holds both values of one field that two writers changed from the same base version,
who wrote each, and which one field ownership let win; nothing is dropped. An audit entry says
who changed what, when and from which device; ``changes`` maps each field to ``[old, new]``.
``action`` is any lower-case word so new kinds of event need no schema change; the usual ones
are listed in ``vocabulary.AUDIT_ACTIONS``.
Both are written by the server; only a conflict's resolution is later edited by a person.
"""

from marshmallow import ValidationError, fields, validate

from domain.access import ROLES

from .base import (
    IsoDateTime,
    JsonObject,
    RecordSchema,
    StrictBoolean,
    StrictInteger,
    UuidString,
    choice,
    free_text,
    reference,
)
from .vocabulary import AUDIT_ACTIONS, COLLECTIONS


class ConflictSchema(RecordSchema):
    """Both versions of a field that two writers changed; resolved later by a person."""

    collection = choice(COLLECTIONS, required=True)
    record_id = reference(required=True)
    field = fields.String(required=True, validate=validate.Length(min=1, max=60))
    winning_value = fields.Raw(allow_none=True, load_default=None)
    losing_value = fields.Raw(allow_none=True, load_default=None)
    winning_role = choice(ROLES, required=True)
    losing_role = choice(ROLES, required=True)
    winning_user_id = reference()
    losing_user_id = reference()
    losing_device_id = reference()
    base_version = StrictInteger(allow_none=True, validate=validate.Range(min=0))
    server_version = StrictInteger(required=True, validate=validate.Range(min=1))
    created_at = IsoDateTime(required=True)
    resolved = StrictBoolean(load_default=False)
    resolved_by = reference()
    resolution_note = free_text(max_length=1000)


def _is_old_new_pair(changes: dict) -> None:
    """Every value of ``changes`` must be a two-item list ``[old, new]``."""
    bad_fields = sorted(
        name for name, pair in changes.items() if not isinstance(pair, list) or len(pair) != 2
    )
    if bad_fields:
        raise ValidationError(
            f"Each change must be a two-item list [old, new]; not so for: {', '.join(bad_fields)}."
        )


class AuditEntrySchema(RecordSchema):
    """One line of the audit log: who did what to which record, when, from which device."""

    at = IsoDateTime(required=True)
    user_id = reference()
    device_id = reference()
    action = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[a-z][a-z_]{1,39}$",
            error=f"Not a valid action: a lower-case word such as {', '.join(AUDIT_ACTIONS[:5])}.",
        ),
    )
    collection = choice(COLLECTIONS)
    record_id = UuidString(allow_none=True)
    changes = JsonObject(load_default=dict, validate=_is_old_new_pair)
