"""Schemas of the reference data admins keep: offices, users, vehicles, firms, sites, instruments.

These records change rarely and are mostly read by the planner and the field app; the
instrument record carries its metrological parameters as a plain dict because each instrument
type has its own (the tolerance engine knows which keys it needs).
"""

from marshmallow import Schema, fields, validate, validates_schema

from domain.access import ROLES
from domain.notices import LANGUAGES

from ..tolerances import CheckRefused, check_instrument_params
from ..tolerances.parameters import MAX_NOZZLES
from .base import (
    IsoDate,
    JsonObject,
    Number,
    RecordSchema,
    StrictBoolean,
    StrictInteger,
    choice,
    choice_list,
    email,
    fail,
    free_text,
    latitude,
    longitude,
    phone,
    reference,
)
from .vocabulary import INSTRUMENT_TYPES, SITE_KINDS, SKILLS


class OfficeSchema(RecordSchema):
    """A branch office or station, e.g. KEELUNG (main), WUDU, SUAO, MATSU (island).

    ``phone`` is the number the public calls (printed on notices, shown by the public lookup).
    """

    code = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[A-Z][A-Z0-9_]{1,15}$",
            error="Not a valid office code: 2–16 upper-case letters, digits or _, e.g. KEELUNG.",
        ),
    )
    name_zh = free_text(required=True, max_length=100)
    name_en = free_text(required=True, max_length=100)
    address = free_text(max_length=300)
    phone = phone()
    lat = latitude()
    lon = longitude()
    is_island = StrictBoolean(load_default=False)


def clock_time():
    """A time of day as HH:MM (24 h), e.g. the start of a shift; None when not set."""
    return fields.String(
        allow_none=True,
        validate=validate.Regexp(
            r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="Not a time of day: expected HH:MM."
        ),
    )


class UserSchema(RecordSchema):
    """A person who signs in: inspector, dispatcher or admin, attached to one office.

    ``shift_start`` and ``shift_end`` (HH:MM) are the hours the planner may plan an
    inspector; unset, the office's day (`domain.planning` callers choose it).
    """

    username = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[a-z0-9][a-z0-9._-]{1,39}$",
            error="Not a valid username: 2–40 lower-case letters, digits, '.', '_' or '-'.",
        ),
    )
    display_name = free_text(required=True, max_length=100)
    role = choice(ROLES, required=True)
    office_id = reference(required=True)
    skills = choice_list(SKILLS)
    email = email()
    phone = phone()
    active = StrictBoolean(load_default=True)
    shift_start = clock_time()
    shift_end = clock_time()

    @validates_schema
    def shift_ends_after_it_starts(self, data, **kwargs):
        start, end = data.get("shift_start"), data.get("shift_end")
        if start and end and end <= start:
            fail("shift_end", f"shift_end ({end}) must be after shift_start ({start}).")


class EquipmentSchema(Schema):
    """One piece of test equipment a vehicle carries, e.g. a 20 L proving measure."""

    kind = fields.String(required=True, validate=validate.Length(min=1, max=60))
    capacity = Number(required=True, validate=validate.Range(min=0, min_inclusive=False))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=10))
    serial = free_text(max_length=60)


class VehicleSchema(RecordSchema):
    """An office vehicle: its seats and the test equipment it carries to site."""

    office_id = reference(required=True)
    plate = fields.String(required=True, validate=validate.Length(min=2, max=12))
    seats = StrictInteger(required=True, validate=validate.Range(min=1, max=60))
    equipment = fields.List(fields.Nested(EquipmentSchema), load_default=list)
    active = StrictBoolean(load_default=True)


class FirmSchema(RecordSchema):
    """A business (applicant, station operator, importer) known by its unified business number.

    ``language`` is the language of its notices (``zh_TW`` when unset, or ``en``).
    """

    office_id = reference(required=True)
    tax_id = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[0-9]{8}$", error="Not a valid tax id (統一編號): expected exactly 8 digits."
        ),
    )
    name = free_text(required=True, max_length=200)
    contact_name = free_text(max_length=100)
    phone = phone()
    email = email()
    language = choice(LANGUAGES)
    address = free_text(max_length=300)


class SiteSchema(RecordSchema):
    """A place inspectors go: a market, a gas station, a household, a container yard..."""

    office_id = reference(required=True)
    firm_id = reference()
    name = free_text(required=True, max_length=200)
    address = free_text(required=True, max_length=300)
    lat = latitude()
    lon = longitude()
    kind = choice(SITE_KINDS, required=True)


class InstrumentSchema(RecordSchema):
    """A measuring instrument at a site, with what the last verification left on it.

    The tolerance engine judges a check of this instrument with the flat dict
    ``{"accuracy_class": accuracy_class, **params}``; a record whose class or parameters the
    engine would refuse (an unknown class, ``e = 0``, ``q_t`` above ``q_max``...) is refused
    here, on ``accuracy_class`` or ``params``, with the engine's message naming the parameter.
    Only the parameters present are checked: a record may be stored before all are known.
    """

    site_id = reference(required=True)
    type = choice(INSTRUMENT_TYPES, required=True)
    serial = free_text(required=True, max_length=80)
    make = free_text(max_length=100)
    model = free_text(max_length=100)
    accuracy_class = free_text(max_length=20)
    params = JsonObject(load_default=dict)
    seal_number = free_text(max_length=60)
    last_verified = IsoDate(allow_none=True)
    due_date = IsoDate(allow_none=True)
    nozzle_count = StrictInteger(allow_none=True, validate=validate.Range(min=1, max=MAX_NOZZLES))

    @validates_schema
    def params_fit_the_instrument(self, data, partial=None, **kwargs):
        # On a partial update the type and class may live in the stored record; the server
        # validates the merged record in full, which is where this rule bites.
        if partial:
            return
        params = data.get("params") or {}
        try:
            check_instrument_params(
                data["type"], {"accuracy_class": data.get("accuracy_class"), **params}
            )
        except CheckRefused as refused:
            on_class = refused.parameter == "accuracy_class" and "accuracy_class" not in params
            fail("accuracy_class" if on_class else "params", str(refused))
