"""An instrument found on site that is not in the register: register it and check it at once,
before any sync (the server accepts a check of any instrument registered at the job's site)."""

from kivy.factory import Factory

from field_app.i18n import _
from field_app.screens.base import AppScreen
from field_app.viewmodels.form_fields import FormIncomplete
from field_app.viewmodels.instrument_form import DATES, NOZZLES, RECORD_TEXTS, InstrumentForm


class InstrumentScreen(AppScreen):
    parent_screen = "job"

    def way_back(self):
        return "job", {"job_id": self.params["job_id"]}

    def open(self, job_id):
        self.params = {"job_id": job_id}
        job = self.ctx.replica.get("jobs", job_id)
        self.form = InstrumentForm(job["site_id"])
        self.ids.message.text = ""
        self._types()
        self.build_fields()

    def _types(self):
        box = self.ids.types
        box.clear_widgets()
        for kind, label in self.form.type_choices():
            button = Factory.ToggleButton(text=label, group="instrument-type", font_size="18sp")
            button.bind(on_release=lambda _b, k=kind: self.choose_type(k))
            box.add_widget(button)

    def choose_type(self, kind):
        self.form.set_type(kind)
        self.build_fields()

    def build_fields(self):
        body = self.ids.fields
        body.clear_widgets()
        self.inputs = {}
        if not self.form.type:
            body.add_widget(Factory.Body(text=_("Choose what kind of instrument it is.")))
            return
        for name, label, required in RECORD_TEXTS:
            self._field(body, name, _(label) + (" *" if required else ""), self.form.set_field)
        if self.form.classes():
            self._classes(body)
        for row in self.form.parameters():
            label = f"{row.label} ({row.unit})" if row.unit else row.label
            self._field(body, row.name, label + (" *" if row.required else ""), self.form.set_param)
        for name, label in DATES:
            self._field(body, name, _(label) + " (YYYY-MM-DD)", self.form.set_field)
        if self.form.type == "fuel_dispenser":
            self._field(body, NOZZLES[0], _(NOZZLES[1]), self.form.set_field)
        self.show_problems()

    def _classes(self, body):
        body.add_widget(
            Factory.Body(text=_("Accuracy class") + (" *" if self.form.class_required() else ""))
        )
        box = Factory.BoxLayout(size_hint_y=None, height="64dp", spacing="6dp")
        for cls in self.form.classes():
            button = Factory.ToggleButton(
                text=cls,
                group="accuracy-class",
                font_size="20sp",
                state="down" if self.form.value("accuracy_class") == cls else "normal",
            )
            button.bind(
                on_release=lambda _b, c=cls: self.typed(self.form.set_field, "accuracy_class", c)
            )
            box.add_widget(button)
        body.add_widget(box)

    def _field(self, body, name, label, setter):
        body.add_widget(Factory.Body(text=label))
        field = Factory.FieldInput(text=self.form.value(name))
        field.bind(text=lambda _i, text, n=name, s=setter: self.typed(s, n, text))
        self.inputs[name] = field
        body.add_widget(field)

    def typed(self, setter, name, text):
        try:
            setter(name, text)
        except ValueError as problem:
            self.ids.message.text = str(problem)
            return
        self.show_problems()

    def show_problems(self):
        problems = self.form.param_problems()
        self.ids.message.text = "\n".join(problems.values())

    def register(self):
        """Register the instrument on the device and open its check at once."""
        try:
            record = self.form.register(self.ctx.replica)
        except FormIncomplete as refused:
            self.ids.message.text = "\n".join(refused.problems)
            return None
        self.app.go("check", job_id=self.params["job_id"], instrument_id=record["id"])
        return record
