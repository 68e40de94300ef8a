"""MPE shapes: one small function per ``kind`` of rule, dispatched through :data:`MPE_SHAPES`.

Shapes here are the simple ones (bands in e, absolute, percent of reading, percent with a
floor, multiple of the verification MPE); the meter shapes live in :mod:`mpe_meters`. Adding an
instrument type means adding data to the rule table, and a shape only if its MPE has a new form.
"""

from decimal import Decimal
from operator import ge, gt, le, lt

from domain.tolerances.mpe_meters import (
    percent_by_current_and_temperature,
    percent_by_flow_zone,
    volume_with_emin,
)
from domain.tolerances.point_context import Outcome, PointContext
from domain.tolerances.quantities import as_text, note_quotient, table_decimal
from domain.tolerances.ruleset import derived, find_rule, is_provisional

HUNDRED = Decimal(100)


def _e_bands(rule: dict) -> tuple:
    """``(from, above, to or None, below, mpe_e)`` of each band in e: Decimal limits, and the
    comparisons (``>=`` or ``>``, ``<=`` or ``<``) its inclusive flags stand for."""
    return tuple(
        (
            table_decimal(band["from"]),
            ge if band["from_inclusive"] else gt,
            None if band["to"] is None else table_decimal(band["to"]),
            le if band["to_inclusive"] else lt,
            table_decimal(band["mpe_e"]),
        )
        for band in rule["bands"]
    )


def piecewise_e(rule: dict, ctx: PointContext) -> Outcome:
    """NAWI: MPE in e by the load expressed in e (R 76 Table 6), returned in mass units.

    The load is compared with each band limit times e (``e > 0``), never divided by e: the
    product is exact where the quotient would be rounded.
    """
    e = ctx.parameter("e")
    unit = str(ctx.instrument.get("unit", ""))
    load = ctx.reading("load")
    bands = derived(rule, _e_bands)
    for low, above, high, below, mpe_e in bands:
        if above(load, low * e) and (high is None or below(load, high * e)):
            return Outcome(mpe_e * e, unit)
    load_e = note_quotient(load, e)
    note = f"load {as_text(load_e)} e beyond the class table; MPE of the top band used"
    return Outcome(bands[-1][-1] * e, unit, (note,), True)


def absolute(rule: dict, ctx: PointContext) -> Outcome:
    """A fixed ± value in the unit of the quantity (e.g. ±3 mmHg)."""
    return Outcome(table_decimal(rule["mpe_abs"]), rule["unit"])


def absolute_by_range(rule: dict, ctx: PointContext) -> Outcome:
    """A fixed ± value per range of the reference value; nearest range outside them."""
    value = ctx.reading(rule["range_field"])
    for span in rule["ranges"]:
        if table_decimal(span["from"]) <= value <= table_decimal(span["to"]):
            return Outcome(table_decimal(span["mpe_abs"]), rule["unit"])
    nearest = min(rule["ranges"], key=lambda span: _distance(value, span))
    note = f"{as_text(value)} {rule['unit']} outside the ranges with a known MPE; nearest used"
    return Outcome(table_decimal(nearest["mpe_abs"]), rule["unit"], (note,), True)


def _distance(value: Decimal, span: dict) -> Decimal:
    return min(abs(value - table_decimal(span["from"])), abs(value - table_decimal(span["to"])))


def percent_of_reading(rule: dict, ctx: PointContext) -> Outcome:
    """±% of the true quantity, in its unit (Taiwan in-service fuel: ±0.5 %)."""
    quantity = abs(ctx.reading(rule["of"]))
    return Outcome(table_decimal(rule["mpe_pct"]) / HUNDRED * quantity, ctx.spec["error"]["unit"])


def percent_with_floor(rule: dict, ctx: PointContext) -> Outcome:
    """Taximeters: ``max(pct × true value, floor)``; the fare floor comes from the instrument."""
    floor = (
        ctx.parameter(rule["floor_field"])
        if "floor_field" in rule
        else table_decimal(rule["floor"])
    )
    by_percent = table_decimal(rule["mpe_pct"]) / HUNDRED * abs(ctx.reading("reference"))
    return Outcome(max(by_percent, floor), rule["unit"])


def multiple_of_verification(rule: dict, ctx: PointContext) -> Outcome:
    """``factor ×`` the verification MPE of the same point (in-service rules)."""
    base_rule = find_rule(ctx.spec, "verification", ctx.accuracy_class, ctx.name)
    base = mpe_for(base_rule, ctx)
    notes = base.notes + ((rule["note"],) if rule.get("fallback") else ())
    provisional = base.provisional or is_provisional(ctx.spec, base_rule)
    return Outcome(
        table_decimal(rule["factor"]) * base.value, base.unit, notes, provisional, base.zone
    )


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
