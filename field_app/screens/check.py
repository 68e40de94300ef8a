"""The check form: test points with live error, MPE and verdict; seal, sticker, remarks,
photos and the firm representative's signature; save a draft, submit, amend.

The form state is `field_app.viewmodels.check_form.CheckForm`; this screen only shows it and
hands it what is typed. Every change is saved as a draft a moment later (and at once when the
screen is left), so closing the app mid-form loses nothing.
"""

from kivy.factory import Factory
from kivy.properties import ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.popup import Popup

from field_app.i18n import _
from field_app.screens.form_screen import FormScreen
from field_app.viewmodels import labels
from field_app.viewmodels.check_form import CheckForm, SubmitRefused
from field_app.viewmodels.form_fields import save_record
from field_app.widgets.photo_source import choose_photo
from field_app.widgets.theme import FAIL, MUTED, PASS, WARN


class PointRow(BoxLayout):
    """One test point: its readings and its live verdict; a tap on the verdict shows the rule."""

    key = StringProperty("")
    label = StringProperty("")
    error = StringProperty("")
    mpe = StringProperty("")
    verdict = StringProperty("")
    verdict_colour = ListProperty(MUTED)
    mark = StringProperty("")
    message = StringProperty("")
    screen = ObjectProperty(None)

    def show(self, view):
        self.error, self.mpe = view["error"], view["mpe"]
        self.verdict = view["verdict"]
        colour = {True: PASS, False: FAIL}.get(view["passed"], MUTED)
        self.verdict_colour = colour
        mark = [view["provisional_mark"], view["warning"]]
        self.mark = " · ".join(part for part in mark if part)
        self.message = view["message"]
        if view["provisional"] and view["passed"] is not None:
            self.verdict_colour = WARN if view["passed"] else FAIL


class CheckScreen(FormScreen):
    def open(self, job_id, instrument_id, check_id=None):
        self.params = {"job_id": job_id, "instrument_id": instrument_id, "check_id": check_id}
        self.start_form()
        replica = self.replica
        job = replica.get("jobs", job_id)
        self.instrument = replica.get("instruments", instrument_id)
        record = replica.get("checks", check_id) if check_id else None
        self.form = CheckForm(job, self.instrument, self.ctx.signed_in.user_id, record)
        self.params["check_id"] = self.form.id
        self.build_form()

    # --- building -------------------------------------------------------------------------

    def build_form(self):
        form = self.form
        title = labels.instrument_type(form.instrument_type)
        serial = self.instrument.get("serial", "")
        self.ids.title.text = f"{title} · {serial}"
        self.ids.message.text = ""
        self.rows, inputs = {}, []
        self.ids.keypad.target, self.ids.keypad.order = None, []  # before the old rows go
        body = self.ids.form
        body.clear_widgets()
        self.section_widgets = {}
        views = {view["key"]: view for view in form.rows()}
        for section in form.sections():
            heading = Factory.SectionTitle(text=section["title"])
            self.section_widgets[section["key"]] = heading
            body.add_widget(heading)
            for key in section["rows"]:
                row = self._point_row(views[key], inputs)
                body.add_widget(row)
                if views[key]["repeatable"] and not form.read_only:
                    add = Factory.QuietButton(text=_("+ Another reading"))
                    add.bind(
                        on_release=lambda _b, name=views[key]["label"], k=key: self.add_repeat(k)
                    )
                    body.add_widget(add)
        self._text_fields(body)
        self._evidence(body)
        self._section_bar()
        self.ids.keypad.order = inputs
        self.ids.keypad.target = inputs[0] if inputs else None
        self.show_verdicts()
        self._buttons()

    def _point_row(self, view, inputs):
        row = Factory.PointRow(key=view["key"], label=view["label"], screen=self)
        for field in view["fields"]:
            box = Factory.ReadingBox()
            box.label = _breakable(field["label"])
            field_input = box.ids.input
            field_input.text = field["text"]
            field_input.readonly = self.form.read_only
            field_input.bind(
                text=lambda inp, text, k=view["key"], f=field["name"]: self.typed(k, f, text)
            )
            field_input.bind(focus=self._focused)
            inputs.append(field_input)
            row.ids.inputs.add_widget(box)
        self.rows[view["key"]] = row
        return row

    def _text_fields(self, body):
        heading = Factory.SectionTitle(text=_("Seal, sticker and remarks"))
        self.section_widgets["texts"] = heading
        body.add_widget(heading)
        names = {
            "seal_number": _("Seal number"),
            "sticker_number": _("Sticker number"),
            "notes": _("Remarks"),
        }
        self.text_inputs = {}
        for name, label in names.items():
            body.add_widget(Factory.Body(text=label))
            field = Factory.NoteInput() if name == "notes" else Factory.FieldInput()
            field.text = self.form.text(name)
            field.readonly = self.form.read_only
            field.bind(text=lambda inp, text, n=name: self.typed_text(n, text))
            self.text_inputs[name] = field
            body.add_widget(field)

    def _evidence(self, body):
        heading = Factory.SectionTitle(text=_("Photos and signature"))
        self.section_widgets["evidence"] = heading
        body.add_widget(heading)
        self.ids_photos = Factory.Body()
        self.ids_signature = Factory.Body()
        body.add_widget(self.ids_photos)
        if not self.form.read_only:
            add = Factory.QuietButton(text=_("Add a photo"))
            add.bind(on_release=lambda _b: choose_photo(self.attach_photo))
            body.add_widget(add)
        body.add_widget(self.ids_signature)
        if not self.form.read_only:
            sign = Factory.QuietButton(text=_("Firm representative signs"))
            sign.bind(on_release=lambda _b: self.open_signature())
            body.add_widget(sign)
        self.show_photos()

    def _section_bar(self):
        titles = [(s["key"], s["title"]) for s in self.form.sections()]
        self.fill_section_bar([*titles, ("texts", _("Seal")), ("evidence", _("Photos"))])

    def _buttons(self):
        read_only = self.form.read_only
        self.ids.save_button.disabled = read_only
        self.ids.submit_button.disabled = read_only
        self.ids.amend_button.opacity = 1 if read_only else 0
        self.ids.amend_button.disabled = not read_only
        self.ids.status.text = labels.record_status(self.form.status)

    # --- typing ---------------------------------------------------------------------------

    def _focused(self, field_input, focused):
        if focused:
            self.ids.keypad.target = field_input

    def typed(self, key, field, text):
        if self.form.read_only:
            return
        self.form.set_reading(key, field, text)
        self.show_verdicts()
        self.changed_now()

    def typed_text(self, name, text):
        if self.form.read_only:
            return
        self.form.set_field(name, text)
        self.changed_now()

    def add_repeat(self, key):
        self.save_draft()
        name = self.form._row(key).name
        self.form.add_repeat(name)
        self.build_form()
        self.changed_now()

    def show_verdicts(self):
        """Every row's error, MPE and verdict, and the check's verdict so far."""
        for view in self.form.rows():
            row = self.rows.get(view["key"])
            if row is not None:
                row.show(view)
        verdict = self.form.verdict
        self.ids.verdict.text = self.form.verdict_text() or _("Verdict when every reading is in")
        self.ids.verdict.color = {"pass": PASS, "fail": FAIL}.get(verdict, MUTED)

    def explain(self, key):
        """The rule that judged a point, in a popup (one tap on its verdict)."""
        explanation = self.form.rule_explanation(key)
        if explanation is None:
            return None
        lines = [
            _("Rule {rule}").format(rule=explanation["rule_id"]),
            _("Class {cls} · MPE {mpe}").format(
                cls=explanation["accuracy_class"] or "—", mpe=explanation["mpe"]
            ),
            explanation["how"],
            *[_("Source: {s}").format(s=s) for s in explanation["sources"]],
            *explanation["notes"],
            *explanation["why_provisional"],
        ]
        popup = Popup(title=_("Why this verdict"), size_hint=(0.8, 0.7))
        popup.content = Factory.RuleText(text="\n".join(line for line in lines if line))
        popup.open()
        return popup

    # --- evidence -------------------------------------------------------------------------

    def open_signature(self):
        self.save_draft()
        self.app.go("signature", return_to=dict(self.params))

    def attach_signature(self, sha256):
        """Called by the signature screen with the stored signature's hash."""
        self.form.set_signature(sha256)
        self.changed = True
        self.save_draft()

    def show_photos(self):
        n = len(self.form.photo_hashes)
        self.ids_photos.text = _("{n} photos").format(n=n)
        signed = self.form.signature_hash
        self.ids_signature.text = (
            _("Signed by the firm representative") if signed else _("Not signed yet")
        )

    # --- saving ---------------------------------------------------------------------------

    def write_draft(self):
        instrument = self.replica.get("instruments", self.form.instrument_id)
        return save_record(self.replica, "checks", self.form.id, self.form.draft_fields(instrument))

    def submit(self):
        """Submit: refused with what is missing, else saved read-only and sent at next sync."""
        self.changed = True
        self.save_draft()
        instrument = self.replica.get("instruments", self.form.instrument_id)
        try:
            fields = self.form.submitted_fields(instrument)
        except SubmitRefused as refused:
            self.ids.message.text = "\n".join(refused.problems)
            return False
        save_record(self.replica, "checks", self.form.id, fields)
        self.build_form()
        self.ids.message.text = _("Submitted. It is sent at the next sync.")
        self.app.sync_now()
        return True

    def amend(self, reason):
        """Start an amendment of this submitted check; it opens as a new draft."""
        try:
            amendment = self.form.amendment(reason)
        except ValueError as problem:
            self.ids.message.text = str(problem)
            return None
        save_record(self.replica, "checks", amendment.id, amendment.draft_fields(self.instrument))
        self.open(self.params["job_id"], self.form.instrument_id, amendment.id)
        return amendment

    def ask_amend_reason(self):
        popup = Popup(title=_("Why is this check corrected?"), size_hint=(0.8, 0.5))
        content = Factory.AmendContent()
        content.ids.ok.bind(
            on_release=lambda _b: (popup.dismiss(), self.amend(content.ids.reason.text))
        )
        popup.content = content
        popup.open()
        return popup


def _breakable(label):
    """A reading's label that may wrap before its unit ("實際體積（L）" has no space to wrap at,
    so a narrow box would cut it)."""
    return label.replace("（", " （").replace("  （", " （")
