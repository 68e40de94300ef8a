"""`FieldApp`: the Kivy app — fonts, layouts, the screens and the way between them.

Thin on purpose: what a screen shows comes from a view-model (`field_app.viewmodels`), what
the app holds from `FieldContext`. Sync results arrive from the worker thread and are handed
to the main thread with `Clock.schedule_once`; only there does the UI change.
"""

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.lang import Builder
from kivy.uix.screenmanager import NoTransition, ScreenManager

from field_app.context import FieldContext
from field_app.fonts import BOLD, REGULAR
from field_app.screens import SCREENS
from field_app.widgets import keypad, photo_source, signature_pad  # noqa: F401 (kv classes)

PACKAGE = Path(__file__).parent
KV_FILES = sorted((PACKAGE / "widgets").glob("*.kv")) + sorted((PACKAGE / "screens").glob("*.kv"))


def use_app_font():
    """Every label in the app's font: Latin and Chinese in one face (Kivy has no fallback)."""
    LabelBase.register(DEFAULT_FONT, fn_regular=str(REGULAR), fn_bold=str(BOLD))


def load_layouts():
    """Read every `.kv` file once (widgets first: the screens use their rules)."""
    for path in KV_FILES:
        if str(path) not in Builder.files:
            Builder.load_file(str(path))


class FieldApp(App):
    """The inspector's app. `data_dir` is the user data folder (Kivy's by default)."""

    title = "Verifield"

    def __init__(
        self,
        data_dir=None,
        *,
        server_url=None,
        today=None,
        transport_factory=None,
        worker_interval=60.0,
        engine_options=None,
        sync_in_background=True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._data_dir = data_dir
        self._first_server_url = server_url
        self._context_options = {
            "today": today,
            "transport_factory": transport_factory,
            "worker_interval": worker_interval,
            "engine_options": engine_options,
        }
        self.sync_in_background = sync_in_background
        self.ctx = None
        self.manager = None
        self.sync_status = None

    def build(self):
        use_app_font()
        load_layouts()
        self.ctx = FieldContext(self._data_dir or self.user_data_dir, **self._context_options)
        if self._first_server_url and self.ctx.signed_in is None:
            self.ctx.settings.server_url = self._first_server_url
        self.manager = ScreenManager(transition=NoTransition())
        self.start()
        return self.manager

    def start(self):
        """Open today's work if someone is signed in (offline too), else the sign-in."""
        if self.ctx.signed_in is None:
            self.go("sign_in")
            return
        self.go("today")
        if self.sync_in_background:  # after the first frame: the list shows first
            Clock.schedule_once(lambda dt: self.ctx.start_sync(self.deliver))

    def rebuild_screens(self, then="settings"):
        """Build the screens again (after the language changed) and show `then`."""
        self.manager.clear_widgets()
        self.go(then)

    def screen(self, name):
        """Screen `name`, built the first time it is needed (a cold start builds one)."""
        if not self.manager.has_screen(name):
            self.manager.add_widget(SCREENS[name](name=name))
        return self.manager.get_screen(name)

    def go(self, name, **params):
        """Show screen `name`, opened with `params` (e.g. a job id)."""
        screen = self.screen(name)
        screen.open(**params)
        self.manager.current = name
        return screen

    def back(self):
        """Back to the screen the current one came from (its `parent_screen`)."""
        current = self.manager.current_screen
        target, params = current.way_back()
        self.go(target, **params)

    def deliver(self, status):
        """Called on the sync worker's thread: hand the status to the main thread."""
        Clock.schedule_once(lambda dt: self.on_sync_status(status))

    def on_sync_status(self, status):
        """A sync run ended (main thread): refresh what is on screen."""
        self.sync_status = status
        self.manager.current_screen.on_sync_status(status)

    def sync_now(self):
        if self.ctx.worker is None:
            self.ctx.start_sync(self.deliver)
        else:
            self.ctx.request_sync()

    def on_stop(self):
        if self.ctx is not None:
            self.ctx.stop_sync()
