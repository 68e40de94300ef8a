"""Fixed vocabularies that record schemas check values against.

Kept apart from the schemas so that other domain modules (tolerances, planner rules, reports)
can share one spelling of every role, skill, instrument type and job kind without importing
marshmallow. Tuples keep the order used in forms and reports.
"""

ROLES = ("inspector", "dispatcher", "admin")

SKILLS = (
    "nawi",
    "fuel_dispenser",
    "water_meter",
    "electricity_meter",
    "gas_meter_diaphragm",
    "taximeter",
    "sphygmomanometer",
    "ir_ear_thermometer",
    "fuel_sampling",
    "shop_audit",
    "accident_visit",
    "firm_visit",
    "import_sampling",
)

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
    "create",
    "update",
    "delete",
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
