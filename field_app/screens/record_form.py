"""`RecordFormScreen`: what the accident-visit and firm-visit screens share — text fields by
section with jump-to-section, photos, an autosaved draft, submit with what is missing, and
read-only once submitted. A subclass names its form class and adds its own parts."""

from kivy.factory import Factory

from field_app.i18n import _
from field_app.screens.form_screen import FormScreen
from field_app.viewmodels import labels
from field_app.viewmodels.form_fields import FormIncomplete
from field_app.widgets.photo_source import choose_photo


class RecordFormScreen(FormScreen):
    collection = None
    form_class = None
    title_text = ""

    def open(self, job_id, record_id=None):
        self.params = {"job_id": job_id, "record_id": record_id}
        replica = self.ctx.replica
        record = replica.get(self.collection, record_id) if record_id else None
        if record is not None:
            self.form = self.form_class.from_record(record)
        else:
            job = replica.get("jobs", job_id)
            site = replica.get("sites", job["site_id"]) or {}
            self.form = self.form_class.new(job, site, self.ctx.signed_in.user_id)
        self.params["record_id"] = self.form.record_id
        self.start_form()
        self.build_form()

    def build_form(self):
        self.ids.title.text = self.title_text
        self.ids.status.text = labels.record_status(self.form.status)
        self.ids.message.text = ""
        body = self.ids.form
        body.clear_widgets()
        self.section_widgets, self.inputs = {}, {}
        self.build_sections(body)
        self.fill_section_bar([(s.key, s.title) for s in self.form.sections()])
        read_only = self.form.read_only
        self.ids.save_button.disabled = read_only
        self.ids.submit_button.disabled = read_only

    def build_sections(self, body):
        """The form's text fields under their section headings, then its photos."""
        rows = {row.name: row for row in self.form.fields()}
        for section in self.form.sections():
            self.add_heading(body, section.key, section.title)
            for name in section.names:
                self.add_text_field(body, rows[name])
            if section.key == "photos":
                self.add_photos(body)

    def add_heading(self, body, key, title):
        heading = Factory.SectionTitle(text=title)
        self.section_widgets[key] = heading
        body.add_widget(heading)

    def add_text_field(self, body, row):
        mark = " *" if row.required else ""
        body.add_widget(Factory.Body(text=row.label + mark))
        field = Factory.NoteInput() if row.multiline else Factory.FieldInput()
        field.text = row.value
        field.readonly = not row.editable
        field.bind(text=lambda _i, text, n=row.name: self.typed(n, text))
        self.inputs[row.name] = field
        body.add_widget(field)

    def add_photos(self, body):
        self.photo_count = Factory.Body()
        body.add_widget(self.photo_count)
        if not self.form.read_only:
            button = Factory.QuietButton(text=_("Add a photo"))
            button.bind(on_release=lambda _b: choose_photo(self.attach_photo))
            body.add_widget(button)
        self.show_photos()

    def show_photos(self):
        self.photo_count.text = _("{n} photos").format(n=len(self.form.photo_hashes))

    def typed(self, name, text):
        if self.form.read_only:
            return
        try:
            self.form.set_field(name, text)
        except ValueError as problem:
            self.ids.message.text = str(problem)
            return
        self.changed_now()

    def write_draft(self):
        return self.form.save_draft(self.replica)

    def submit(self):
        self.changed = True
        self.save_draft()
        try:
            self.form.submit(self.replica)
        except FormIncomplete as refused:
            self.ids.message.text = "\n".join(refused.problems)
            return False
        self.build_form()
        self.ids.message.text = _("Submitted. It is sent at the next sync.")
        self.app.sync_now()
        return True
