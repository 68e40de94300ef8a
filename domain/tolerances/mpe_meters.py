"""MPE shapes of the flow and energy meters: flow zones, fuel volume with Emin, current bands.

Each function takes a rule (from the table) and a :class:`PointContext` and returns the MPE as an
:class:`Outcome`. When a reading falls outside every band of the table, the nearest band is used
and the outcome is marked provisional with a note that says so.
"""

from decimal import Decimal

from domain.tolerances.point_context import Outcome, PointContext
from domain.tolerances.quantities import as_text, table_decimal
from domain.tolerances.ruleset import derived

HUNDRED = Decimal(100)


def _within(value: Decimal, low, low_inclusive, high, high_inclusive) -> bool:
    above_low = value >= low if low_inclusive else value > low
    below_high = high is None or (value <= high if high_inclusive else value < high)
    return above_low and below_high


def _flow_parameter(ctx: PointContext, name: str) -> Decimal:
    """A named flow rate: given on the instrument, else derived (q2 = 1.6 q1, q4 = 1.25 q3)."""
    if ctx.instrument.get(name) is not None:
        return ctx.parameter(name)
    derivation = ctx.spec.get("derived_flows", {}).get(name)
    if derivation is None:
        return ctx.parameter(name)
    return ctx.parameter(derivation["from"]) * table_decimal(derivation["factor"])


def _condition_temperature(ctx: PointContext, rule: dict, notes: list) -> Decimal | None:
    field_name = rule.get("temperature_field")
    if field_name is None:
        return None
    measured = ctx.optional_reading(field_name)
    if measured is not None:
        return measured
    notes.append(f"{field_name} not given; {rule['assumed_temperature']} °C assumed")
    return table_decimal(rule["assumed_temperature"])


def _zone_applies_at(zone: dict, temperature: Decimal | None) -> bool:
    if temperature is None:
        return True
    if "temp_at_most" in zone and temperature > table_decimal(zone["temp_at_most"]):
        return False
    return not ("temp_above" in zone and temperature <= table_decimal(zone["temp_above"]))


def percent_by_flow_zone(rule: dict, ctx: PointContext) -> Outcome:
    """Water and gas meters: ±% by flow zone (and, for water, by water temperature)."""
    notes: list[str] = []
    temperature = _condition_temperature(ctx, rule, notes)
    zones = [zone for zone in rule["zones"] if _zone_applies_at(zone, temperature)]
    flow = ctx.reading("flow_rate")
    for zone in zones:
        low, high = _flow_parameter(ctx, zone["from"]), _flow_parameter(ctx, zone["to"])
        if _within(flow, low, zone["from_inclusive"], high, zone["to_inclusive"]):
            return Outcome(table_decimal(zone["mpe_pct"]), "%", tuple(notes), zone=zone["zone"])
    nearest = zones[0] if flow < _flow_parameter(ctx, zones[0]["from"]) else zones[-1]
    notes.append(
        f"flow rate {as_text(flow)} outside the table's flow range; "
        f"MPE of the nearest ({nearest['zone']}) zone used"
    )
    return Outcome(table_decimal(nearest["mpe_pct"]), "%", tuple(notes), True, zone=nearest["zone"])


def _small_volume_bands(rule: dict) -> tuple:
    """``(from, to, multiple, applied_to or None)`` of each small-volume band, as Decimals."""
    return tuple(
        (
            table_decimal(band["from"]),
            table_decimal(band["to"]),
            table_decimal(band["multiple"]),
            None if band["applied_to"] is None else table_decimal(band["applied_to"]),
        )
        for band in rule["small_volume"]
    )


def _table_volume_mpe(rule: dict, class_pct: Decimal, volume: Decimal) -> Decimal:
    """MID Annex VII Tables 2 and 3 (line A): the MPE in litres for a delivered volume."""
    for low, high, multiple, applied_to in derived(rule, _small_volume_bands):
        if low <= volume < high:
            base = volume if applied_to is None else applied_to
            return multiple * class_pct / HUNDRED * base
    return class_pct / HUNDRED * volume


def _emin(rule: dict, ctx: PointContext, class_pct: Decimal) -> tuple[Decimal, bool]:
    """Emin and whether its formula is inferred (MMQ ≥ 2 L) rather than sourced."""
    emin_rule, mmq = rule["emin"], ctx.parameter("mmq")
    if mmq >= table_decimal(emin_rule["large_mmq_from"]):
        by_mmq = table_decimal(emin_rule["large_mmq_factor"]) * mmq * class_pct / HUNDRED
        interval = ctx.parameter("scale_interval")
        by_interval = table_decimal(emin_rule["scale_interval_factor"]) * interval
        return max(by_mmq, by_interval), emin_rule["large_mmq_confidence"] == "inferred"
    small = table_decimal(emin_rule["small_mmq_factor"]) * _table_volume_mpe(rule, class_pct, mmq)
    return small, emin_rule["small_mmq_confidence"] == "inferred"


def volume_with_emin(rule: dict, ctx: PointContext) -> Outcome:
    """Fuel dispensers at verification: ``max(Table 2/3 value, Emin)`` in litres."""
    class_pct = table_decimal(rule["class_pct"][ctx.accuracy_class])
    table_value = _table_volume_mpe(rule, class_pct, abs(ctx.reading("reference")))
    emin_key = ("Emin", rule["id"])  # Emin depends on the instrument, not on the point
    emin, emin_inferred = ctx.check_value(emin_key, lambda: _emin(rule, ctx, class_pct))
    if emin <= table_value:
        return Outcome(table_value, "L")
    note = f"Emin floor {as_text(emin)} L applies (table value {as_text(table_value)} L)"
    if emin_inferred:
        note += "; Emin formula for MMQ >= 2 L is inferred"
    return Outcome(emin, "L", (note,), emin_inferred)


def _current_thresholds(rule: dict, ctx: PointContext) -> tuple[Decimal, Decimal]:
    if "current_from_ib" in rule:
        i_b = ctx.parameter("i_b")
        return (
            table_decimal(rule["current_from_ib"]["i_min"]) * i_b,
            table_decimal(rule["current_from_ib"]["i_tr"]) * i_b,
        )
    return ctx.parameter("i_min"), ctx.parameter("i_tr")


def _temperature_row(rule: dict, temperature: Decimal | None) -> dict | None:
    for row in rule["rows"]:
        if row["temperature"] is None:
            return row
        for low, low_inc, high, high_inc in row["temperature"]:
            if _within(temperature, table_decimal(low), low_inc, table_decimal(high), high_inc):
                return row
    return None


def percent_by_current_and_temperature(rule: dict, ctx: PointContext) -> Outcome:
    """Electricity meters: ±% of reading by class, current range and temperature band."""
    notes: list[str] = []
    provisional = False
    i_min, i_tr = _current_thresholds(rule, ctx)
    current, i_max = ctx.reading("current"), ctx.parameter("i_max")
    if not i_min <= current <= i_max:
        notes.append(f"current {as_text(current)} outside Imin..Imax; nearest range used")
        provisional = True
    temperature = _condition_temperature(ctx, rule, notes)
    row = _temperature_row(rule, temperature)
    if row is None:
        notes.append(f"temperature {as_text(temperature)} °C outside the table; widest band used")
        row, provisional = rule["rows"][-1], True
    band = "low" if current < i_tr else "high"
    return Outcome(table_decimal(row[band][ctx.accuracy_class]), "%", tuple(notes), provisional)
