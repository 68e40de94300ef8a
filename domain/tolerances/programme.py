"""The test programme: which test points a check must contain, and what each must carry.

The programme is data in the rule table (``points.<phase>.required`` / ``optional`` and
``reading_fields``), so it is versioned with the tolerances. A point is identified by its
``name``, plus ``position`` for eccentricity points ("eccentricity position 3"): a whole number
from 1 to ``MAX_POSITION`` (99), as a number or as its digits.
"""

import re
from decimal import Decimal, localcontext

from domain.tolerances.parameters import check_instrument_params
from domain.tolerances.quantities import EXACT_CONTEXT, as_text, to_decimal
from domain.tolerances.refusal import CheckRefused, listed, shown
from domain.tolerances.ruleset import check_phase, derived, instrument_spec

_POSITION_SEPARATOR = " position "
MAX_POSITION = 99
_POSITION_TEXT = re.compile(r"^[1-9][0-9]?$")


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


def check_programme(spec: dict, phase: str, points: list[dict]) -> None:
    """Refuse points that leave out a required point or name one the programme does not know."""
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise CheckRefused("points must be a list of dicts")
    for index, point in enumerate(points):
        check_point_identity(index, point)
    programme = spec["points"][phase]
    given = {point_key(point) for point in points}
    known, known_names = known_points(programme)
    missing = [key for key in programme["required"] if key not in given]
    unknown = []
    if strangers := given - known:  # usually none: skip building and sorting an empty list
        unknown = sorted(key for key in strangers if base_name(key) not in known_names)
    if missing or unknown:
        raise CheckRefused(_programme_message(missing, unknown), missing=missing, unknown=unknown)


def check_point_identity(index: int, point: dict) -> None:
    """Refuse a point (``index`` from 0) without a name as text, or with a bad position."""
    name = point.get("name")
    if not name:
        raise CheckRefused(f"point #{index + 1} has no name")
    if type(name) is not str:
        raise CheckRefused(f"point #{index + 1}: name must be text, got {shown(name)}")
    _check_position(index, point)


def known_points(programme: dict) -> tuple[frozenset, frozenset]:
    """The point keys a phase's programme knows, and their base names (worked out once)."""
    return derived(programme, _known_points)


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


def _known_points(programme: dict) -> tuple[frozenset, frozenset]:
    """The point keys a programme knows, and their base names."""
    known = frozenset(programme["required"]) | frozenset(programme["optional"])
    return known, frozenset(base_name(key) for key in known)


def _programme_message(missing: list[str], unknown: list[str]) -> str:
    parts = []
    if missing:
        parts.append(f"missing required test point(s): {listed(missing)}")
    if unknown:
        parts.append(f"unknown test point name(s): {listed(unknown)}")
    return "; ".join(parts)


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
    (:func:`check_instrument_params`).

    >>> [p["name"] for p in required_points("fuel_dispenser", "inspection", {})]
    ['max_flow', 'min_flow']
    """
    check_phase(phase)
    spec = instrument_spec(instrument_type)
    instrument = instrument or {}
    check_instrument_params(instrument_type, instrument)
    with localcontext(EXACT_CONTEXT):
        targets = _targets(instrument_type, instrument)
    listed = []
    for key in spec["points"][phase]["required"]:
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
