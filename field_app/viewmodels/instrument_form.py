"""Registering an instrument found on site that is not in the register, to check it at once.

For each of the rule table's instrument types the form shows the parameters the type needs
(the table's `instrument_fields`, and for electricity meters those the class reads: Imin and
Itr for classes A, B and C, Ib for the IEC classes) and the optional ones the engine reads
(`domain.tolerances`), each with its label and unit; the classes the table allows; and, as
each value is typed, what is wrong with it — the same check the register's schema runs
(`check_instrument_params`, whose message names the parameter). `record_fields` is the
instrument record `validate_record("instruments", ...)` accepts; `register` saves it on the
device, before any sync. The check form then takes `instrument_record()`; the job's
`instrument_ids` stay as the office set them (an inspector may not edit them): the server
accepts a check of any instrument registered at the job's site. Once registered, only what
an inspector may change on a registered instrument stays editable (`domain.access`).
No Kivy here.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.access import INSPECTOR, writable_fields
from domain.ids import new_record_id
from domain.records.reference import InstrumentSchema
from domain.tolerances import INSTRUMENT_TYPES, CheckRefused, check_instrument_params
from domain.tolerances.ruleset import instrument_spec
from field_app.i18n import N_, _
from field_app.viewmodels import form_fields as ff
from field_app.viewmodels import labels

COLLECTION = "instruments"
SCALE_UNIT = "scale unit"  # a parameter in the scale's own mass unit (its `unit` parameter)


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str  # an English msgid, translated where shown
    unit: str | None = None
    text: bool = False  # a text (the scale's unit), not a number


_SCALE = (
    Parameter("e", N_("Verification scale interval e"), SCALE_UNIT),
    Parameter("min", N_("Minimum capacity Min"), SCALE_UNIT),
    Parameter("max", N_("Maximum capacity Max"), SCALE_UNIT),
    Parameter("unit", N_("Mass unit (g or kg)"), text=True),
)
#: Every parameter the engine reads, by type, in the order the form shows them.
PARAMETERS = {
    "nawi": _SCALE,
    "personal_scale": _SCALE,
    "fuel_dispenser": (
        Parameter("mmq", N_("Minimum measured quantity (MMQ)"), "L"),
        Parameter("scale_interval", N_("Scale interval"), "L"),
    ),
    "water_meter": (
        Parameter("q1", N_("Minimum flow rate Q1"), "m³/h"),
        Parameter("q2", N_("Transitional flow rate Q2"), "m³/h"),
        Parameter("q3", N_("Permanent flow rate Q3"), "m³/h"),
        Parameter("q4", N_("Overload flow rate Q4"), "m³/h"),
    ),
    "electricity_meter": (
        Parameter("i_min", N_("Minimum current Imin"), "A"),
        Parameter("i_tr", N_("Transitional current Itr"), "A"),
        Parameter("i_b", N_("Basic current Ib"), "A"),
        Parameter("i_max", N_("Maximum current Imax"), "A"),
    ),
    "gas_meter_diaphragm": (
        Parameter("q_min", N_("Minimum flow rate Qmin"), "m³/h"),
        Parameter("q_t", N_("Transitional flow rate Qt"), "m³/h"),
        Parameter("q_max", N_("Maximum flow rate Qmax"), "m³/h"),
    ),
    "taximeter": (Parameter("fare_digit", N_("Smallest fare step"), "TWD"),),
    "sphygmomanometer": (),
    "ir_ear_thermometer": (),
}
assert set(PARAMETERS) == set(INSTRUMENT_TYPES), "a parameter list for every instrument type"
#: Electricity meter parameters the engine reads for a class besides the table's fields.
CLASS_PARAMETERS = {"A": ("i_min", "i_tr"), "B": ("i_min", "i_tr"), "C": ("i_min", "i_tr")}
CLASS_PARAMETERS.update({"IEC 1": ("i_b",), "IEC 2": ("i_b",)})
#: Parameters a class never reads (not shown for it).
CLASS_HIDES = {"A": ("i_b",), "B": ("i_b",), "C": ("i_b",), "IEC 1": ("i_min", "i_tr")}
CLASS_HIDES["IEC 2"] = CLASS_HIDES["IEC 1"]
#: The record's own texts: (name, label, required to register).
RECORD_TEXTS = (
    ("serial", N_("Serial number"), True),
    ("make", N_("Make"), False),
    ("model", N_("Model"), False),
    ("seal_number", N_("Seal number"), False),
)
DATES = (("last_verified", N_("Last verified")), ("due_date", N_("Verification due")))
NOZZLES = ("nozzle_count", N_("Nozzles"))


@dataclass(frozen=True)
class ParameterRow:
    """One parameter as the screen shows it; `problem` is what is wrong with it now."""

    name: str
    label: str
    unit: str
    value: str
    required: bool
    problem: str | None
    numeric: bool
    editable: bool


class InstrumentForm:
    """An instrument found at a site, being registered: its texts and parameters as typed."""

    def __init__(self, site_id, instrument_type=None, *, record_id=None):
        self.record_id = record_id or new_record_id()
        self.site_id = site_id
        self.type = None
        self.registered = False
        self._texts = {name: "" for name, _label, _required in RECORD_TEXTS}
        self._texts.update({name: "" for name, _label in DATES}, accuracy_class="")
        self._texts[NOZZLES[0]] = ""
        self._params = {}
        if instrument_type is not None:
            self.set_type(instrument_type)

    def type_choices(self):
        """`[(type, label)]` of the rule table's instrument types."""
        return [(kind, labels.instrument_type(kind)) for kind in INSTRUMENT_TYPES]

    def set_type(self, instrument_type):
        """Choose what the instrument is; a class the new type does not know is cleared."""
        self._editable("type")
        if instrument_type not in INSTRUMENT_TYPES:
            raise ValueError(f"unknown instrument type {instrument_type!r}")
        self.type = instrument_type
        if self._texts["accuracy_class"] not in self.classes():
            self._texts["accuracy_class"] = ""

    def classes(self):
        """The accuracy classes the rule table allows for the type (none for some types)."""
        return list(instrument_spec(self.type)["classes"]) if self.type else []

    def class_required(self):
        return (
            bool(self.type) and "accuracy_class" in instrument_spec(self.type)["instrument_fields"]
        )

    def value(self, name):
        """A record text (serial, class, dates...) or a parameter, as typed."""
        return self._texts[name] if name in self._texts else self._params.get(name, "")

    def set_field(self, name, text):
        """Type a record text: serial, make, model, accuracy_class, seal_number, dates, nozzles."""
        self._editable(name)
        if name not in self._texts:
            raise ValueError(f"unknown instrument field {name!r}")
        limit = _limit(name)
        self._texts[name] = ff.checked_text(_field_label(name), text, limit) if limit else text

    def set_param(self, name, text):
        """Type a parameter; returns what is wrong with the parameters now (name → message)."""
        self._editable("params")
        if name not in {p.name for p in PARAMETERS.get(self.type, ())}:
            raise ValueError(f"{self.type} instruments have no parameter {name!r}")
        self._params[name] = "" if text is None else str(text)
        return self.param_problems()

    def parameters(self):
        """The type's parameters for the class chosen, as rows for the screen."""
        problems = self.param_problems()
        required = self._required_params()
        hidden = CLASS_HIDES.get(self._texts["accuracy_class"], ())
        return [
            ParameterRow(
                name=p.name,
                label=_(p.label),
                unit=self._unit(p),
                value=self._params.get(p.name, ""),
                required=p.name in required,
                problem=problems.get(p.name),
                numeric=not p.text,
                editable=self.editable("params"),
            )
            for p in PARAMETERS.get(self.type, ())
            if p.name not in hidden
        ]

    def param_problems(self):
        """`{parameter or "accuracy_class": message}` for what is typed and impossible."""
        problems = {}
        values = {}
        for p in PARAMETERS.get(self.type, ()):
            text = self._params.get(p.name, "").strip()
            if not text:
                continue
            try:
                values[p.name] = text if p.text else _number(text)
            except ValueError:
                problems[p.name] = _("Not a number: type digits with a decimal point, e.g. 0.5.")
        if self.type and not problems:
            refusal = _engine_refusal(self.type, {**values, **self._class_entry()})
            if refusal:
                problems[refusal[0]] = refusal[1]
        return problems

    def problems(self):
        """Sentences naming what is missing or impossible; empty when it can be registered."""
        if not self.type:
            return [_("Choose what kind of instrument it is.")]
        found = []
        for name, label, required in RECORD_TEXTS:
            if required and not self._texts[name].strip():
                found.append(_("{field} is missing: fill it in.").format(field=_(label)))
        if self.class_required() and not self._texts["accuracy_class"].strip():
            found.append(_("Choose the accuracy class."))
        for row in self.parameters():
            if row.required and not row.value.strip():
                found.append(_("{field} is missing: fill it in.").format(field=row.label))
        found.extend(self._labelled(self.param_problems()))
        found.extend(self._date_problems())
        found.extend(self._nozzle_problems())
        return found

    def record_fields(self):
        """The instrument record to register (FormIncomplete naming what is missing)."""
        problems = self.problems()
        if problems:
            raise ff.FormIncomplete(problems)
        fields = {"site_id": self.site_id, "type": self.type, "params": self._params_out()}
        for name in ("serial", "make", "model", "accuracy_class", "seal_number", *_dates()):
            fields[name] = ff.outgoing_text(self._texts[name])
        nozzles = self._texts["nozzle_count"].strip()
        fields["nozzle_count"] = int(nozzles) if nozzles and self.type == "fuel_dispenser" else None
        return fields

    def instrument_record(self):
        """The instrument as the check form takes it: its id and record fields."""
        return {"id": self.record_id, **self.record_fields()}

    def register(self, replica):
        """Register the instrument on the device (and in the outbox); returns the record."""
        saved = ff.save_record(replica, COLLECTION, self.record_id, self.record_fields())
        self.registered = True
        return saved

    def save_changes(self, replica):
        """Save what an inspector may change on the registered instrument (seal, dates)."""
        fields = self.record_fields()
        allowed = writable_fields(INSPECTOR, COLLECTION)
        changes = {name: value for name, value in fields.items() if name in allowed}
        return ff.save_record(replica, COLLECTION, self.record_id, changes)

    def editable(self, name):
        """False for a field an inspector may not change once the instrument is registered."""
        return not self.registered or name in writable_fields(INSPECTOR, COLLECTION)

    def _editable(self, name):
        if not self.editable(name):
            raise ff.FormLocked(
                _("The instrument is registered: only its seal and dates can change now.")
            )

    def _required_params(self):
        if not self.type:
            return set()
        needed = set(instrument_spec(self.type)["instrument_fields"]) - {"accuracy_class"}
        return needed | set(CLASS_PARAMETERS.get(self._texts["accuracy_class"], ()))

    def _class_entry(self):
        chosen = self._texts["accuracy_class"].strip()
        return {"accuracy_class": chosen} if chosen else {}

    def _unit(self, parameter):
        if parameter.unit == SCALE_UNIT:
            return self._params.get("unit", "").strip()
        return parameter.unit or ""

    def _params_out(self):
        out = {}
        for p in PARAMETERS[self.type]:
            text = self._params.get(p.name, "").strip()
            if text:
                out[p.name] = text if p.text else _number(text)
        return out

    def _labelled(self, problems):
        names = {p.name: _(p.label) for p in PARAMETERS.get(self.type, ())}
        names["accuracy_class"] = _("Accuracy class")
        return [f"{names[name]}: {message}" for name, message in problems.items()]

    def _date_problems(self):
        found, given = [], {}
        for name, label in DATES:
            text = self._texts[name].strip()
            if not text:
                continue
            try:
                given[name] = date.fromisoformat(text)
            except ValueError:
                message = _("{field}: write the date as YYYY-MM-DD, e.g. 2026-12-02.")
                found.append(message.format(field=_(label)))
        if len(given) == 2 and given["due_date"] <= given["last_verified"]:
            found.append(_("Verification due must come after the last verification."))
        return found

    def _nozzle_problems(self):
        text = self._texts["nozzle_count"].strip()
        if not text or self.type != "fuel_dispenser":
            return []
        if text.isdigit() and 1 <= int(text) <= 16:
            return []
        return [_("Nozzles: a whole number from 1 to 16.")]


def _number(text):
    """A typed number as the record stores it: an int when whole and written so, else a float."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    plain = text.lstrip("+-").isdigit()
    return int(number) if plain else float(number)


def _engine_refusal(instrument_type, params):
    """`(parameter, message)` when the engine refuses the parameters, else None."""
    try:
        check_instrument_params(instrument_type, params)
    except CheckRefused as refused:
        return refused.parameter or "accuracy_class", str(refused)
    return None


def _dates():
    return tuple(name for name, _label in DATES)


def _limit(name):
    try:
        return ff.text_limit(InstrumentSchema, name)
    except LookupError:
        return None


def _field_label(name):
    texts = {n: label for n, label, _required in RECORD_TEXTS} | dict(DATES)
    texts.update(accuracy_class=N_("Accuracy class"), nozzle_count=NOZZLES[1])
    return _(texts[name])
