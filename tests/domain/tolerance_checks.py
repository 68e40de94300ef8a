"""Factories for tolerance-engine tests: a passing check per instrument type, and a way to judge
one point inside such a check (so every rule is tested through the public ``evaluate_check``)."""

import copy

from domain.tolerances import evaluate_check

NAWI_III = {"accuracy_class": "III", "e": 5, "max": 15000, "unit": "g"}
FUEL_05 = {"accuracy_class": "0.5", "mmq": 2, "scale_interval": 0.01}
WATER_2 = {"accuracy_class": "2", "q1": 0.04, "q3": 2.5}
ELEC_B = {"accuracy_class": "B", "i_min": 0.25, "i_tr": 0.5, "i_max": 60}
GAS_15 = {"accuracy_class": "1.5", "q_min": 0.04, "q_t": 0.6, "q_max": 6}


def _nawi_points():
    points = [
        {"name": "zero", "load": 0, "indication": 0},
        {"name": "min", "load": 100, "indication": 100},
        {"name": "max", "load": 15000, "indication": 15000},
    ]
    eccentric = {"name": "eccentricity", "load": 5000, "indication": 5000}
    return points + [{**eccentric, "position": p} for p in (1, 2, 3, 4)]


def _exact(names, **readings):
    return [{"name": name, **readings} for name in names]


PASSING_CHECKS = {
    "nawi": (NAWI_III, _nawi_points()),
    "fuel_dispenser": (
        FUEL_05,
        _exact(["max_flow", "min_flow", "mmq"], indicated=20, reference=20),
    ),
    "water_meter": (
        WATER_2,
        [
            {"name": "Q1", "flow_rate": 0.04, "indicated": 100, "actual": 100},
            {"name": "Q2", "flow_rate": 0.064, "indicated": 100, "actual": 100},
            {"name": "Q3", "flow_rate": 2.5, "indicated": 100, "actual": 100},
        ],
    ),
    "electricity_meter": (
        ELEC_B,
        [
            {"name": n, "current": c, "indicated": 1, "reference": 1}
            for n, c in (("Imin", 0.25), ("Itr", 0.5), ("Iref", 5), ("Imax", 60))
        ],
    ),
    "gas_meter_diaphragm": (
        GAS_15,
        [
            {"name": "Qmin", "flow_rate": 0.04, "indicated": 100, "reference": 100},
            {"name": "0.2Qmax", "flow_rate": 1.2, "indicated": 100, "reference": 100},
            {"name": "Qmax", "flow_rate": 6, "indicated": 100, "reference": 100},
        ],
    ),
    "taximeter": (
        {"fare_digit": 5},
        _exact(["distance", "time"], indicated=1000, reference=1000),
    ),
    "sphygmomanometer": (
        {},
        [
            {"name": f"{p}mmHg", "indicated": p, "reference": p}
            for p in (0, 10, 50, 100, 150, 200, 250)
        ],
    ),
    "ir_ear_thermometer": (
        {},
        [{"name": f"{t}C", "indicated": t, "reference": t} for t in ("35.0", "37.0", "41.5")],
    ),
    "personal_scale": ({"e": 0.1, "max": 150, "unit": "kg"}, []),
}


def passing_check(instrument_type):
    """A deep copy of a check of ``instrument_type`` whose every point is exactly right."""
    return copy.deepcopy(PASSING_CHECKS[instrument_type])


def judge_point(instrument_type, phase, point, instrument=None, extra=()):
    """Judge ``point`` inside an otherwise exact check; returns (point result, whole result)."""
    base_instrument, points = passing_check(instrument_type)
    replaced = {(p["name"], p.get("position")) for p in [*extra, point]}
    points = [p for p in points if (p["name"], p.get("position")) not in replaced]
    points = [*points, *extra, point]
    instrument = base_instrument if instrument is None else instrument
    result = evaluate_check(instrument_type, phase, instrument, points)
    return result["points"][-1], result
