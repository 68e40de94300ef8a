"""The check form of each instrument type and phase: its sections, rows and reading fields.

Which points a form has comes from the rule table (``points.<phase>``: required and optional),
which readings each point needs from its ``reading_fields``, and target values (loads, flow
rates) from ``domain.tolerances.required_points``: the engine's programme, laid out for a
screen. This module adds only what a screen needs on top: labels (English msgids through
``_``), units, the order of rows, the sections (for jump-to-section navigation), the optional
readings a point may carry (a changeover weight, a water or meter temperature, a flow rate),
and which points may be read more than once (ear thermometers: a row can be added).

A fuel dispenser is one instrument with its nozzles (the register's ``nozzle_count``, the
engine's ``nozzles``): a dispenser of N > 1 nozzles has one section per nozzle, each with that
nozzle's points (keyed ``"max_flow position 2"``, as the engine keys them), so jump-to-section
goes nozzle by nozzle; a dispenser of one nozzle, or of unknown nozzles, has one section.

    form = check_programme("fuel_dispenser", "verification", {"mmq": 2, ...})
    [section.title for section in form.sections]   # ['Test deliveries']
    form.row("max_flow").fields[0].label              # 'Reference volume (L)'
    form = check_programme("fuel_dispenser", "verification", {"nozzles": 2, ...})
    [section.title for section in form.sections]   # ['Nozzle 1', 'Nozzle 2']
    form.row("min_flow position 2").label             # 'Min flow, nozzle 2'
"""

from dataclasses import dataclass, field, replace

from domain.tolerances import CheckRefused, required_points
from domain.tolerances.live import point_keys
from domain.tolerances.programme import base_name, nozzle_count, phase_programme
from domain.tolerances.ruleset import instrument_spec
from field_app.i18n import _

ECCENTRICITY = "eccentricity"
ECCENTRICITY_POSITIONS = (1, 2, 3, 4)
NOZZLE_SECTION = "nozzle {number}"
#: The section of stored points a form has no place for (when it has no main section).
OTHER_SECTION = "other"
#: The fields that say which point a reading is of.
IDENTITY = ("name", "position")


@dataclass(frozen=True, slots=True)
class ReadingField:
    """One box to type a reading in: the point's field name, its label and unit."""

    name: str
    label: str
    unit: str
    required: bool = True


@dataclass(frozen=True, slots=True)
class Row:
    """One test point of the form (``key`` as ``domain.tolerances.live.point_keys`` writes it)."""

    key: str
    name: str
    label: str
    fields: tuple[ReadingField, ...]
    required: bool
    section: str
    position: int | None = None
    targets: dict = field(default_factory=dict)  # field name -> pre-filled text
    repeatable: bool = False

    def identity(self) -> dict:
        """The point's name (and position), as the engine identifies it."""
        if self.position is None:
            return {"name": self.name}
        return {"name": self.name, "position": self.position}


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of rows: one stop of jump-to-section navigation."""

    key: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class CheckProgramme:
    """The whole form of one type and phase: its sections in order."""

    instrument_type: str
    phase: str
    sections: tuple[Section, ...]

    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    def row(self, key: str) -> Row:
        for row in self.rows():
            if row.key == key:
                return row
        raise KeyError(f"no test point {key!r} on a {self.instrument_type} form")

    def repeat_of(self, row: Row, count: int) -> Row:
        """The ``count``-th row (from 2) of a repeatable point, keyed as the engine keys it."""
        return _another_reading(row, point_keys([row.identity()] * count)[-1])

    def stored_section(self) -> str:
        """Where a stored point of no row goes: the main section, else "Other points"."""
        if any(section.key == "main" for section in self.sections):
            return "main"
        return OTHER_SECTION

    def place_stored(self, rows: list[Row], key: str, point: dict) -> None:
        """Give a stored point (`key`, its fields) that `rows` have no row for a row of its own:
        another reading of a repeatable point after that point's rows, else a row of what it
        holds at the end (a name of another rule version). Nothing stored is left without one."""
        same = [row for row in rows if row.name == point.get("name")]
        if same and same[0].repeatable:
            rows.insert(rows.index(same[-1]) + 1, _another_reading(same[0], key))
            return
        fields = tuple(ReadingField(f, f, "", False) for f in point if f not in IDENTITY)
        name = str(point.get("name"))
        rows.append(
            Row(key, name, name, fields, False, self.stored_section(), point.get("position"))
        )


def _another_reading(row: Row, key: str) -> Row:
    """One more row of a repeatable point, under `key`."""
    return replace(row, key=key, required=False, targets={}, repeatable=True)


def _point_labels() -> dict:
    """Labels of point names (English msgids), for every type."""
    return {
        "zero": _("Zero"),
        "min": _("Min (minimum capacity)"),
        "500e": _("500 e"),
        "2000e": _("2000 e"),
        "half_max": _("Half of Max"),
        "max": _("Max (maximum capacity)"),
        "load": _("Other load"),
        "max_flow": _("Max flow"),
        "min_flow": _("Min flow"),
        "mmq": _("MMQ (minimum measured quantity)"),
        "Q1": _("Q1 (minimum flow)"),
        "Q2": _("Q2 (transitional flow)"),
        "Q3": _("Q3 (permanent flow)"),
        "Q4": _("Q4 (overload flow)"),
        "Imin": _("Imin (minimum current)"),
        "Itr": _("Itr (transitional current)"),
        "Iref": _("Iref (reference current)"),
        "Imax": _("Imax (maximum current)"),
        "Qmin": _("Qmin (minimum flow)"),
        "0.2Qmax": _("0.2 Qmax"),
        "Qt": _("Qt (transitional flow)"),
        "Qmax": _("Qmax (maximum flow)"),
        "distance": _("Distance"),
        "time": _("Time"),
        "fare": _("Fare"),
    }


def _point_label(name: str, position: int | None, nozzles: int = 1) -> str:
    if nozzles > 1:
        return _("{point}, nozzle {number}").format(point=_point_label(name, None), number=position)
    if name == ECCENTRICITY:
        return _("Eccentricity, position {position}").format(position=position)
    if name.endswith("mmHg"):
        return f"{name[:-4]} mmHg"
    if name.endswith("C") and name[:-1].replace(".", "", 1).isdigit():
        return f"{name[:-1]} °C"
    return _point_labels().get(name, name)


def _field(name: str, label: str, unit: str) -> ReadingField:
    """A reading field; ``label`` names its unit as ``{unit}`` (a dash when it is unknown)."""
    return ReadingField(name, label.format(unit=unit or "—"), unit)


def _offered_fields(instrument_type: str, name: str, instrument: dict) -> list[ReadingField]:
    """Every reading a point of the type may carry, in the order shown (``required`` is set
    later, from the rule table)."""
    if instrument_type in ("nawi", "personal_scale"):
        unit = str(instrument.get("unit") or "")
        return [
            _field("load", _("Load ({unit})"), unit),
            _field("indication", _("Indication ({unit})"), unit),
            _field("changeover_add", _("Added for changeover ΔL ({unit})"), unit),
        ]
    if instrument_type == "fuel_dispenser":
        return [
            _field("reference", _("Reference volume ({unit})"), "L"),
            _field("indicated", _("Indicated volume ({unit})"), "L"),
            _field("flow_rate", _("Flow rate ({unit})"), "L/min"),
        ]
    if instrument_type == "water_meter":
        return [
            _field("flow_rate", _("Flow rate ({unit})"), "m³/h"),
            _field("actual", _("Actual volume ({unit})"), "L"),
            _field("indicated", _("Indicated volume ({unit})"), "L"),
            _field("water_temp", _("Water temperature ({unit})"), "°C"),
        ]
    if instrument_type == "gas_meter_diaphragm":
        return [
            _field("flow_rate", _("Flow rate ({unit})"), "m³/h"),
            _field("reference", _("Reference volume ({unit})"), "L"),
            _field("indicated", _("Indicated volume ({unit})"), "L"),
        ]
    if instrument_type == "electricity_meter":
        return [
            _field("current", _("Current ({unit})"), "A"),
            _field("reference", _("Reference energy ({unit})"), "kWh"),
            _field("indicated", _("Indicated energy ({unit})"), "kWh"),
            _field("temperature", _("Meter temperature ({unit})"), "°C"),
        ]
    return _difference_fields(instrument_type, name)


def _difference_fields(instrument_type: str, name: str) -> list[ReadingField]:
    """Reference and indicated values of one quantity (taximeters: by point)."""
    if instrument_type == "sphygmomanometer":
        labels, unit = (_("Reference pressure ({unit})"), _("Indicated pressure ({unit})")), "mmHg"
    elif instrument_type == "ir_ear_thermometer":
        labels = (_("Reference temperature ({unit})"), _("Indicated temperature ({unit})"))
        unit = "°C"
    elif name == "distance":
        labels, unit = (_("Reference distance ({unit})"), _("Indicated distance ({unit})")), "m"
    elif name == "time":
        labels, unit = (_("Reference time ({unit})"), _("Indicated time ({unit})")), "s"
    elif name == "fare":
        labels, unit = (_("Reference fare ({unit})"), _("Indicated fare ({unit})")), "TWD"
    else:
        labels, unit = (_("Reference value"), _("Indicated value")), ""
    return [_field("reference", labels[0], unit), _field("indicated", labels[1], unit)]


#: Readings the engine reads when they are there (never required): a changeover weight, a
#: water or meter temperature (else 20 °C / 23 °C assumed), a fuel flow rate.
OPTIONAL_READINGS = frozenset({"changeover_add", "water_temp", "temperature", "flow_rate"})


#: The order rows are shown in, by type; names the table adds later come after, in its order.
ROW_ORDER = {
    "nawi": ("zero", "min", "500e", "2000e", "half_max", "max", "load", ECCENTRICITY),
    "personal_scale": ("zero", "min", "500e", "2000e", "half_max", "max", "load", ECCENTRICITY),
    "fuel_dispenser": ("max_flow", "min_flow", "mmq"),
    "water_meter": ("Q1", "Q2", "Q3", "Q4"),
    "electricity_meter": ("Imin", "Itr", "Iref", "Imax"),
    "gas_meter_diaphragm": ("Qmin", "Qt", "0.2Qmax", "Qmax"),
    "taximeter": ("distance", "time", "fare"),
}
REPEATABLE_TYPES = frozenset({"ir_ear_thermometer"})


def _section_titles(instrument_type: str, nozzles: int = 1) -> dict:
    """Section key -> title; every type has a ``main`` section, scales an eccentricity one, and
    a dispenser of several nozzles one per nozzle instead."""
    if nozzles > 1:
        return {
            NOZZLE_SECTION.format(number=n): _("Nozzle {number}").format(number=n)
            for n in range(1, nozzles + 1)
        }
    main = {
        "nawi": _("Loads"),
        "personal_scale": _("Loads"),
        "fuel_dispenser": _("Test deliveries"),
        "water_meter": _("Flow rates"),
        "gas_meter_diaphragm": _("Flow rates"),
        "electricity_meter": _("Test currents"),
        "taximeter": _("Distance and time"),
        "sphygmomanometer": _("Pressure points"),
        "ir_ear_thermometer": _("Temperature points"),
    }.get(instrument_type, _("Test points"))
    return {"main": main, ECCENTRICITY: _("Eccentricity")}


def check_programme(instrument_type: str, phase: str, instrument: dict | None = None):
    """The form of a check of ``instrument_type`` in ``phase`` (``instrument``: the engine's
    flat parameters, for units, targets and a dispenser's nozzles)."""
    instrument = instrument or {}
    nozzles = _nozzles(instrument_type, instrument)
    programme = phase_programme(instrument_spec(instrument_type), phase, nozzles)
    required = set(programme.required)
    targets = _targets(instrument_type, phase, instrument)
    rows = [
        _row(instrument_type, instrument, key, name, position, key in required, targets, nozzles)
        for key, name, position in _ordered_points(instrument_type, programme)
    ]
    titles = _section_titles(instrument_type, nozzles)
    sections = tuple(
        Section(key, title, tuple(row for row in rows if row.section == key))
        for key, title in titles.items()
        if any(row.section == key for row in rows)
    )
    return CheckProgramme(instrument_type, phase, sections)


def _nozzles(instrument_type: str, instrument: dict) -> int:
    """The nozzles the engine reads the check for; 1 when it refuses them (the live verdict
    then says why the instrument cannot be judged)."""
    try:
        return nozzle_count(instrument_type, instrument)
    except CheckRefused:
        return 1


def _ordered_points(instrument_type: str, programme) -> list[tuple]:
    """``(key, name, position)`` of every point of the programme, in the order shown.

    An eccentricity point named without a position (personal scales) stands for positions 1-4.
    The points of a dispenser of several nozzles come nozzle by nozzle (the position).
    """
    points = []
    for key in [*programme.required, *programme.optional]:
        if key == ECCENTRICITY:
            points += [(point_keys([_at(p)])[0], ECCENTRICITY, p) for p in ECCENTRICITY_POSITIONS]
        elif key != base_name(key):
            points.append((key, base_name(key), int(key.rsplit(" ", 1)[1])))
        else:
            points.append((key, key, None))
    order = ROW_ORDER.get(instrument_type, ())
    rank = {name: index for index, name in enumerate(order)}
    if programme.nozzles > 1:
        return sorted(points, key=lambda p: (p[2], rank.get(p[1], len(order))))
    return sorted(points, key=lambda p: (rank.get(p[1], len(order)), p[2] or 0))


def _at(position: int) -> dict:
    return {"name": ECCENTRICITY, "position": position}


def _targets(instrument_type: str, phase: str, instrument: dict) -> dict:
    """Target readings by point key, from the engine (none if it refuses the parameters)."""
    try:
        listed = required_points(instrument_type, phase, instrument)
    except CheckRefused:
        return {}
    keys = point_keys(listed)
    return {
        key: {name: value for name, value in point.items() if name not in ("name", "position")}
        for key, point in zip(keys, listed, strict=True)
    }


def _row(instrument_type, instrument, key, name, position, required, targets, nozzles) -> Row:
    needed = _needed_readings(instrument_type, name)
    offered = {f.name: f for f in _offered_fields(instrument_type, name, instrument)}
    fields = [
        replace(f, required=f.name in needed)
        for f in offered.values()
        if f.name in needed or f.name in OPTIONAL_READINGS
    ]
    fields += [ReadingField(f, f, "") for f in needed if f not in offered]
    return Row(
        key=key,
        name=name,
        label=_point_label(name, position, nozzles),
        fields=tuple(fields),
        required=required,
        section=_section_of(name, position, nozzles),
        position=position,
        targets={f: str(v) for f, v in targets.get(key, {}).items()},
        repeatable=instrument_type in REPEATABLE_TYPES,
    )


def _section_of(name: str, position: int | None, nozzles: int) -> str:
    if nozzles > 1:
        return NOZZLE_SECTION.format(number=position)
    return ECCENTRICITY if name == ECCENTRICITY else "main"


def _needed_readings(instrument_type: str, name: str) -> list[str]:
    """The readings the rule table requires of a point (its stand-in's, if informative)."""
    spec = instrument_spec(instrument_type)
    if not spec["regulated"]:
        spec = instrument_spec(spec["informative_as"]["instrument_type"])
    by_name = spec.get("reading_fields", {})
    return [f for f in by_name.get(name, by_name.get("*", [])) if f != "position"]
