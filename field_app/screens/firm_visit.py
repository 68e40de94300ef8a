"""Firm visit by the mobile service team: who attended, and each suggestion the firm raised
with what became of it (resolved, escalated to headquarters, or pending)."""

from kivy.factory import Factory

from field_app.i18n import _
from field_app.screens.record_form import RecordFormScreen
from field_app.viewmodels.firm_visit_form import FirmVisitForm

STATUSES = ("resolved", "escalated", "pending")


class FirmVisitScreen(RecordFormScreen):
    collection = "firm_visits"
    form_class = FirmVisitForm

    @property
    def title_text(self):
        return _("Firm visit")

    def build_sections(self, body):
        sections = {section.key: section.title for section in self.form.sections()}
        keys = list(sections)
        self.add_heading(body, keys[0], sections[keys[0]])
        self._attendees(body)
        self.add_heading(body, keys[1], sections[keys[1]])
        self._suggestions(body)
        for key in keys[2:]:
            self.add_heading(body, key, sections[key])

    def _attendees(self, body):
        for index, name in enumerate(self.form.attendees):
            removable = _("{name} — tap to remove").format(name=name)
            line = Factory.QuietButton(text=name if self.form.read_only else removable)
            line.bind(on_release=lambda _b, i=index: self.remove_attendee(i))
            body.add_widget(line)
        if self.form.read_only:
            return
        self.attendee_input = Factory.FieldInput(
            hint_text=_("Name and title of a person who attended")
        )
        self.attendee_input.bind(on_text_validate=lambda _i: self.add_attendee())
        body.add_widget(self.attendee_input)
        add = Factory.QuietButton(text=_("+ Add this person"))
        add.bind(on_release=lambda _b: self.add_attendee())
        body.add_widget(add)

    def _suggestions(self, body):
        counts = self.form.counts()
        body.add_widget(Factory.Muted(text=counts.rate_text()))
        for row in self.form.suggestions():
            body.add_widget(Factory.Body(text=_("Suggestion {n}").format(n=row.number), bold=True))
            for name, label, value in (
                ("text", _("What the firm raised"), row.text),
                ("category", _("Category"), row.category),
                ("response", _("Our answer or action"), row.response),
            ):
                body.add_widget(Factory.Muted(text=label))
                field = Factory.NoteInput() if name != "category" else Factory.FieldInput()
                field.text = value
                field.readonly = not row.editable
                field.bind(text=lambda _i, t, s=row.id, n=name: self.edit_suggestion(s, n, t))
                body.add_widget(field)
            body.add_widget(self._status_buttons(row))
        if not self.form.read_only:
            add = Factory.QuietButton(text=_("+ Add a suggestion"))
            add.bind(on_release=lambda _b: self.add_suggestion())
            body.add_widget(add)

    def _status_buttons(self, row):
        box = Factory.BoxLayout(size_hint_y=None, height="64dp", spacing="6dp")
        words = {"resolved": _("Resolved"), "escalated": _("Escalated"), "pending": _("Pending")}
        for status in STATUSES:
            button = Factory.ToggleButton(
                text=words[status],
                group=f"status-{row.id}",
                font_size="18sp",
                state="down" if row.status == status else "normal",
                disabled=not row.editable,
            )
            button.bind(on_release=lambda _b, s=status, r=row.id: self.set_status(r, s))
            box.add_widget(button)
        return box

    def add_attendee(self):
        try:
            self.form.add_attendee(self.attendee_input.text)
        except ValueError as problem:
            self.ids.message.text = str(problem)
            return False
        self.changed_now()
        self.build_form()
        return True

    def remove_attendee(self, index):
        if self.form.read_only:
            return
        self.form.remove_attendee(index)
        self.changed_now()
        self.build_form()

    def add_suggestion(self):
        suggestion_id = self.form.add_suggestion()
        self.changed_now()
        self.build_form()
        return suggestion_id

    def edit_suggestion(self, suggestion_id, name, text):
        if self.form.read_only:
            return
        try:
            self.form.edit_suggestion(suggestion_id, name, text)
        except ValueError as problem:
            self.ids.message.text = str(problem)
            return
        self.changed_now()

    def set_status(self, suggestion_id, status):
        self.form.set_suggestion_status(suggestion_id, status)
        self.changed_now()
        self.build_form()
