"""``judge_so_far``: the engine of ``evaluate_check``, judging a check while it is being typed.

A form re-judges its whole check at every keystroke. Where ``evaluate_check`` refuses a check
as soon as one reading is empty or wrong, ``judge_so_far`` answers for every point on its own:

- ``judged``: ``{"state": "judged", "result": {...}}``, the result being exactly the point's
  entry in ``evaluate_check``'s ``points`` (error, error_unit, mpe, passed, rule_id,
  provisional, note?, warning?);
- ``incomplete``: ``{"state": "incomplete", "empty": [field, ...]}``, the readings still empty
  (``None`` or blank text); a point with nothing typed at all is ``incomplete`` with every
  reading, and is *left out* of the check (so an untouched optional point never holds it up);
- ``refused``: ``{"state": "refused", "message": "..."}``, the engine's words for this point
  (a non-number, an impossible reading, an unknown point name, or the instrument itself).

Every point goes through the engine's own steps (:mod:`domain.tolerances.evaluation`): the same
contexts, rules, errors, MPEs and result writing. The check-level rules apply to the points
judged so far, together, as ``evaluate_check`` applies them to all: the NAWI zero error E0 comes
from the zero point once it is judged (until then, changeover points are judged without E0), and
the gas-meter same-sign rule looks at the upper-zone points judged.

Points are keyed by :func:`point_keys`: ``point_key`` (``"max"``, ``"eccentricity position
2"``, ``"max_flow position 2"`` for nozzle 2 of a dispenser with ``nozzles``), and
``"<key> #n"`` for the n-th point of the same key (repeated readings, n >= 2). The programme is
the one ``evaluate_check`` holds the check to (:func:`programme.phase_programme`): a dispenser
of N nozzles misses every point of every nozzle not yet judged.

    judge_so_far(instrument_type, phase, instrument, points, *, rule_version=None) -> dict
    # {"instrument_type", "phase", "rule_set", "rule_version",
    #  "points": {key: state}, "missing": [required keys absent or incomplete],
    #  "refused": None | message about the instrument (then no point is judged),
    #  "verdict": None | "pass" | "fail" | "not_regulated", "provisional": bool}

``verdict`` stays ``None`` until every required point is judged and every point typed into is
judged; it is then exactly ``evaluate_check``'s verdict for the points typed into.
An unknown instrument type, phase or rule version is still refused (``CheckRefused``): those are
the form's, not the inspector's, to get right.
"""

from decimal import localcontext

from domain.tolerances.evaluation import (
    check_context,
    check_verdict,
    evaluate_point,
    judging_terms,
    point_results,
    zero_error,
)
from domain.tolerances.parameters import check_instrument_params
from domain.tolerances.programme import (
    check_instrument_fields,
    check_point_identity,
    is_known,
    nozzle_count,
    phase_programme,
    point_key,
    unknown_points_message,
)
from domain.tolerances.quantities import EXACT_CONTEXT
from domain.tolerances.refusal import CheckRefused
from domain.tolerances.ruleset import (
    RULE_SET_ID,
    check_phase,
    instrument_spec,
    is_provisional,
    rule_table,
)

IDENTITY_FIELDS = ("name", "position")
_REPEAT_MARK = " #"


def point_keys(points: list[dict]) -> list[str]:
    """The key of each point: its ``point_key``, then ``"<key> #2"``, ``"#3"``... for repeats.

    >>> point_keys([{"name": "35.0C"}, {"name": "37.0C"}, {"name": "35.0C"}])
    ['35.0C', '37.0C', '35.0C #2']
    """
    return _numbered([_identity_key(index, point) for index, point in enumerate(points)])


def _numbered(identities: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for key in identities:
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}{_REPEAT_MARK}{seen[key]}")
    return keys


def _identity_key(index: int, point: dict) -> str:
    """``point_key``, or ``"point #n"`` for a point whose name or position is refused."""
    try:
        check_point_identity(index, point)
    except CheckRefused:
        return f"point #{index + 1}"
    return point_key(point)


def is_blank(value) -> bool:
    """A reading not typed yet: ``None``, or text of spaces only."""
    return value is None or (type(value) is str and not value.strip())


def typed_into(point: dict) -> bool:
    """Whether anything besides the point's identity (name, position) has been typed."""
    return any(not is_blank(v) for k, v in point.items() if k not in IDENTITY_FIELDS)


def judge_so_far(instrument_type, phase, instrument, points, *, rule_version=None) -> dict:
    """Judge every point of a check being typed; see the module docstring for the result."""
    version = rule_table(rule_version)["version"]
    check_phase(phase)
    spec = instrument_spec(instrument_type, version)
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise CheckRefused("points must be a list of dicts")
    identities = [_identity_key(index, point) for index, point in enumerate(points)]
    keys = _numbered(identities)
    refused = _instrument_refusal(instrument_type, spec, instrument, version)
    programme = phase_programme(spec, phase, _nozzles(instrument_type, instrument))
    states = _unjudged_states(_readings_spec(spec, version), programme, keys, points, refused)
    results: dict = {}
    if refused is None:
        terms = judging_terms(instrument_type, spec, instrument, version)
        with localcontext(EXACT_CONTEXT):
            _judge_candidates(terms, phase, keys, points, states, results)
    return {
        "instrument_type": instrument_type,
        "phase": phase,
        "rule_set": RULE_SET_ID,
        "rule_version": version,
        "points": {key: states[key] for key in keys},
        **_verdict_so_far(spec, programme, identities, keys, points, states, results, refused),
        "refused": refused,
    }


def _readings_spec(spec: dict, version: str) -> dict:
    """The spec whose ``reading_fields`` a check's points need (the stand-in's, if informative)."""
    if spec["regulated"]:
        return spec
    return instrument_spec(spec["informative_as"]["instrument_type"], version)


def _instrument_refusal(instrument_type, spec, instrument, version) -> str | None:
    """The engine's message about the instrument (its fields, parameters or class), if any."""
    try:
        check_instrument_fields(instrument_type, spec, instrument)
        check_instrument_params(instrument_type, instrument, rule_version=version)
        _, judged_spec, judged_instrument, _ = judging_terms(
            instrument_type, spec, instrument, version
        )
        check_context(judged_spec, "verification", judged_instrument)
    except CheckRefused as refusal:
        return str(refusal)
    return None


def _nozzles(instrument_type, instrument) -> int:
    """The instrument's nozzles; 1 when they are refused (the instrument's refusal says why)."""
    try:
        return nozzle_count(instrument_type, instrument)
    except CheckRefused:
        return 1


def _unjudged_states(spec, programme, keys, points, refused) -> dict:
    """The state of each point that cannot be judged: a bad identity, or empty readings."""
    any_name_fields = spec.get("reading_fields", {}).get("*", [])
    states = {}
    for index, (key, point) in enumerate(zip(keys, points, strict=True)):
        try:
            check_point_identity(index, point)
        except CheckRefused as refusal:
            states[key] = _refused(str(refusal))
            continue
        if not is_known(programme, point_key(point)):
            states[key] = _refused(unknown_points_message([point_key(point)], programme))
            continue
        fields = spec.get("reading_fields", {}).get(point["name"], any_name_fields)
        empty = [field for field in fields if is_blank(point.get(field))]
        if empty or not typed_into(point):
            states[key] = {"state": "incomplete", "empty": empty or list(fields)}
        elif refused is not None:
            states[key] = _refused(refused)
    return states


def _refused(message: str) -> dict:
    return {"state": "refused", "message": message}


def _judge_candidates(terms, phase, keys, points, states, results) -> None:
    """Judge every point not yet given a state; record results (by key) or refusals."""
    judged_type, spec, instrument, note = terms
    base = check_context(spec, phase, instrument)
    zero = _judged_zero(judged_type, base, keys, points, states)
    judged = {}
    for key, point in zip(keys, points, strict=True):
        if key in states:
            continue
        try:
            judged[key] = evaluate_point(judged_type, base.at(point, zero))
        except CheckRefused as refusal:
            states[key] = _refused(str(refusal))
    for key, result in zip(judged, point_results(phase, list(judged.values()), note), strict=True):
        results[key] = result
        states[key] = {"state": "judged", "result": result}


def _judged_zero(judged_type, base, keys, points, states):
    """E0 as ``evaluate_check`` finds it (the first zero point), once that point is judgeable."""
    if base.spec["error"]["kind"] != "changeover":
        return None
    first_zero = next((i for i, p in enumerate(points) if p.get("name") == "zero"), None)
    if first_zero is None or keys[first_zero] in states:
        return None
    zero = points[first_zero]
    try:
        evaluate_point(judged_type, base.at(zero))
        return zero_error(base, [zero])
    except CheckRefused:
        return None  # the zero point itself is refused when it is judged


def _verdict_so_far(spec, programme, identities, keys, points, states, results, refused):
    """``missing``, ``verdict`` and ``provisional`` of the points judged so far."""
    pairs = list(zip(keys, identities, strict=True))
    given = {identity for key, identity in pairs if states[key]["state"] != "incomplete"}
    missing = [key for key in programme.required if key not in given]
    entered = [key for key, point in zip(keys, points, strict=True) if typed_into(point)]
    complete = refused is None and not missing and all(key in results for key in entered)
    judged = list(results.values())
    return {
        "missing": missing,
        "verdict": check_verdict(spec, judged) if complete else None,
        "provisional": any(result["provisional"] for result in judged),
    }


def rule_details(rule_id: str, *, rule_version=None) -> dict:
    """A rule of the table by its id, with its sources written out: what judged a point.

    ``{"id", "instrument_type", "phase", "kind", "confidence", "provisional", "note"?,
    "fallback"?, ..., "sources": [{"id", "cite", "locator", "kind"}]}`` (the rule's own fields,
    plus the type it belongs to and whether it, or its type, is provisional).

    >>> details = rule_details("sphygmomanometer.inspection")
    >>> details["confidence"], details["provisional"], details["sources"][0]["id"]
    ('inferred', True, 'oiml-r16')
    """
    table = rule_table(rule_version)
    for instrument_type, spec in table["instruments"].items():
        for rule in spec.get("rules", ()):
            if rule["id"] == rule_id:
                return _details(table, instrument_type, spec, rule)
    raise CheckRefused(f"no rule {rule_id!r} in rule version {table['version']}")


def _details(table: dict, instrument_type: str, spec: dict, rule: dict) -> dict:
    sources = [{"id": source, **table["sources"][source]} for source in rule["sources"]]
    return {
        **rule,
        "instrument_type": instrument_type,
        "provisional": is_provisional(spec, rule),
        "type_confidence": spec["confidence"],
        "sources": sources,
    }
