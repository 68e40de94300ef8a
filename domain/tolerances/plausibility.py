"""Readings no real test can give are refused; readings a real test rarely gives get a warning.

Each function takes a point's :class:`PointContext` of one instrument type, raises
:class:`CheckRefused` for an impossible reading, and returns the warning text for an implausible
one (``None`` when there is nothing to say). A warning never changes the error, the MPE or the
verdict: it is written in the point's ``warning`` so that the inspector sees it.

- Impossible, refused: a negative delivered volume (fuel) or a negative reference distance,
  time or fare (taximeter); a flow rate or a current of zero or less (water, gas and electricity
  meters: nothing was measured); a load above Max + 9 e on a scale, where OIML R 76-1 requires
  that the scale show no indication at all (so the indication cannot have been read).
- Implausible, warned: a fuel delivery below the MMQ (outside the measuring range); a taximeter
  reference distance under ``SHORTEST_TAXI_DISTANCE_M`` (100 m), most likely typed in km.
"""

from decimal import Decimal

from domain.tolerances.point_context import PointContext
from domain.tolerances.programme import point_key
from domain.tolerances.quantities import as_text
from domain.tolerances.refusal import CheckRefused

OVERLOAD_E = 9  # R 76-1: no indication above Max + 9 e
SHORTEST_TAXI_DISTANCE_M = Decimal(100)
_TAXI_UNITS = {"distance": "m", "time": "s", "fare": "TWD"}


def reading_warning(instrument_type: str, ctx: PointContext) -> str | None:
    """Refuse an impossible reading of the point; return a warning for an implausible one."""
    check = _READING_CHECKS.get(instrument_type)
    return None if check is None else check(ctx)


def _refuse(ctx: PointContext, problem: str):
    raise CheckRefused(f"point {point_key(ctx.point)!r}: {problem}")


def _scale(ctx: PointContext) -> None:
    load, e, capacity = ctx.reading("load"), ctx.parameter("e"), ctx.parameter("max")
    ceiling = capacity + OVERLOAD_E * e
    if load > ceiling:
        unit = ctx.instrument.get("unit", "")
        _refuse(
            ctx,
            f"load {as_text(load)} {unit} is above Max + 9e = {as_text(ceiling)} {unit}, where a "
            "scale shows no indication; check the load and its unit",
        )


def _fuel(ctx: PointContext) -> str | None:
    reference, indicated = ctx.reading("reference"), ctx.reading("indicated")
    if reference < 0:
        _refuse(ctx, f"the delivered volume (reference) cannot be negative: {as_text(reference)} L")
    mmq = ctx.parameter("mmq")
    if max(reference, indicated) < mmq:
        return (
            f"delivery of {as_text(reference)} L is below the MMQ {as_text(mmq)} L, outside the "
            "measuring range; judged by the MPE formula all the same"
        )
    return None


def _taximeter(ctx: PointContext) -> str | None:
    reference = ctx.reading("reference")
    unit = _TAXI_UNITS.get(ctx.name, "")
    if reference < 0:
        _refuse(ctx, f"the reference {ctx.name} cannot be negative: {as_text(reference)} {unit}")
    if ctx.name == "distance" and reference < SHORTEST_TAXI_DISTANCE_M:
        return (
            f"reference distance {as_text(reference)} m is shorter than any taximeter test "
            f"({as_text(SHORTEST_TAXI_DISTANCE_M)} m): were the distances typed in km? "
            "They are judged as metres"
        )
    return None


def _positive_reading(field_name: str):
    def check(ctx: PointContext) -> None:
        value = ctx.reading(field_name)
        if value <= 0:
            _refuse(ctx, f"{field_name} must be positive (nothing is measured at {as_text(value)})")

    return check


_READING_CHECKS = {
    "nawi": _scale,
    "fuel_dispenser": _fuel,
    "water_meter": _positive_reading("flow_rate"),
    "gas_meter_diaphragm": _positive_reading("flow_rate"),
    "electricity_meter": _positive_reading("current"),
    "taximeter": _taximeter,
}
