"""Schemas of the work dispatchers plan: jobs and their assignments to people and vehicles.

A job is what was asked for (kind, site, instruments, the applicant's window); an assignment is
how the office answers it (who, which vehicle, which day, which place in the route).
"""

from marshmallow import Schema, fields, validate, validates_schema

from ..job_states import JobStatus
from ..notices import LANGUAGES
from .base import (
    IsoDate,
    IsoDateTime,
    Number,
    RecordSchema,
    StrictBoolean,
    StrictInteger,
    UuidString,
    choice,
    choice_list,
    email,
    fail,
    free_text,
    id_list,
    parse_datetime,
    phone,
    reference,
)
from .vocabulary import JOB_KINDS, SKILLS

LOCK_SCOPES = ("inspector", "time", "both")
PRIORITY_ROUTINE = 0
PRIORITY_URGENT = 3
#: A lookup code: 4–12 letters or digits (the second factor of a public lookup).
LOOKUP_CODE_PATTERN = r"^[A-Za-z0-9]{4,12}$"


class EquipmentNeedSchema(Schema):
    """Equipment a job needs on site, e.g. ``{"kind": "test_weights", "capacity": 300, "unit":
    "kg"}``: the vehicle must carry that kind with at least that capacity."""

    kind = fields.String(required=True, validate=validate.Length(min=1, max=60))
    capacity = Number(allow_none=True, validate=validate.Range(min=0, min_inclusive=False))
    unit = free_text(max_length=10)

    @validates_schema
    def unit_goes_with_capacity(self, data, **kwargs):
        if data.get("capacity") is not None and not data.get("unit"):
            fail("unit", "A unit is required when a capacity is given, e.g. 'L' or 'kg'.")


class JobSchema(RecordSchema):
    """A piece of field work asked for by an applicant or by the office itself.

    ``priority`` runs from 0 (routine) to 3 (urgent); ``inspectors_needed`` is how many go
    together (a joint audit takes two). ``applicant_language`` is the language of the
    applicant's notices (``zh_TW`` when unset, or ``en``). ``lookup_code`` is the second factor an
    applicant gives with the application number to see the schedule. ``needs_review`` and
    ``review_reason`` flag a job for a person (e.g. results arrived for a cancelled job).
    """

    office_id = reference(required=True)
    kind = choice(JOB_KINDS, required=True)
    application_number = free_text(max_length=40)
    lookup_code = fields.String(
        allow_none=True,
        validate=validate.Regexp(
            LOOKUP_CODE_PATTERN,
            error="Not a valid lookup code: 4–12 letters or digits.",
        ),
    )
    applicant_name = free_text(max_length=200)
    applicant_email = email()
    applicant_phone = phone()
    applicant_language = choice(LANGUAGES)
    site_id = reference(required=True)
    instrument_ids = id_list()
    window_start = IsoDateTime(required=True)
    window_end = IsoDateTime(required=True)
    priority = StrictInteger(
        load_default=PRIORITY_ROUTINE,
        validate=validate.Range(min=PRIORITY_ROUTINE, max=PRIORITY_URGENT),
    )
    required_skills = choice_list(SKILLS)
    required_equipment = fields.List(fields.Nested(EquipmentNeedSchema), load_default=list)
    estimated_minutes = StrictInteger(required=True, validate=validate.Range(min=1, max=24 * 60))
    inspectors_needed = StrictInteger(load_default=1, validate=validate.Range(min=1, max=4))
    status = choice([status.value for status in JobStatus], load_default=JobStatus.REQUESTED.value)
    needs_review = StrictBoolean(load_default=False)
    review_reason = free_text(max_length=500)
    notes = free_text()

    @validates_schema
    def window_ends_after_it_starts(self, data, **kwargs):
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and parse_datetime(end) <= parse_datetime(start):
            fail("window_end", f"window_end ({end}) must be after window_start ({start}).")


class AssignmentSchema(RecordSchema):
    """Who goes to a job, in which vehicle, on which day, and where it sits in the route.

    ``locked`` assignments are kept by the planner: ``lock_scope`` says what is pinned — the
    ``inspector`` (the inspectors), the ``time`` (the planned start) or ``both`` (unset: both).
    """

    job_id = reference(required=True)
    inspector_ids = fields.List(
        UuidString(),
        required=True,
        validate=validate.Length(min=1, error="At least one inspector is required."),
    )
    vehicle_id = reference()
    date = IsoDate(required=True)
    planned_start = IsoDateTime(allow_none=True)
    route_order = StrictInteger(load_default=0, validate=validate.Range(min=0))
    locked = StrictBoolean(load_default=False)
    lock_scope = choice(LOCK_SCOPES)

    @validates_schema
    def inspectors_are_distinct(self, data, **kwargs):
        inspector_ids = data.get("inspector_ids") or []
        if len(set(inspector_ids)) != len(inspector_ids):
            fail("inspector_ids", "An inspector is listed more than once.")
