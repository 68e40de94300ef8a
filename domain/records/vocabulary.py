"""Fixed vocabularies that record schemas check values against.

Kept apart from the schemas so that other domain modules (tolerances, planner rules, reports)
can share one spelling of every skill, instrument type, job kind and op without importing
marshmallow (the roles are `domain.access.ROLES`). Tuples keep the order used in forms and
reports.
"""

#: The ops that change a record: a mutation's `op`, and the first audit actions.
OPS = ("create", "update", "delete")


INSTRUMENT_TYPES = (
    "nawi",
    "fuel_dispenser",
    "water_meter",
    "electricity_meter",
    "gas_meter_diaphragm",
    "taximeter",
    "sphygmomanometer",
    "ir_ear_thermometer",
    "personal_scale",
)

#: Instrument types checked for information only (not legally verified): no skill of their own.
NOT_VERIFIED_TYPES = ("personal_scale",)

#: What inspectors are qualified for: each legally verified instrument type, then the other work.
SKILLS = (
    *(kind for kind in INSTRUMENT_TYPES if kind not in NOT_VERIFIED_TYPES),
    "fuel_sampling",
    "shop_audit",
    "accident_visit",
    "firm_visit",
    "import_sampling",
)

SITE_KINDS = (
    "market",
    "gas_station",
    "taxi_company",
    "household",
    "township_stall",
    "shop",
    "container_yard",
    "firm",
    "utility",
)

JOB_KINDS = (
    "instrument_verification",
    "instrument_inspection",
    "taxi_meter_verification",
    "fuel_dispenser_inspection",
    "fuel_sampling",
    "free_home_instrument_check",
    "market_audit",
    "accident_visit",
    "firm_visit",
    "import_sampling",
)

CHECK_PHASES = ("verification", "inspection")
VERDICTS = ("pass", "fail", "not_regulated")
RECORD_STATUSES = ("draft", "submitted")
SUGGESTION_STATUSES = ("resolved", "escalated", "pending")

AUDIT_ACTIONS = (
    *OPS,
    "transition",
    "login",
    "logout",
    "revoke",
    "pair_device",
    "resolve_conflict",
    "amend",
)

COLLECTIONS = (
    "offices",
    "users",
    "vehicles",
    "firms",
    "sites",
    "instruments",
    "jobs",
    "assignments",
    "checks",
    "accident_visits",
    "firm_visits",
    "conflicts",
    "audit_entries",
)
