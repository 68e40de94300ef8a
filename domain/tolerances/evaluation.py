"""``evaluate_check``: judge one instrument's test points against the legal tolerance rules.

The steps are short and in order: resolve the rule version and instrument type, refuse a check
that does not fit the programme, compute each point's error and MPE from the rule table, apply the
check-level rules (in service never tighter than verification; the gas-meter same-sign rule) and
write a JSON-ready result of plain strings, booleans and lists.
"""

from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from domain.tolerances.indication_errors import changeover_indication, point_error
from domain.tolerances.mpe_shapes import mpe_for
from domain.tolerances.point_context import Outcome, PointContext
from domain.tolerances.programme import (
    check_instrument_fields,
    check_programme,
    check_reading_fields,
)
from domain.tolerances.quantities import as_text
from domain.tolerances.ruleset import (
    PROVISIONAL_CONFIDENCE,
    RULE_SET_ID,
    canonical_class,
    check_phase,
    find_rule,
    instrument_spec,
    is_provisional,
    rule_table,
)


def evaluate_check(instrument_type, phase, instrument, points, *, rule_version=None) -> dict:
    """Judge a check; see the package docstring for the point shapes and the result.

    >>> result = evaluate_check("sphygmomanometer", "verification", {}, [
    ...     {"name": f"{p}mmHg", "indicated": p + 3, "reference": p}
    ...     for p in (0, 10, 50, 100, 150, 200, 250)])
    >>> result["verdict"], result["points"][0]["error"], result["points"][0]["mpe"]
    ('pass', '3', '3')
    """
    version = rule_table(rule_version)["version"]
    check_phase(phase)
    spec = instrument_spec(instrument_type, version)
    check_programme(spec, phase, points)
    check_instrument_fields(instrument_type, spec, instrument)
    if not spec["regulated"]:
        judged = _informative_points(spec, phase, instrument, points, version)
        verdict = "not_regulated"
    else:
        judged = _judged_points(spec, phase, instrument, points)
        verdict = "pass" if all(map(itemgetter("passed"), judged)) else "fail"
    return {
        "instrument_type": instrument_type,
        "phase": phase,
        "rule_set": RULE_SET_ID,
        "rule_version": version,
        "verdict": verdict,
        "provisional": any(map(itemgetter("provisional"), judged)),
        "points": judged,
        "missing": [],
    }


def _judged_points(spec, phase, instrument, points, extra_note=None) -> list[dict]:
    check_reading_fields(spec, points)
    accuracy_class = canonical_class(spec, instrument.get("accuracy_class"))
    base = PointContext(spec, phase, accuracy_class, instrument, {})
    zero_error = _zero_error(base, points)
    judged = [_evaluate_point(base.at(point, zero_error)) for point in points]
    return [_as_result(point, extra_note) for point in _apply_same_sign_limit(phase, judged)]


def _zero_error(base: PointContext, points: list[dict]):
    """E0 from the zero point, when it was read by the changeover method (NAWI only)."""
    if base.spec["error"]["kind"] != "changeover":
        return None
    for point in points:
        if point["name"] == "zero":
            zero = base.at(point)
            indication = changeover_indication(zero)
            if indication is not None:
                return indication - zero.reading("load")
    return None


class JudgedPoint(NamedTuple):
    """A point with the rule it was judged by, its error and its MPE."""

    ctx: PointContext
    rule: dict
    error: Outcome
    mpe: Outcome


def _evaluate_point(ctx: PointContext) -> JudgedPoint:
    rule = find_rule(ctx.spec, ctx.phase, ctx.accuracy_class, ctx.name)
    mpe = mpe_for(rule, ctx)
    if ctx.phase == "inspection":
        mpe = _never_tighter_than_verification(ctx, mpe)
    return JudgedPoint(ctx, rule, point_error(ctx), mpe)


def _never_tighter_than_verification(ctx: PointContext, mpe: Outcome) -> Outcome:
    """An in-service MPE below the verification MPE of the same point is raised to it."""
    verification_rule = find_rule(ctx.spec, "verification", ctx.accuracy_class, ctx.name)
    floor = mpe_for(verification_rule, ctx)
    if mpe.value >= floor.value:
        return mpe
    note = (
        f"in-service MPE {as_text(mpe.value)} {mpe.unit} raised to the verification MPE "
        f"(in service is never tighter than verification)"
    )
    provisional = mpe.provisional or floor.provisional
    return Outcome(floor.value, floor.unit, mpe.notes + floor.notes + (note,), provisional)


def _apply_same_sign_limit(phase: str, judged: list[JudgedPoint]) -> list[JudgedPoint]:
    """Gas meters: if all upper-zone errors share a sign, none may exceed a tighter limit."""
    limit = judged[0].rule.get("same_sign_limit") if judged else None
    if phase != "verification" or not limit:
        return judged
    in_zone = [point.mpe.zone == limit["zone"] for point in judged]
    errors = [point.error.value for point, inside in zip(judged, in_zone, strict=True) if inside]
    if len(errors) < 2 or not (all(e > 0 for e in errors) or all(e < 0 for e in errors)):
        return judged
    tighter = Outcome(
        Decimal(str(limit["mpe_pct"])),
        "%",
        (f"all {limit['zone']}-zone errors have the same sign: limit ±{limit['mpe_pct']} %",),
        limit["confidence"] in PROVISIONAL_CONFIDENCE,
        limit["zone"],
    )
    return [
        point._replace(mpe=_tighter_of(point.mpe, tighter)) if inside else point
        for point, inside in zip(judged, in_zone, strict=True)
    ]


def _tighter_of(mpe: Outcome, tighter: Outcome) -> Outcome:
    if tighter.value >= mpe.value:
        return mpe
    provisional = mpe.provisional or tighter.provisional
    return Outcome(tighter.value, mpe.unit, mpe.notes + tighter.notes, provisional, mpe.zone)


def _as_result(judged: JudgedPoint, extra_note: str | None) -> dict:
    ctx, rule, error, mpe = judged
    provisional_rule = is_provisional(ctx.spec, rule)
    notes = [*error.notes, *mpe.notes]
    if provisional_rule and rule.get("note") and rule["note"] not in notes:
        notes.append(rule["note"])
    if extra_note:
        notes.insert(0, extra_note)
    result = {"name": ctx.name}
    position = ctx.point.get("position")
    if position is not None:
        result["position"] = position
    result["error"] = as_text(error.value)
    result["error_unit"] = error.unit or mpe.unit
    result["mpe"] = as_text(mpe.value)
    result["passed"] = abs(error.value) <= mpe.value
    result["rule_id"] = rule["id"]
    result["provisional"] = bool(
        provisional_rule or error.provisional or mpe.provisional or extra_note
    )
    if notes:
        result["note"] = "; ".join(notes)
    return result


def _informative_points(spec, phase, instrument, points, version) -> list[dict]:
    """Not legally verified (personal scales): judged informatively by the NAWI rules."""
    stand_in = spec["informative_as"]
    instrument = {"accuracy_class": stand_in["default_class"], **instrument}
    nawi_spec = instrument_spec(stand_in["instrument_type"], version)
    return _judged_points(nawi_spec, phase, instrument, points, spec["not_regulated_note"])
