"""Schemas of visit reports: product-accident home visits and mobile-service-team firm visits.

Both are written by the inspector on site (often offline) and follow the same draft → submitted
life as a check: a draft may be saved (and synced) with any field still empty, and what a
report must hold is required when it is submitted. A firm visit lists the suggestions the
firm raised and what became of each (resolved, escalated to headquarters, or pending) — the
office's yearly improvement rate is computed from them.
"""

from marshmallow import Schema, ValidationError, fields, validates_schema

from .base import (
    IsoDateTime,
    RecordSchema,
    Sha256Hex,
    UuidString,
    choice,
    free_text,
    reference,
)
from .vocabulary import RECORD_STATUSES, SUGGESTION_STATUSES

ACCIDENT_REQUIRED_ON_SUBMIT = ("household_name", "address", "product")


class AccidentVisitSchema(RecordSchema):
    """A home visit after a product-accident report (商品事故到府關懷)."""

    job_id = reference(required=True)
    report_reference = free_text(max_length=60)
    household_name = free_text(max_length=200)
    address = free_text(max_length=300)
    product = free_text(max_length=200)
    product_brand = free_text(max_length=200)
    description = free_text()
    injuries = free_text()
    cause_assessment = free_text()
    photo_hashes = fields.List(Sha256Hex(), load_default=list)
    follow_up = free_text()
    visited_at = IsoDateTime(allow_none=True)
    inspector_id = reference(required=True)
    status = choice(RECORD_STATUSES, load_default="draft")

    @validates_schema
    def submitted_visit_is_complete(self, data, partial=None, **kwargs):
        # On a partial update the missing fields live in the stored record; the server
        # validates the merged record in full, which is where this rule bites.
        if partial or data.get("status") != "submitted":
            return
        missing = [
            name for name in ACCIDENT_REQUIRED_ON_SUBMIT if not (data.get(name) or "").strip()
        ]
        if missing:
            raise ValidationError(
                {name: [f"A submitted accident visit must name its {name}."] for name in missing}
            )


class SuggestionSchema(Schema):
    """One question or suggestion a firm raised, and what became of it."""

    id = UuidString(required=True)
    text = free_text()
    category = free_text(max_length=60)
    status = choice(SUGGESTION_STATUSES, load_default="pending")
    response = free_text()


class FirmVisitSchema(RecordSchema):
    """A mobile-service-team visit to a firm (廠商服務紀錄表)."""

    job_id = reference(required=True)
    firm_id = reference(required=True)
    attendees = fields.List(fields.String(), load_default=list)
    suggestions = fields.List(fields.Nested(SuggestionSchema), load_default=list)
    visited_at = IsoDateTime(allow_none=True)
    inspector_id = reference(required=True)
    status = choice(RECORD_STATUSES, load_default="draft")

    @validates_schema
    def submitted_suggestions_have_text(self, data, partial=None, **kwargs):
        if partial or data.get("status") != "submitted":
            return
        for number, suggestion in enumerate(data.get("suggestions") or [], start=1):
            if not (suggestion.get("text") or "").strip():
                raise ValidationError(
                    f"Suggestion {number} of a submitted visit has no text.",
                    field_name="suggestions",
                )

    @validates_schema
    def suggestion_ids_are_distinct(self, data, **kwargs):
        ids = [suggestion["id"] for suggestion in data.get("suggestions") or []]
        if len(set(ids)) != len(ids):
            raise ValidationError("Two suggestions share one id.", field_name="suggestions")
