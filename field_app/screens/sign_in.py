"""First run: the server's address, username and password; registers this tablet.

The login runs off the main thread (a slow network must not freeze the screen); its result
comes back through `Clock`.
"""

import threading

from kivy.clock import Clock

from field_app.account import SignInFailed
from field_app.i18n import _
from field_app.screens.base import AppScreen


class SignInScreen(AppScreen):
    def refresh(self):
        self.ids.server_url.text = self.ctx.settings.server_url
        self.ids.error.text = ""

    def submit(self, *, background=True):
        """Sign in with what is typed; on success open today's work."""
        typed = (self.ids.server_url.text, self.ids.username.text, self.ids.password.text)
        self.ids.error.text = _("Signing in…")
        self.ids.sign_in.disabled = True
        if not background:
            return self._finish(self._attempt(typed))
        threading.Thread(target=self._in_background, args=(typed,), daemon=True).start()
        return None

    def _in_background(self, typed):
        problem = self._attempt(typed)
        Clock.schedule_once(lambda dt: self._finish(problem))

    def _attempt(self, typed):
        try:
            self.ctx.sign_in(*typed)
        except SignInFailed as problem:
            return str(problem)
        return None

    def _finish(self, problem):
        self.ids.sign_in.disabled = False
        if problem:
            self.ids.error.text = problem
            return False
        self.ids.error.text = ""
        self.ids.password.text = ""
        self.app.start()
        return True
