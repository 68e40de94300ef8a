"""Schemas of the public lookup's JSON: the question, the answer, the language argument."""

import marshmallow as ma
from marshmallow import fields, validate

from server.lookup.messages import LANGUAGES
from server.lookup.stages import STAGES
from server.lookup.status import MAX_NUMBER_LENGTH, valid_code, valid_number


def _number(value):
    if not valid_number(value):
        raise ma.ValidationError(
            f"An application number is 1 to {MAX_NUMBER_LENGTH} characters, e.g. "
            "KEELUNG-20261202-0001."
        )


def _code(value):
    if not valid_code(value):
        raise ma.ValidationError(
            "A lookup code is 4 to 12 letters or digits (spaces and dashes are ignored)."
        )


class LookupRequest(ma.Schema):
    """An application number and the lookup code printed beside it on the notice."""

    application_number = fields.String(
        required=True,
        validate=[validate.Length(max=200), _number],
        metadata={"description": "As printed on the notice; case and spaces around ignored"},
    )
    code = fields.String(
        required=True,
        validate=[validate.Length(max=200), _code],
        metadata={"description": "The lookup code on the notice; case, spaces, dashes ignored"},
    )


class LanguageArgs(ma.Schema):
    """The language of the answer's labels (else `Accept-Language`, else zh_TW)."""

    lang = fields.String(
        validate=validate.OneOf(LANGUAGES), metadata={"description": "zh_TW or en"}
    )


class LookupOffice(ma.Schema):
    """The office that handles the application, to call with questions."""

    code = fields.String(required=True)
    name = fields.String(required=True)
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)


class LookupAnswer(ma.Schema):
    """An application's public status: nothing about the applicant, the site or who inspects."""

    application_number = fields.String(required=True)
    stage = fields.String(
        required=True,
        validate=validate.OneOf(STAGES),
        metadata={
            "description": "received, scheduled, in_progress, done; or under_review, "
            "cancelled (call the office)"
        },
    )
    stage_label = fields.String(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    scheduled_date = fields.Date(allow_none=True)
    window_start = fields.DateTime(allow_none=True, metadata={"description": "Arrival from"})
    window_end = fields.DateTime(allow_none=True, metadata={"description": "Arrival until"})
    office = fields.Nested(LookupOffice, allow_none=True)
    lang = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
