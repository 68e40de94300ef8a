"""``evaluate_check``: judge one instrument's test points against the legal tolerance rules.

The steps are short and in order: resolve the rule version and instrument type, refuse a check
that does not fit the programme or whose instrument parameters are impossible, compute each
point's error and MPE from the rule table (refusing an impossible reading, warning of an
implausible one), apply the check-level rules (in service never tighter than verification; the
gas-meter same-sign rule) and write a JSON-ready result of plain strings, booleans and lists.
All arithmetic runs in :data:`EXACT_CONTEXT`: a value that could only be rounded is refused.
"""

from decimal import Decimal, DecimalException, localcontext
from operator import itemgetter
from typing import NamedTuple

from domain.tolerances.indication_errors import changeover_indication, point_error
from domain.tolerances.mpe_shapes import mpe_for
from domain.tolerances.parameters import check_instrument_params
from domain.tolerances.plausibility import reading_warning
from domain.tolerances.point_context import Outcome, PointContext
from domain.tolerances.programme import (
    check_instrument_fields,
    check_programme,
    check_reading_fields,
    nozzle_count,
    point_key,
)
from domain.tolerances.quantities import EXACT_CONTEXT, as_text
from domain.tolerances.refusal import CheckRefused
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
    check_programme(spec, phase, points, nozzle_count(instrument_type, instrument))
    check_instrument_fields(instrument_type, spec, instrument)
    check_instrument_params(instrument_type, instrument, rule_version=version)
    judged_type, judged_spec, instrument, note = judging_terms(
        instrument_type, spec, instrument, version
    )
    with localcontext(EXACT_CONTEXT):
        judged = judged_points(judged_type, judged_spec, phase, instrument, note, points)
    verdict = check_verdict(spec, judged)
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


def judging_terms(instrument_type: str, spec: dict, instrument: dict, version: str) -> tuple:
    """``(judged type, its spec, instrument, note)``: what a check of ``spec`` is judged as.

    A regulated type is judged as itself, with no note. A type that is not legally verified
    (personal scales) is judged informatively as its stand-in (NAWI), with the stand-in's
    default class when the instrument has none, and its ``not_regulated_note`` on every point.
    """
    if spec["regulated"]:
        return instrument_type, spec, instrument, None
    stand_in = spec["informative_as"]
    instrument = {**instrument, "accuracy_class": _class_or_default(instrument, stand_in)}
    judged_type = stand_in["instrument_type"]
    note = spec["not_regulated_note"]
    return judged_type, instrument_spec(judged_type, version), instrument, note


def judged_points(judged_type, spec, phase, instrument, note, points) -> list[dict]:
    """The result of every point, judged as ``judged_type`` by its ``spec`` (in the exact
    context); ``note`` (see :func:`judging_terms`) heads every point's note."""
    check_reading_fields(spec, points)
    base = check_context(spec, phase, instrument)
    zero = zero_error(base, points)
    judged = [evaluate_point(judged_type, base.at(point, zero)) for point in points]
    return point_results(phase, judged, note)


def check_context(spec: dict, phase: str, instrument: dict) -> PointContext:
    """The context every point of a check shares (its points come with :meth:`PointContext.at`);
    refuses an unknown accuracy class."""
    accuracy_class = canonical_class(spec, instrument.get("accuracy_class"))
    return PointContext(spec, phase, accuracy_class, instrument, {})


def point_results(phase: str, judged: list["JudgedPoint"], note: str | None) -> list[dict]:
    """The JSON-ready results of judged points, after the check-level same-sign rule."""
    return [_as_result(point, note) for point in _apply_same_sign_limit(phase, judged)]


def check_verdict(spec: dict, results: list[dict]) -> str:
    """``pass`` when every point passed, else ``fail``; ``not_regulated`` for a type that is
    not legally verified, whatever its points."""
    if not spec["regulated"]:
        return "not_regulated"
    return "pass" if all(map(itemgetter("passed"), results)) else "fail"


def zero_error(base: PointContext, points: list[dict]):
    """E0 from the zero point, when it was read by the changeover method (NAWI only)."""
    if base.spec["error"]["kind"] != "changeover":
        return None
    for point in points:
        if point["name"] == "zero":
            zero = base.at(point)
            try:
                indication = changeover_indication(zero)
                if indication is not None:
                    return indication - zero.reading("load")
            except DecimalException as problem:
                raise _not_exact(zero, problem) from None
    return None


class JudgedPoint(NamedTuple):
    """A point with the rule it was judged by, its error, its MPE and any warning."""

    ctx: PointContext
    rule: dict
    error: Outcome
    mpe: Outcome
    warning: str | None = None


def evaluate_point(judged_type: str, ctx: PointContext) -> JudgedPoint:
    """Judge one point: refuse an impossible reading, find its rule, its MPE and its error."""
    try:
        warning = reading_warning(judged_type, ctx)
        rule = find_rule(ctx.spec, ctx.phase, ctx.accuracy_class, ctx.name)
        mpe = mpe_for(rule, ctx)
        if ctx.phase == "inspection":
            mpe = _never_tighter_than_verification(ctx, mpe)
        return JudgedPoint(ctx, rule, point_error(ctx), mpe, warning)
    except DecimalException as problem:
        raise _not_exact(ctx, problem) from None


def _not_exact(ctx: PointContext, problem: DecimalException) -> CheckRefused:
    """Bounded readings never get here; if one did, it is refused rather than rounded."""
    return CheckRefused(
        f"point {point_key(ctx.point)!r}: its readings cannot be judged exactly "
        f"({type(problem).__name__} in {EXACT_CONTEXT.prec}-digit arithmetic)"
    )


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
    ctx, rule, error, mpe, _ = judged
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
    if judged.warning:
        result["warning"] = judged.warning
    return result


def _class_or_default(instrument: dict, stand_in: dict):
    """The instrument's class, or the stand-in's default when it has none (absent or None)."""
    given = instrument.get("accuracy_class")
    return stand_in["default_class"] if given is None else given
