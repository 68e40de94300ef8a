"""The instrument register as a check sees it: what a check copies from its instrument.

A check is judged with its instrument's type, accuracy class and parameters. Those come from
the register — the instrument record as the server holds it — never from whatever a device
sends: `register_copy` gives the two fields a check carries (`instrument_type`, and
`instrument_params`, the flat dict the tolerance engine reads: the record's `params` plus its
`accuracy_class`, and for a fuel dispenser its `nozzle_count` as `nozzles`, so that one check
reads every nozzle), and `copy_differences` names every place where a check's copy is not the
register's, so the tablet fills a form from the same function the server checks it with.

    >>> scale = {"type": "nawi", "accuracy_class": "III", "params": {"e": 5, "max": 30000}}
    >>> register_copy(scale)["instrument_params"]
    {'e': 5, 'max': 30000, 'accuracy_class': 'III'}
    >>> check = {"instrument_type": "nawi", "instrument_params": {"accuracy_class": "II", "e": 5,
    ...          "max": 30000}}
    >>> copy_differences(check, scale)
    [('instrument_params.accuracy_class', 'II', 'III')]
    >>> pump = {"type": "fuel_dispenser", "accuracy_class": "0.5", "nozzle_count": 3,
    ...         "params": {"mmq": 2, "scale_interval": 0.01}}
    >>> register_copy(pump)["instrument_params"]["nozzles"]
    3
"""

from domain.tolerances.parameters import NOZZLES
from domain.tolerances.programme import PER_NOZZLE_TYPES

MISSING = None


def register_copy(instrument):
    """`{"instrument_type", "instrument_params"}` of a check of `instrument` (a record).

    The register's `nozzle_count` of a type checked nozzle by nozzle (fuel dispensers), when
    it is set, is the engine's `nozzles` (it wins over a `nozzles` written into `params`).
    """
    params = dict(instrument.get("params") or {})
    if instrument.get("accuracy_class") is not None:
        params["accuracy_class"] = instrument["accuracy_class"]
    if instrument["type"] in PER_NOZZLE_TYPES and instrument.get("nozzle_count") is not None:
        params[NOZZLES] = instrument["nozzle_count"]
    return {"instrument_type": instrument["type"], "instrument_params": params}


def _same(sent, held):
    """Equal as JSON values: 5 and 5.0 are one number, but True is not 1 and "5" is not 5."""
    if isinstance(sent, bool) or isinstance(held, bool):
        return type(sent) is type(held) and sent == held
    return sent == held


def copy_differences(check, instrument):
    """`[(field, check's value, register's value)]` where the check's copy differs."""
    copy = register_copy(instrument)
    found = []
    if check.get("instrument_type") != copy["instrument_type"]:
        found.append(("instrument_type", check.get("instrument_type"), copy["instrument_type"]))
    sent = check.get("instrument_params") or {}
    held = copy["instrument_params"]
    for key in sorted(set(sent) | set(held)):
        if key not in sent or key not in held or not _same(sent[key], held[key]):
            found.append((f"instrument_params.{key}", sent.get(key), held.get(key)))
    return found
