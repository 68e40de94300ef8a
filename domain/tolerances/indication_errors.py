"""Error methods: how the error of one test point is computed from its readings.

Convention (reference report): ``E = indicated − conventional true value``; a positive error
means the instrument over-registers. The method is chosen by the instrument type's
``error.kind`` in the rule table, through :data:`ERROR_METHODS`.
"""

from decimal import Decimal

from domain.tolerances.point_context import Outcome, PointContext
from domain.tolerances.quantities import as_text, relative_percent
from domain.tolerances.refusal import CheckRefused

CHANGEOVER_NOTE = "changeover-point correction P = I + 0.5e − ΔL (R 76-1 A.4.4.3, inferred)"


def changeover_error(ctx: PointContext) -> Outcome:
    """NAWI: ``E = I − L``, or with the changeover method ``E = I + 0.5e − ΔL − L``, then
    ``Ec = E − E0`` when the zero point was also read by changeover."""
    load, indication = ctx.reading("load"), ctx.reading("indication")
    if load < 0:
        raise CheckRefused(f"point {ctx.name!r}: load must not be negative, got {as_text(load)}")
    unit = str(ctx.instrument.get(ctx.spec["error"]["unit_field"], ""))
    changeover = changeover_indication(ctx)
    if changeover is None:
        return Outcome(indication - load, unit)
    error, notes = changeover - load, [CHANGEOVER_NOTE]
    if ctx.zero_error is not None and ctx.name != "zero":
        error -= ctx.zero_error
        notes.append(f"zero error E0 = {as_text(ctx.zero_error)} {unit} subtracted")
    return Outcome(error, unit, tuple(notes), provisional=True)


def changeover_indication(ctx: PointContext) -> Decimal | None:
    """``P = I + 0.5e − ΔL`` if the point carries ``changeover_add`` (ΔL), else ``None``."""
    added = ctx.optional_reading("changeover_add")
    if added is None:
        return None
    e = ctx.parameter("e")
    if not 0 <= added <= e:
        raise CheckRefused(
            f"point {ctx.name!r}: changeover_add must be between 0 and e = {as_text(e)}, "
            f"got {as_text(added)}"
        )
    return ctx.reading("indication") + e / 2 - added


def difference_error(ctx: PointContext) -> Outcome:
    """``E = indicated − reference`` in the unit of the quantity."""
    method = ctx.spec["error"]
    error = ctx.reading(method["indicated"]) - ctx.reading(method["true"])
    return Outcome(error, method.get("unit") or "")


def relative_error(ctx: PointContext) -> Outcome:
    """``E% = 100 × (indicated − true) / true`` (meters: water, gas, electricity)."""
    method = ctx.spec["error"]
    true = ctx.reading(method["true"])
    if true <= 0:
        raise CheckRefused(f"point {ctx.name!r}: {method['true']!r} must be positive")
    return Outcome(relative_percent(ctx.reading(method["indicated"]), true), "%")


ERROR_METHODS = {
    "changeover": changeover_error,
    "difference": difference_error,
    "relative_percent": relative_error,
}


def point_error(ctx: PointContext) -> Outcome:
    """The error of a point by its instrument type's error method."""
    return ERROR_METHODS[ctx.spec["error"]["kind"]](ctx)
