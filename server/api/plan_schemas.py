"""Request and answer schemas of `/api/v1/plans`: a day to plan, and a proposal.

>>> PlanRequest().load({"office_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
...                     "day": "2030-01-07"})["day"].isoformat()
'2030-01-07'
"""

import marshmallow as ma
from marshmallow import fields


class PlanRequest(ma.Schema):
    """Which office's day to plan."""

    office_id = fields.UUID(required=True, metadata={"description": "The office whose day"})
    day = fields.Date(required=True, metadata={"description": "The day, e.g. 2030-01-07"})


class ReplanRequest(ma.Schema):
    """Re-plan an office's day from where its crews are now (the day is today)."""

    office_id = fields.UUID(required=True)


class PlannedVisit(ma.Schema):
    order = fields.Integer()
    job_id = fields.String()
    label = fields.String()
    arrival = fields.String(metadata={"description": "Local time the crew arrives"})
    start = fields.String(metadata={"description": "Local time the work starts"})
    end = fields.String()


class CrewMember(ma.Schema):
    id = fields.String()
    name = fields.String()


class PlannedRoute(ma.Schema):
    vehicle_id = fields.String()
    plate = fields.String()
    inspectors = fields.List(fields.Nested(CrewMember))
    sets_out = fields.String()
    back = fields.String()
    travel_minutes = fields.Integer()
    visits = fields.List(fields.Nested(PlannedVisit))


class UnservedJob(ma.Schema):
    job_id = fields.String()
    label = fields.String()
    reason = fields.String(metadata={"description": "Why, in English"})
    code = fields.String(
        metadata={"description": "The reason's code (domain.planning.reasons), e.g. no_team"}
    )
    values = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "The values the reason's sentence is made with"},
    )


class PlanChange(ma.Schema):
    job_id = fields.String()
    kind = fields.String(metadata={"description": "added, moved, retimed or dropped"})
    message = fields.String(metadata={"description": "What changed, in English"})
    values = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "The values the message is made with (domain.planning.changes)"},
    )


class PlanProposal(ma.Schema):
    """A proposed day: routes, jobs left out with reasons, and changes to the current plan."""

    id = fields.String()
    office_id = fields.String()
    day = fields.String()
    kind = fields.String(metadata={"description": "plan or replan"})
    created_at = fields.String()
    applied_at = fields.String(allow_none=True)
    served = fields.Integer()
    unserved_count = fields.Integer()
    travel_minutes = fields.Integer()
    routes = fields.List(fields.Nested(PlannedRoute))
    unserved = fields.List(fields.Nested(UnservedJob))
    changes = fields.List(fields.Nested(PlanChange))


class AppliedPlan(PlanProposal):
    """The proposal once applied, with how many assignments were written and removed."""

    assignments_written = fields.Integer()
    assignments_removed = fields.Integer()
