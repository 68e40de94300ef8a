"""The test programme: which test points a check must contain, and what each must carry.

The programme is data in the rule table (``points.<phase>.required`` / ``optional`` and
``reading_fields``), so it is versioned with the tolerances. A point is identified by its
``name``, plus ``position`` for eccentricity points ("eccentricity position 3"): a whole number
from 1 to ``MAX_POSITION`` (99), as a number or as its digits.

A fuel dispenser is verified nozzle by nozzle: the table's programme is that of one nozzle.
An instrument with ``nozzles`` N > 1 (a checked parameter, 1 to 16) reads it once per nozzle,
the nozzle being the point's position: ``max_flow position 1`` .. ``max_flow position N``, and
so for every name; a point without a position, or with a position above N, is unknown. With
``nozzles`` absent or 1 the table's programme is used as it is. Which types are read per nozzle
is the engine's (:data:`PER_NOZZLE_TYPES`), not a rule version's: v1 is frozen, and a check of
one nozzle, or without ``nozzles``, is judged exactly as before.

    >>> fuel = instrument_spec("fuel_dispenser")
    >>> phase_programme(fuel, "inspection", nozzles=2).required
    ('max_flow position 1', 'min_flow position 1', 'max_flow position 2', 'min_flow position 2')
"""

import re
from decimal import Decimal, localcontext
from typing import NamedTuple

from domain.tolerances.parameters import (
    MAX_NOZZLES,
    NOZZLES,
    check_count,
    check_instrument_params,
)
from domain.tolerances.quantities import EXACT_CONTEXT, as_text, to_decimal
from domain.tolerances.refusal import CheckRefused, listed, shown
from domain.tolerances.ruleset import check_phase, derived, instrument_spec

_POSITION_SEPARATOR = " position "
MAX_POSITION = 99
_POSITION_TEXT = re.compile(r"^[1-9][0-9]?$")
#: Instrument types whose programme is read once per nozzle (``nozzles``, the position).
PER_NOZZLE_TYPES = frozenset({"fuel_dispenser"})


class Programme(NamedTuple):
    """The point keys of one phase's programme for one instrument (see the module docstring)."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    known: frozenset
    any_position: frozenset  # base names known at any position (none when read per nozzle)
    nozzles: int = 1


def point_key(point: dict) -> str:
    """The identity of a point in the programme: ``name`` or ``name position N``."""
    name = str(point.get("name", ""))
    position = point.get("position")
    if position is None:
        return name
    return f"{name}{_POSITION_SEPARATOR}{position}"


def base_name(key: str) -> str:
    """``"eccentricity position 2"`` -> ``"eccentricity"``."""
    return key.split(_POSITION_SEPARATOR)[0]


def check_instrument_fields(instrument_type: str, spec: dict, instrument: dict) -> None:
    """Refuse an instrument dict lacking a field its type needs."""
    if not isinstance(instrument, dict):
        raise CheckRefused(f"instrument must be a dict, got {type(instrument).__name__}")
    absent = [field for field in spec["instrument_fields"] if instrument.get(field) is None]
    if absent:
        raise CheckRefused(
            f"instrument ({instrument_type}) is missing field(s): {', '.join(absent)}"
        )


def nozzle_count(instrument_type: str, instrument) -> int:
    """The nozzles a check of ``instrument`` reads its programme for: its ``nozzles`` (refused
    unless a whole number from 1 to 16) for a per-nozzle type, else 1."""
    if instrument_type not in PER_NOZZLE_TYPES or not isinstance(instrument, dict):
        return 1
    nozzles = instrument.get(NOZZLES)
    if nozzles is None:
        return 1
    check_count(NOZZLES, nozzles, MAX_NOZZLES)
    return nozzles


def phase_programme(spec: dict, phase: str, nozzles: int = 1) -> Programme:
    """The programme of ``phase`` for an instrument of ``nozzles`` (worked out once each)."""
    by_nozzles = derived(spec["points"][phase], _programmes_by_nozzles)
    programme = by_nozzles.get(nozzles)
    if programme is None:
        programme = by_nozzles[nozzles] = _programme(spec["points"][phase], nozzles)
    return programme


def _programmes_by_nozzles(table_programme: dict) -> dict:
    """The programmes of one phase worked out so far, by number of nozzles."""
    return {}


def _programme(table_programme: dict, nozzles: int) -> Programme:
    required, optional = table_programme["required"], table_programme["optional"]
    if nozzles == 1:
        known = frozenset(required) | frozenset(optional)
        return Programme(tuple(required), tuple(optional), known, _base_names(known))
    required = _per_nozzle(required, nozzles)
    optional = _per_nozzle(optional, nozzles)
    return Programme(required, optional, frozenset(required + optional), frozenset(), nozzles)


def _per_nozzle(keys: list[str], nozzles: int) -> tuple[str, ...]:
    """Every key at every nozzle, nozzle by nozzle: ``max_flow position 1``, ..."""
    return tuple(
        f"{key}{_POSITION_SEPARATOR}{nozzle}" for nozzle in range(1, nozzles + 1) for key in keys
    )


def _base_names(keys) -> frozenset:
    return frozenset(base_name(key) for key in keys)


def is_known(programme: Programme, key: str) -> bool:
    """Whether a point key belongs to the programme."""
    return key in programme.known or base_name(key) in programme.any_position


def check_programme(spec: dict, phase: str, points: list[dict], nozzles: int = 1) -> None:
    """Refuse points that leave out a required point or name one the programme does not know
    (the programme of an instrument of ``nozzles``, :func:`nozzle_count`)."""
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise CheckRefused("points must be a list of dicts")
    for index, point in enumerate(points):
        check_point_identity(index, point)
    programme = phase_programme(spec, phase, nozzles)
    given = {point_key(point) for point in points}
    missing = [key for key in programme.required if key not in given]
    unknown = []
    if strangers := given - programme.known:  # usually none: skip sorting an empty list
        unknown = sorted(key for key in strangers if not is_known(programme, key))
    if missing or unknown:
        raise CheckRefused(
            _programme_message(missing, unknown, programme), missing=missing, unknown=unknown
        )


def check_point_identity(index: int, point: dict) -> None:
    """Refuse a point (``index`` from 0) without a name as text, or with a bad position."""
    name = point.get("name")
    if not name:
        raise CheckRefused(f"point #{index + 1} has no name")
    if type(name) is not str:
        raise CheckRefused(f"point #{index + 1}: name must be text, got {shown(name)}")
    _check_position(index, point)


def _check_position(index: int, point: dict) -> None:
    """Refuse a position that is not a whole number from 1 to 99 (or its digits)."""
    position = point.get("position")
    if position is None:
        return
    if type(position) is int and 1 <= position <= MAX_POSITION:
        return
    if type(position) is str and _POSITION_TEXT.match(position):
        return
    raise CheckRefused(
        f"point #{index + 1} ({shown(point['name'])}): position must be a whole number from 1 "
        f"to {MAX_POSITION}, got {shown(position)}"
    )


def _programme_message(missing: list[str], unknown: list[str], programme: Programme) -> str:
    parts = []
    if missing:
        parts.append(f"missing required test point(s): {listed(missing)}")
    if unknown:
        parts.append(unknown_points_message(unknown, programme))
    return "; ".join(parts)


def unknown_points_message(unknown: list[str], programme: Programme) -> str:
    """The refusal of point keys the programme does not know (how to name them, per nozzle)."""
    message = f"unknown test point name(s): {listed(unknown)}"
    if programme.nozzles > 1:
        message += (
            f" (with {NOZZLES} = {programme.nozzles}, every point names its nozzle as its "
            f"position, 1 to {programme.nozzles})"
        )
    return message


def check_reading_fields(spec: dict, points: list[dict]) -> None:
    """Refuse a point that lacks one of its readings, naming the point and the field."""
    fields_by_name = spec.get("reading_fields", {})
    any_name_fields = fields_by_name.get("*", [])
    for point in points:
        fields = fields_by_name.get(point["name"], any_name_fields)
        for field in fields:
            if point.get(field) is None:
                raise CheckRefused(f"point {point_key(point)!r} is missing its reading {field!r}")


def required_points(instrument_type: str, phase: str, instrument: dict | None = None) -> list:
    """The points a check of this type and phase must contain, with target values if known.

    An instrument whose parameters the engine would refuse is refused here too
    (:func:`check_instrument_params`). A dispenser of N nozzles lists every point of every
    nozzle, nozzle by nozzle, each with its ``position``.

    >>> [p["name"] for p in required_points("fuel_dispenser", "inspection", {})]
    ['max_flow', 'min_flow']
    >>> [(p["name"], p["position"])
    ...  for p in required_points("fuel_dispenser", "inspection", {"nozzles": 2})]
    [('max_flow', 1), ('min_flow', 1), ('max_flow', 2), ('min_flow', 2)]
    """
    check_phase(phase)
    spec = instrument_spec(instrument_type)
    instrument = instrument or {}
    check_instrument_params(instrument_type, instrument)
    with localcontext(EXACT_CONTEXT):
        targets = _targets(instrument_type, instrument)
    listed = []
    programme = phase_programme(spec, phase, nozzle_count(instrument_type, instrument))
    for key in programme.required:
        entry = {"name": base_name(key)}
        if key != base_name(key):
            entry["position"] = int(key.split(_POSITION_SEPARATOR)[1])
        entry.update(targets.get(base_name(key), {}))
        listed.append(entry)
    return listed


def _targets(instrument_type: str, instrument: dict) -> dict:
    """Suggested loads / flow rates per point name, where the instrument dict allows it.

    The parameters are already checked: only an absent one (``KeyError``) leaves targets out.
    """
    try:
        if instrument_type == "nawi":
            return _nawi_targets(instrument)
        if instrument_type == "water_meter":
            q1, q3 = _given(instrument, "q1"), _given(instrument, "q3")
            q2 = q1 * Decimal("1.6") if instrument.get("q2") is None else _given(instrument, "q2")
            return {"Q1": _flow(q1), "Q2": _flow(q2), "Q3": _flow(q3)}
        if instrument_type == "gas_meter_diaphragm":
            q_min, q_max = _given(instrument, "q_min"), _given(instrument, "q_max")
            return {"Qmin": _flow(q_min), "0.2Qmax": _flow(q_max / 5), "Qmax": _flow(q_max)}
    except KeyError:
        return {}
    return {}


def _given(instrument: dict, name: str) -> Decimal:
    """A checked parameter of the instrument; ``KeyError`` when it is absent (or ``None``)."""
    value = instrument.get(name)
    if value is None:
        raise KeyError(name)
    return to_decimal(value, name)


def _flow(value: Decimal) -> dict:
    return {"flow_rate": as_text(value)}


def _nawi_targets(instrument: dict) -> dict:
    e, capacity = _given(instrument, "e"), _given(instrument, "max")
    targets = {"zero": {"load": "0"}, "max": {"load": as_text(capacity)}}
    targets["eccentricity"] = {"load": as_text(capacity // (3 * e) * e)}  # Max/3, whole e
    minimum = _min_capacity_e(str(instrument.get("accuracy_class")), e, instrument.get("unit"))
    if minimum is not None:
        targets["min"] = {"load": as_text(minimum * e)}
    return targets


def _min_capacity_e(accuracy_class: str, e: Decimal, unit) -> Decimal | None:
    rows = instrument_spec("nawi")["min_capacity_e"].get(accuracy_class)
    if not rows or unit not in ("g", "kg"):
        return None
    e_in_grams = e * (1000 if unit == "kg" else 1)
    for row in rows:
        if "e_max_g" not in row or e_in_grams <= Decimal(str(row["e_max_g"])):
            return Decimal(str(row["value"]))
    return None
