"""`AppScreen`: what every screen of the app shares — the app, opening with parameters, the
way back, and a hook for sync results."""

from kivy.app import App
from kivy.uix.screenmanager import Screen


class AppScreen(Screen):
    """A screen; `open(**params)` fills it, `refresh()` shows the replica's state again."""

    parent_screen = "today"

    @property
    def app(self):
        return App.get_running_app()

    @property
    def ctx(self):
        return self.app.ctx

    def open(self, **params):
        self.params = params
        self.refresh()

    def refresh(self):
        """Show the current state (the default: nothing to do)."""

    def way_back(self):
        """`(screen name, params)` of the screen Back leads to."""
        return self.parent_screen, {}

    def on_sync_status(self, status):
        """A sync run ended: show the replica as it is now."""
        self.refresh()
