"""The versioned rule tables: loading them once and looking rules up.

The tables are package data (``rules/v1.json``, ``rules/v2.json``, ...), read with
:mod:`importlib.resources` the first time a version is asked for and kept for the life of the
process. A version, once released, is never edited, so a stored check can always be judged again
with the version it names. Looking a rule up is a data question (phase, class, point name), never
an if-chain per instrument. Because a loaded table never changes, what is worked out from one of its
parts (Decimal band limits, the table's spelling of a class) is worked out once: see
:func:`derived`.
"""

import json
import re
from functools import cache, lru_cache
from importlib import resources

from domain.tolerances.quantities import same_class
from domain.tolerances.refusal import CheckRefused, shown

RULE_SET_ID = "tw-bsmi-field"
PHASES = ("verification", "inspection")
PROVISIONAL_CONFIDENCE = frozenset({"inferred", "not found"})
CLASS_CHARACTERS = 20  # no table spells a class longer; longer text is never looked up
_VERSION_FILE = re.compile(r"^v(\d+)\.json$")


@cache
def available_versions() -> tuple[str, ...]:
    """Every rule-table version shipped in the package, oldest first (read once).

    >>> available_versions()[0]
    '1'
    """
    folder = resources.files("domain.tolerances").joinpath("rules")
    numbers = [_VERSION_FILE.match(entry.name) for entry in folder.iterdir()]
    return tuple(str(n) for n in sorted(int(match.group(1)) for match in numbers if match))


CURRENT_VERSION = available_versions()[-1]


@cache
def _load_table(version: str) -> dict:
    text = (
        resources.files("domain.tolerances")
        .joinpath("rules", f"v{version}.json")
        .read_text(encoding="utf-8")
    )
    table = json.loads(text)
    if table["rule_set"] != RULE_SET_ID or table["version"] != version:
        raise CheckRefused(f"rule table v{version}.json does not declare {RULE_SET_ID} v{version}")
    return table


def rule_table(version: str | None) -> dict:
    """The whole table for ``version`` (``None`` = ``CURRENT_VERSION``)."""
    chosen = CURRENT_VERSION if version is None else version
    if type(chosen) is int and 0 < chosen < 10**6:  # rule_version=1 means "1"
        chosen = str(chosen)
    if chosen not in available_versions():
        raise CheckRefused(
            f"unknown rule version {shown(chosen)}; available: {', '.join(available_versions())}"
        )
    return _load_table(chosen)


def instrument_types(version: str | None = None) -> tuple[str, ...]:
    """The instrument type ids covered by a rule version."""
    return tuple(rule_table(version)["instruments"])


def instrument_spec(instrument_type: str, version: str | None = None) -> dict:
    """One instrument type's entry, or a refusal naming the known types."""
    instruments = rule_table(version)["instruments"]
    if type(instrument_type) is not str or instrument_type not in instruments:
        known = ", ".join(instruments)
        raise CheckRefused(f"unknown instrument type {shown(instrument_type)}; known: {known}")
    return instruments[instrument_type]


def check_phase(phase: str) -> None:
    """Refuse a phase other than verification (檢定) or inspection (檢查, in service)."""
    if phase not in PHASES:
        raise CheckRefused(f"unknown phase {shown(phase)}; use 'verification' or 'inspection'")


def canonical_class(spec: dict, given) -> str | None:
    """The table's spelling of an instrument's class (``None`` for class-less types).

    A class is text (``"III"``, ``"0.5"``) or a small number (``1`` for ``"1"``); anything else,
    and text longer than any class, is refused without being looked up.
    """
    if not spec["classes"]:
        return None
    known = None
    if type(given) is str:  # the usual case, remembered: a miss tries "III" as a number, slowly
        if len(given) <= CLASS_CHARACTERS:
            known = _spelling_of_text(tuple(spec["classes"]), given)
    elif type(given) in (int, float) and -100 < given < 100:
        known = _spelling(spec["classes"], given)
    if known is None:
        known = ", ".join(spec["classes"])
        raise CheckRefused(
            f"unknown accuracy_class {shown(given)}; known: {known}", parameter="accuracy_class"
        )
    return known


@lru_cache(maxsize=256)
def _spelling_of_text(classes: tuple[str, ...], given: str) -> str | None:
    return _spelling(classes, given)


def _spelling(classes, given) -> str | None:
    for known in classes:
        if same_class(given, known):
            return known
    return None


def find_rule(spec: dict, phase: str, accuracy_class: str | None, point_name: str) -> dict:
    """The first rule of ``spec`` for this phase, class and point name (looked up once)."""
    found = derived(spec, _found_rules)
    key = (phase, accuracy_class, point_name)
    rule = found.get(key)
    if rule is None:
        rule = found[key] = _first_rule(spec, phase, accuracy_class, point_name)
    return rule


def _found_rules(spec: dict) -> dict:
    """The rules of ``spec`` found so far, by (phase, class, point name)."""
    return {}


def _first_rule(spec: dict, phase: str, accuracy_class: str | None, point_name: str) -> dict:
    for rule in spec["rules"]:
        if rule["phase"] != phase:
            continue
        if "*" not in rule["classes"] and accuracy_class not in rule["classes"]:
            continue
        if "points" in rule and point_name not in rule["points"]:
            continue
        return rule
    raise CheckRefused(
        f"no {phase} rule for class {accuracy_class!r}, point {point_name!r} in this rule version"
    )


def is_provisional(spec: dict, rule: dict) -> bool:
    """A rule is provisional if it, or its whole instrument type, is not confirmed."""
    return (
        rule["confidence"] in PROVISIONAL_CONFIDENCE
        or spec["confidence"] in PROVISIONAL_CONFIDENCE
        or bool(rule.get("fallback"))
    )


_DERIVED: dict = {}


def derived(part, build):
    """``build(part)`` for a part of a loaded rule table, worked out on the first call only.

    Parts are remembered by identity. The entry keeps the part alive, so its identity cannot be
    taken by another object; use it only for parts of the (never-changing) loaded tables.

    >>> spec = instrument_spec("nawi")
    >>> derived(spec, list) is derived(spec, list)  # the same list: built once
    True
    """
    key = (id(part), build)
    entry = _DERIVED.get(key)
    if entry is None:
        entry = _DERIVED[key] = (part, build(part))
    return entry[1]
