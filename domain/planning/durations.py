"""How long a job takes on site, by kind and number of instruments in scope.

A fixed part (setting up, paperwork, the seal and sticker round) and a part per instrument
(one test run each: a nozzle, a taxi, a scale). The dispatcher's own estimate on the job
(`estimated_minutes`) wins where there is one; this is what a new job is proposed.

    >>> service_minutes("taxi_meter_verification", 4)
    55
    >>> service_minutes("accident_visit", 0)
    60
"""

#: Job kind -> (minutes fixed, minutes per instrument).
MINUTES = {
    "instrument_verification": (20, 8),
    "instrument_inspection": (15, 3),
    "taxi_meter_verification": (15, 10),
    "fuel_dispenser_inspection": (20, 10),
    "fuel_sampling": (25, 5),
    "free_home_instrument_check": (60, 2),
    "market_audit": (45, 3),
    "accident_visit": (60, 0),
    "firm_visit": (45, 0),
    "import_sampling": (30, 5),
}
#: The kind of a job not in the table.
DEFAULT_MINUTES = (30, 5)


def service_minutes(kind, instruments):
    """Minutes on site for a job of `kind` with `instruments` in scope."""
    fixed, each = MINUTES.get(kind, DEFAULT_MINUTES)
    return fixed + each * max(0, instruments)
