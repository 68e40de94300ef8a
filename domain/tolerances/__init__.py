"""Legal tolerance rule engine: is a measured error within the maximum permissible error (MPE)?

Pure Python (stdlib only). The rules are data: a versioned table packaged as
``domain/tolerances/rules/v<N>.json``, derived from the shared reference report, with a source
citation and a confidence mark on every rule. Small evaluator functions, one per MPE *shape*, are
dispatched by the rule's ``kind``. Older versions stay loadable forever, so
``evaluate_check(..., rule_version="1")`` reproduces a stored verdict from its stored readings.

Public API::

    from domain.tolerances import (evaluate_check, CheckRefused, RULE_SET_ID, CURRENT_VERSION,
                                   required_points, INSTRUMENT_TYPES, available_versions,
                                   check_instrument_params)

    evaluate_check(instrument_type, phase, instrument, points, *, rule_version=None) -> dict
    # {"instrument_type", "phase", "rule_set", "rule_version", "verdict", "provisional",
    #  "points": [{"name", "position"?, "error", "error_unit", "mpe", "passed", "rule_id",
    #              "provisional", "note"?, "warning"?}], "missing": []}
    check_instrument_params(instrument_type, params, *, rule_version=None) -> None
    judge_so_far(instrument_type, phase, instrument, points, *, rule_version=None) -> dict
    # the same engine, point by point, while a check is typed (see domain.tolerances.live)

``phase`` is ``"verification"`` (檢定) or ``"inspection"`` (檢查, in service). ``verdict`` is
``"pass"`` when every point passes, ``"fail"`` otherwise, ``"not_regulated"`` for a type that is
not legally verified in Taiwan (``personal_scale``; its points are still judged, informatively,
as NAWI class III, and never make the check "fail"). ``missing`` is always empty: a check with a
required point missing is refused instead.

``warning`` is there only for an implausible reading that was judged all the same (a fuel
delivery below the MMQ, a taximeter distance that looks typed in km); it says what looks wrong
and never changes the error, the MPE or the verdict. Every string of a result is short: at most
a few hundred characters, whatever the readings (see the bounds below).

Numbers: inputs may be ints, floats or numeric strings; they are read as exact decimals through
``str()``, and only within bounds no instrument exceeds: at most 15 significant digits, and
``1e-12 <= |x| < 1e13`` (or zero). Every error and MPE is computed exactly (a 60-digit decimal
context that refuses to round); a reading outside the bounds is refused, naming the point and
the field. ``error`` and ``mpe`` come back as plain decimal strings (``"0.25"``), in
``error_unit`` (the instrument's mass unit for NAWI, ``"L"`` for fuel, ``"%"`` for water, gas
and electricity meters, ``"m"``/``"s"``/``"TWD"`` for taximeters, ``"mmHg"``, ``"°C"``).
Relative errors are rounded away from zero to 4 decimals, and that reported value is the one
compared: a point passes iff ``|error| <= mpe``, so "exactly at the MPE" passes.

``provisional`` is true for a point whose rule (or whole instrument type) has confidence
``inferred`` or ``not found``, or whose MPE came from a documented fallback (a reading outside
the table, an assumed condition, an inferred formula); the point's ``note`` says why.

Instrument and point shapes (readings named below are required; others optional):

- ``nawi``: instrument ``{"accuracy_class": "I|II|III|IIII", "e": 5, "max": 15000,
  "unit": "g"}``; points ``{"name", "load", "indication", "changeover_add"?}``. Required:
  ``zero``, ``min``, ``max`` and ``eccentricity`` at positions 1-4 (``{"name": "eccentricity",
  "position": 1, ...}``); optional ``500e``, ``2000e``, ``half_max``, ``load``. With
  ``changeover_add`` (ΔL) the error is ``E = I + 0.5e − ΔL − L`` and, if the zero point also has
  it, ``Ec = E − E0`` (inferred method, provisional). MPE: R 76 bands in e for the load (also
  for eccentricity); in service 2 ×.
- ``fuel_dispenser``: instrument ``{"accuracy_class": "0.5", "mmq": 2, "scale_interval": 0.01,
  "nozzles"?: 3}``; points ``{"name", "position"?, "indicated", "reference", "flow_rate"?}`` in
  litres. Required ``max_flow``, ``min_flow``, ``mmq`` (verification) / ``max_flow``,
  ``min_flow`` (inspection), for each nozzle: with ``nozzles`` N > 1 every point names its
  nozzle as its ``position`` 1..N (``{"name": "max_flow", "position": 2, ...}``, key
  ``"max_flow position 2"``), each required name is required at every position, and a point
  without a position or above N is refused. Without ``nozzles``, or with 1, the points carry
  no position, as before. Which types are read per nozzle is the engine's
  (``programme.PER_NOZZLE_TYPES``), not a rule version's: v1 is frozen.
  Verification: MID Table 2/3 line A with ``max(…, Emin)``; inspection: Taiwan ±0.5 % of the
  delivered volume, raised to the verification MPE where that is larger.
- ``water_meter``: instrument ``{"accuracy_class": "1|2", "q1", "q3", "q2"?, "q4"?}``
  (q2 = 1.6 q1, q4 = 1.25 q3); points ``{"name": "Q1|Q2|Q3|Q4", "flow_rate", "indicated",
  "actual", "water_temp"?}`` (20 °C assumed if absent). Required Q1, Q2, Q3 (verification) /
  Q2, Q3 (inspection). In service: inferred 2 × verification (provisional).
- ``electricity_meter``: instrument ``{"accuracy_class": "A|B|C", "i_min", "i_tr", "i_max"}``
  or ``{"accuracy_class": "IEC 1|IEC 2", "i_b", "i_max"}``; points ``{"name":
  "Imin|Itr|Iref|Imax", "current", "indicated", "reference", "temperature"?}`` (energies; 23 °C
  assumed). In service: not found, verification MPE used (provisional). IEC classes inferred.
- ``gas_meter_diaphragm``: instrument ``{"accuracy_class": "1.5|1.0", "q_min", "q_t",
  "q_max"}``; points ``{"name": "Qmin|0.2Qmax|Qmax|Qt", "flow_rate", "indicated",
  "reference"}``. Verification applies the same-sign rule to the upper zone; in service 2 ×.
- ``taximeter``: instrument ``{"fare_digit"?}`` (needed for a fare point); points
  ``{"name": "distance|time|fare", "indicated", "reference"}`` in m, s, TWD. Required distance
  and time. ``max(0.2 % D, 4 m)``, ``max(0.1 % t, 0.2 s)``, ``max(0.1 % fare, fare_digit)``;
  in service: not found, the same values (provisional).
- ``sphygmomanometer``: points ``{"name": "0mmHg|10mmHg|50mmHg|100mmHg|150mmHg|200mmHg|250mmHg",
  "indicated", "reference"}``, all required; ±3 mmHg, in service ±4 mmHg (provisional).
- ``ir_ear_thermometer``: points ``{"name": "35.0C|37.0C|41.5C", "indicated", "reference"}``,
  each required (repeat a name for repeated readings); ±0.2 °C in 35-42 °C (provisional).
- ``personal_scale``: as ``nawi`` (``accuracy_class`` optional, default III), no point required.

Instrument parameters (:func:`check_instrument_params`, run by ``evaluate_check`` and
``required_points`` and by the instrument record schema): a known class; ``e``, ``min``,
``max``, ``mmq``, ``scale_interval``, ``q1``..``q4``, ``q_min``, ``q_t``, ``q_max``,
``i_min``, ``i_tr``, ``i_b``, ``i_max`` and ``fare_digit`` positive; ``e < min < max``,
``scale_interval < mmq``, ``q1 < q2 < q3 < q4`` (with the derived q2, q4), ``q_min < q_t <
q_max``, ``i_min < i_tr < i_max`` and ``i_b < i_max``; ``unit`` a text of 1-10 characters;
a fuel dispenser's ``nozzles`` a whole number (an int, not text or a float) from 1 to 16.
Only present parameters are checked; a missing one needed by the check is refused at judging.

Refusals: :class:`CheckRefused` (a ``ValueError``) with ``.missing`` and ``.unknown`` point
names and ``.parameter`` (the instrument parameter at fault, if any), for an unknown type,
phase, class or rule version, missing or unknown points, a point missing a reading, a
non-numeric or out-of-bounds reading, an impossible parameter (above), a position that is not
1-99 (or, for a dispenser of N nozzles, a point without a position or above N), or an
impossible reading: a negative delivered volume or taximeter reference, a flow rate
or current of zero or less, a scale load above Max + 9e. Every message says what is wrong, and
quotes what was sent shortened to a few dozen characters.
"""

from domain.tolerances.evaluation import evaluate_check
from domain.tolerances.live import judge_so_far, rule_details
from domain.tolerances.parameters import check_instrument_params
from domain.tolerances.programme import required_points
from domain.tolerances.refusal import CheckRefused
from domain.tolerances.ruleset import (
    CURRENT_VERSION,
    RULE_SET_ID,
    available_versions,
    instrument_types,
)

INSTRUMENT_TYPES = instrument_types(CURRENT_VERSION)

__all__ = [
    "CURRENT_VERSION",
    "INSTRUMENT_TYPES",
    "RULE_SET_ID",
    "CheckRefused",
    "available_versions",
    "check_instrument_params",
    "evaluate_check",
    "judge_so_far",
    "required_points",
    "rule_details",
]
