"""MPE shapes: one small function per ``kind`` of rule, dispatched through :data:`MPE_SHAPES`.

Shapes here are the simple ones (bands in e, absolute, percent of reading, percent with a
floor, multiple of the verification MPE); the meter shapes live in :mod:`mpe_meters`. Adding an
instrument type means adding data to the rule table, and a shape only if its MPE has a new form.
"""

from decimal import Decimal

from domain.tolerances.mpe_meters import (
    percent_by_current_and_temperature,
    percent_by_flow_zone,
    volume_with_emin,
)
from domain.tolerances.point_context import Outcome, PointContext
from domain.tolerances.quantities import as_text
from domain.tolerances.ruleset import find_rule, is_provisional

HUNDRED = Decimal(100)


def _dec(value) -> Decimal:
    return Decimal(str(value))


def _in_band(load_e: Decimal, band: dict) -> bool:
    low, high = _dec(band["from"]), band["to"]
    above = load_e >= low if band["from_inclusive"] else load_e > low
    if high is None:
        return above
    return above and (load_e <= _dec(high) if band["to_inclusive"] else load_e < _dec(high))


def piecewise_e(rule: dict, ctx: PointContext) -> Outcome:
    """NAWI: MPE in e by the load expressed in e (R 76 Table 6), returned in mass units."""
    e = ctx.parameter("e")
    unit = str(ctx.instrument.get("unit", ""))
    load_e = ctx.reading("load") / e
    for band in rule["bands"]:
        if _in_band(load_e, band):
            return Outcome(_dec(band["mpe_e"]) * e, unit)
    last = rule["bands"][-1]
    note = f"load {as_text(load_e)} e beyond the class table; MPE of the top band used"
    return Outcome(_dec(last["mpe_e"]) * e, unit, (note,), True)


def absolute(rule: dict, ctx: PointContext) -> Outcome:
    """A fixed ± value in the unit of the quantity (e.g. ±3 mmHg)."""
    return Outcome(_dec(rule["mpe_abs"]), rule["unit"])


def absolute_by_range(rule: dict, ctx: PointContext) -> Outcome:
    """A fixed ± value per range of the reference value; nearest range outside them."""
    value = ctx.reading(rule["range_field"])
    for span in rule["ranges"]:
        if _dec(span["from"]) <= value <= _dec(span["to"]):
            return Outcome(_dec(span["mpe_abs"]), rule["unit"])
    nearest = min(
        rule["ranges"],
        key=lambda span: min(abs(value - _dec(span["from"])), abs(value - _dec(span["to"]))),
    )
    note = f"{as_text(value)} {rule['unit']} outside the ranges with a known MPE; nearest used"
    return Outcome(_dec(nearest["mpe_abs"]), rule["unit"], (note,), True)


def percent_of_reading(rule: dict, ctx: PointContext) -> Outcome:
    """±% of the true quantity, in its unit (Taiwan in-service fuel: ±0.5 %)."""
    quantity = abs(ctx.reading(rule["of"]))
    return Outcome(_dec(rule["mpe_pct"]) / HUNDRED * quantity, ctx.spec["error"]["unit"])


def percent_with_floor(rule: dict, ctx: PointContext) -> Outcome:
    """Taximeters: ``max(pct × true value, floor)``; the fare floor comes from the instrument."""
    floor = ctx.parameter(rule["floor_field"]) if "floor_field" in rule else _dec(rule["floor"])
    by_percent = _dec(rule["mpe_pct"]) / HUNDRED * abs(ctx.reading("reference"))
    return Outcome(max(by_percent, floor), rule["unit"])


def multiple_of_verification(rule: dict, ctx: PointContext) -> Outcome:
    """``factor ×`` the verification MPE of the same point (in-service rules)."""
    base_rule = find_rule(ctx.spec, "verification", ctx.accuracy_class, ctx.name)
    base = mpe_for(base_rule, ctx)
    notes = base.notes + ((rule["note"],) if rule.get("fallback") else ())
    provisional = base.provisional or is_provisional(ctx.spec, base_rule)
    return Outcome(_dec(rule["factor"]) * base.value, base.unit, notes, provisional, base.zone)


MPE_SHAPES = {
    "piecewise_e": piecewise_e,
    "absolute": absolute,
    "absolute_by_range": absolute_by_range,
    "percent_of_reading": percent_of_reading,
    "percent_with_floor": percent_with_floor,
    "multiple_of_verification": multiple_of_verification,
    "percent_by_flow_zone": percent_by_flow_zone,
    "volume_with_emin": volume_with_emin,
    "percent_by_current_and_temperature": percent_by_current_and_temperature,
}


def mpe_for(rule: dict, ctx: PointContext) -> Outcome:
    """The MPE of a point under ``rule``, by the rule's kind."""
    return MPE_SHAPES[rule["kind"]](rule, ctx)
