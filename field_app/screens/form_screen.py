"""`FormScreen`: what the screens that fill in a record share — the draft autosaved a moment
after each change and at once when the screen is left, photos attached, jump-to-section, and
a saved message. A subclass holds its `form` and says how a draft is written (`write_draft`)
and how the photo count is shown (`show_photos`)."""

from kivy.clock import Clock
from kivy.factory import Factory

from field_app.i18n import _
from field_app.photos import store_photo
from field_app.screens.base import AppScreen

AUTOSAVE_SECONDS = 1.0


class FormScreen(AppScreen):
    parent_screen = "job"
    form = None

    def way_back(self):
        return "job", {"job_id": self.params["job_id"]}

    def start_form(self):
        """Called once the form is made: nothing changed yet; changes autosave."""
        self.replica = self.ctx.replica  # the form's saves go to this replica, whatever comes
        self.changed = False
        self.section_widgets = {}
        self._autosave = Clock.create_trigger(lambda dt: self.save_draft(), AUTOSAVE_SECONDS)

    def changed_now(self):
        self.changed = True
        self._autosave()

    def save_draft(self):
        """Save what is typed as a draft (one local transaction with its outbox entry)."""
        if self.form is None or self.form.read_only or not self.changed:
            return None
        self.changed = False
        return self.write_draft()

    def save_pressed(self):
        self.changed = True
        self.save_draft()
        self.ids.message.text = _("Draft saved on this device.")

    def attach_photo(self, path):
        """Downscale, store and attach a photo; a file that is not one says so."""
        try:
            sha256 = store_photo(self.replica, path)
        except ValueError as problem:
            self.ids.message.text = str(problem)
            return None
        self.form.add_photo(sha256)
        self.show_photos()
        self.changed = True
        self.save_draft()
        return sha256

    def fill_section_bar(self, titles):
        """One button per `(key, title)` that scrolls the form to that section."""
        bar = self.ids.sections
        bar.clear_widgets()
        for key, title in titles:
            button = Factory.QuietButton(text=title, font_size="17sp")
            button.bind(on_release=lambda _b, k=key: self.jump_to(k))
            bar.add_widget(button)

    def jump_to(self, key):
        widget = self.section_widgets.get(key)
        if widget is not None:
            self.ids.scroll.scroll_to(widget, padding=10, animate=False)

    def on_leave(self, *args):
        if self.form is not None:
            self._autosave.cancel()
            self.save_draft()
