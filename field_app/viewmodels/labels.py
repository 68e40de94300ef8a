"""The words the screens show for the domain's codes: job kinds, statuses, instrument types,
sync badges and verdicts — each in the app's current language (`field_app.i18n`)."""

from field_app.i18n import _


def job_kind(kind):
    """`instrument_verification` → "Instrument verification" (translated)."""
    names = {
        "instrument_verification": _("Instrument verification"),
        "instrument_inspection": _("Instrument inspection"),
        "taxi_meter_verification": _("Taximeter verification"),
        "fuel_dispenser_inspection": _("Fuel dispenser inspection"),
        "fuel_sampling": _("Fuel sampling"),
        "free_home_instrument_check": _("Free check of home instruments"),
        "market_audit": _("Market audit"),
        "accident_visit": _("Accident home visit"),
        "firm_visit": _("Firm visit"),
        "import_sampling": _("Import sampling"),
    }
    return names.get(kind, kind)


def job_status(status):
    """A job's status for people."""
    names = {
        "requested": _("Requested"),
        "scheduled": _("Scheduled"),
        "dispatched": _("Dispatched"),
        "in_progress": _("In progress"),
        "done": _("Done"),
        "cancelled": _("Cancelled"),
        "needs_review": _("Needs review"),
    }
    return names.get(status, status)


def instrument_type(kind):
    """An instrument type of the rule table for people."""
    names = {
        "nawi": _("Scale"),
        "fuel_dispenser": _("Fuel dispenser"),
        "water_meter": _("Water meter"),
        "electricity_meter": _("Electricity meter"),
        "gas_meter_diaphragm": _("Gas meter"),
        "taximeter": _("Taximeter"),
        "sphygmomanometer": _("Blood-pressure monitor"),
        "ir_ear_thermometer": _("Ear thermometer"),
        "personal_scale": _("Personal scale"),
    }
    return names.get(kind, kind)


def badge(state):
    """A record's sync badge: its symbol and its words."""
    names = {
        "sent": ("✓", _("Sent")),
        "on_device": ("◌", _("On this device")),
        "rejected": ("!", _("Rejected")),
        "conflict": ("⚠", _("Conflict")),
    }
    return names[state]


def verdict(value):
    """A check's or a point's verdict for people; None → an empty string."""
    names = {"pass": _("Pass"), "fail": _("Fail"), "not_regulated": _("Not regulated")}
    return names.get(value, "") if value else ""


def record_status(status):
    """A result's draft/submitted status."""
    return {"draft": _("Draft"), "submitted": _("Submitted")}.get(status, status or "")
