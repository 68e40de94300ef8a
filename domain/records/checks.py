"""Schema of a check: one instrument's test on one job, as the inspector recorded it.

The readings (``points``) are kept as dicts whose only checked key here is ``name``: which other
keys a point needs depends on the instrument type, and the tolerance engine validates them when
it evaluates the check. A submitted check is evidence and must carry its verdict, the rule
version it was judged by, and the engine's full result; corrections are new checks that name
the one they amend.
"""

from marshmallow import ValidationError, fields, validates_schema

from .base import (
    IsoDateTime,
    JsonObject,
    RecordSchema,
    Sha256Hex,
    StrictBoolean,
    choice,
    fail,
    free_text,
    reference,
)
from .vocabulary import CHECK_PHASES, INSTRUMENT_TYPES, RECORD_STATUSES, VERDICTS

FIELDS_REQUIRED_ON_SUBMIT = ("verdict", "rule_version", "result")


class TestPoint(JsonObject):
    """One test point: a dict with a non-empty ``name`` plus its readings."""

    default_error_messages = {"unnamed": "Each test point needs a non-empty 'name'."}

    def _deserialize(self, value, attr, data, **kwargs):
        point = super()._deserialize(value, attr, data, **kwargs)
        name = point.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.make_error("unnamed")
        return point


class CheckSchema(RecordSchema):
    """One instrument tested on one job (verification or inspection)."""

    job_id = reference(required=True)
    instrument_id = reference(required=True)
    phase = choice(CHECK_PHASES, required=True)
    status = choice(RECORD_STATUSES, load_default="draft")
    instrument_type = choice(INSTRUMENT_TYPES, required=True)
    instrument_params = JsonObject(load_default=dict)
    points = fields.List(TestPoint(), load_default=list)
    result = JsonObject(allow_none=True)
    verdict = choice(VERDICTS)
    rule_set = free_text(max_length=80)
    rule_version = free_text(max_length=40)
    provisional = StrictBoolean(load_default=False)
    seal_number = free_text(max_length=60)
    sticker_number = free_text(max_length=60)
    photo_hashes = fields.List(Sha256Hex(), load_default=list)
    signature_hash = Sha256Hex(allow_none=True)
    amends = reference()
    amend_reason = free_text(max_length=500)
    recorded_at = IsoDateTime(allow_none=True)
    inspector_id = reference(required=True)
    notes = free_text()

    @validates_schema
    def submitted_check_is_complete(self, data, partial=None, **kwargs):
        # On a partial update the missing fields live in the stored record; the server
        # validates the merged record in full, which is where this rule bites.
        if partial or data.get("status") != "submitted":
            return
        missing = [name for name in FIELDS_REQUIRED_ON_SUBMIT if data.get(name) in (None, "", {})]
        if missing:
            raise ValidationError(
                {name: [f"A submitted check must carry its {name}."] for name in missing}
            )

    @validates_schema
    def amendment_names_its_reason(self, data, partial=None, **kwargs):
        if partial:
            return
        if data.get("amends") and not data.get("amend_reason"):
            fail("amend_reason", "An amending check must say why (amend_reason).")
        if data.get("amends") and data.get("amends") == data.get("id"):
            fail("amends", "A check cannot amend itself.")
