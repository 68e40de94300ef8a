"""Instrument parameters: the ranges and the order a check's instrument must satisfy.

The engine reads an instrument as one flat dict: ``{"accuracy_class": ..., **params}`` of the
instrument record. Before a point is judged, every parameter it may read is checked here: a
class the rule table knows; a number within the engine's bounds (:mod:`quantities`); positive
where zero or less has no meaning (a scale interval, a capacity, a flow rate, a current); and in
the order the physics demands (``q1 < q2 < q3 < q4`` for a water meter, ``q_min < q_t < q_max``
for a gas meter, ``i_min < i_tr < i_max`` and ``i_b < i_max`` for an electricity meter,
``e < min < max`` for a scale, the scale interval below the MMQ of a fuel dispenser); and a
count of things as a whole number in its range (the ``nozzles`` of a fuel dispenser, 1 to
:data:`MAX_NOZZLES`: its programme is read once per nozzle, see :mod:`programme`). A water
meter's q2 and q4, when not given, are derived as the rule table says (1.6 q1, 1.25 q3) and
checked in the order too, as the engine would judge with them.

Only the parameters that are present (and not ``None``) are checked, so that an instrument record
can be stored before all of them are known; a parameter that a check needs but lacks is refused
when the check is judged (:func:`programme.check_instrument_fields`). Keys the engine does not
read are left alone.
"""

from decimal import Decimal, localcontext
from functools import lru_cache
from typing import NamedTuple

from domain.tolerances.quantities import (
    EXACT_CONTEXT,
    NotANumber,
    as_text,
    exact_decimal,
    table_decimal,
)
from domain.tolerances.refusal import CheckRefused, shown
from domain.tolerances.ruleset import canonical_class, instrument_spec

MAX_UNIT_CHARACTERS = 10
NOZZLES = "nozzles"
MAX_NOZZLES = 16  # the instrument register's nozzle_count is bounded by it too
_REMEMBERED_TEXT = 40  # longer names or texts are checked every time, never remembered


class ParameterRules(NamedTuple):
    """What one instrument type's parameters must satisfy (each rule for present ones only)."""

    positive: tuple[str, ...] = ()
    ascending: tuple[tuple[str, ...], ...] = ()
    text: tuple[str, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()  # (name, most): a whole number from 1 to most


_SCALE = ParameterRules(("e", "min", "max"), (("e", "min", "max"),), ("unit",))

PARAMETER_RULES = {
    "nawi": _SCALE,
    "personal_scale": _SCALE,
    "fuel_dispenser": ParameterRules(
        ("mmq", "scale_interval"), (("scale_interval", "mmq"),), counts=((NOZZLES, MAX_NOZZLES),)
    ),
    "water_meter": ParameterRules(("q1", "q2", "q3", "q4"), (("q1", "q2", "q3", "q4"),)),
    "gas_meter_diaphragm": ParameterRules(("q_min", "q_t", "q_max"), (("q_min", "q_t", "q_max"),)),
    "electricity_meter": ParameterRules(
        ("i_min", "i_tr", "i_b", "i_max"), (("i_min", "i_tr", "i_max"), ("i_b", "i_max"))
    ),
    "taximeter": ParameterRules(("fare_digit",)),
}
_NO_RULES = ParameterRules()


def check_instrument_params(instrument_type: str, params: dict, *, rule_version=None) -> None:
    """Refuse parameters the engine cannot judge with, naming the parameter and what is wrong.

    ``params`` is the flat dict the engine reads (``accuracy_class`` included). Raises
    :class:`CheckRefused` whose ``parameter`` is the name at fault.

    >>> check_instrument_params("gas_meter_diaphragm", {"q_min": 0.04, "q_t": 0.6, "q_max": 6})
    >>> try:
    ...     check_instrument_params("gas_meter_diaphragm", {"q_min": 0.04, "q_t": 10, "q_max": 6})
    ... except CheckRefused as refused:
    ...     print(refused, "|", refused.parameter)
    instrument parameters must satisfy q_min < q_t < q_max: q_t = 10 is not below q_max = 6 | q_t
    """
    if not isinstance(params, dict):
        raise CheckRefused(f"instrument must be a dict, got {type(params).__name__}")
    items = _scalar_items(params)
    if items is None or type(instrument_type) is not str or type(rule_version) not in _KEYS:
        _check(instrument_type, params, rule_version)
    else:
        _check_remembered(instrument_type, rule_version, items)


_KEYS = (str, type(None))
_SCALARS = (str, int, float, type(None))


def _scalar_items(params: dict) -> tuple | None:
    """``(name, type, value)`` of every parameter if all are short scalars, else ``None``.

    The type is part of the key because ``True == 1`` and ``1 == 1.0``: a remembered ``e = 1``
    must not accept ``e = True``.
    """
    items = []
    for name, value in params.items():
        kind = type(value)
        if kind not in _SCALARS or type(name) is not str or len(name) > _REMEMBERED_TEXT:
            return None
        if (kind is str and len(value) > _REMEMBERED_TEXT) or (
            kind is int and value.bit_length() > 64
        ):
            return None
        items.append((name, kind, value))
    return tuple(items)


@lru_cache(maxsize=1024)
def _check_remembered(instrument_type: str, rule_version, items: tuple) -> None:
    """:func:`_check` for parameters seen before: a check judges with the same few instruments
    again and again. Only acceptance is remembered (a refusal raises, and is not cached)."""
    _check(instrument_type, {name: value for name, _, value in items}, rule_version)


def _check(instrument_type, params: dict, rule_version) -> None:
    spec = instrument_spec(instrument_type, rule_version)
    if params.get("accuracy_class") is not None:
        canonical_class(spec, params["accuracy_class"])
    rules = PARAMETER_RULES.get(instrument_type, _NO_RULES)
    for name in rules.text:
        _check_text(name, params.get(name))
    for name, most in rules.counts:
        check_count(name, params.get(name), most)
    with localcontext(EXACT_CONTEXT):
        values = {name: _positive(name, params.get(name)) for name in rules.positive}
        for chain in rules.ascending:
            _check_ascending(chain, _chain_values(chain, values, spec))


def _positive(name: str, value) -> Decimal | None:
    if value is None:
        return None
    try:
        number = exact_decimal(value)
    except NotANumber as problem:
        raise CheckRefused(f"instrument parameter {name!r} {problem}", parameter=name) from None
    if number <= 0:
        raise CheckRefused(
            f"instrument parameter {name!r} must be positive, got {as_text(number)}",
            parameter=name,
        )
    return number


def check_count(name: str, value, most: int) -> None:
    """Refuse a count that is not a whole number from 1 to ``most`` (``None``: not given).

    >>> check_count("nozzles", 4, MAX_NOZZLES)
    >>> try:
    ...     check_count("nozzles", 4.0, MAX_NOZZLES)
    ... except CheckRefused as refused:
    ...     print(refused)
    instrument parameter 'nozzles' must be a whole number from 1 to 16, got 4.0
    """
    if value is None or (type(value) is int and 1 <= value <= most):
        return
    raise CheckRefused(
        f"instrument parameter {name!r} must be a whole number from 1 to {most}, "
        f"got {shown(value)}",
        parameter=name,
    )


def _check_text(name: str, value) -> None:
    if value is None:
        return
    if type(value) is not str or not 0 < len(value.strip()) <= MAX_UNIT_CHARACTERS:
        raise CheckRefused(
            f"instrument parameter {name!r} must be a unit of 1 to {MAX_UNIT_CHARACTERS} "
            f"characters such as 'g' or 'kg', got {shown(value)}",
            parameter=name,
        )


class _ChainValue(NamedTuple):
    name: str
    value: Decimal
    source: str  # the given parameter the value is, or is derived from
    derivation: str | None = None  # "1.6 × q1" for a value the engine derives


def _chain_values(chain: tuple[str, ...], values: dict, spec: dict) -> list[_ChainValue]:
    """The chain's given values, and the derived ones whose source is given, in chain order."""
    derived_flows = spec.get("derived_flows", {})
    present = []
    for name in chain:
        if values.get(name) is not None:
            present.append(_ChainValue(name, values[name], name))
            continue
        derivation = derived_flows.get(name)
        if isinstance(derivation, dict) and values.get(derivation["from"]) is not None:
            source, factor = derivation["from"], table_decimal(derivation["factor"])
            how = f"{as_text(factor)} × {source}"
            present.append(_ChainValue(name, values[source] * factor, source, how))
    return present


def _check_ascending(chain: tuple[str, ...], present: list[_ChainValue]) -> None:
    for lower, upper in zip(present, present[1:], strict=False):
        if lower.value < upper.value:
            continue
        raise CheckRefused(
            f"instrument parameters must satisfy {' < '.join(chain)}: "
            f"{_described(lower)} is not below {_described(upper)}",
            parameter=lower.source,
        )


def _described(entry: _ChainValue) -> str:
    text = f"{entry.name} = {as_text(entry.value)}"
    return f"{text} ({entry.derivation})" if entry.derivation else text
