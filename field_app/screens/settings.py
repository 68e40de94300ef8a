"""Settings: the server's address, the language, signing out."""

from field_app.account import SignInFailed, SignOutRefused
from field_app.i18n import _, language
from field_app.screens.base import AppScreen


class SettingsScreen(AppScreen):
    parent_screen = "today"

    def refresh(self):
        ctx = self.ctx
        self.ids.server_url.text = ctx.settings.server_url
        who = ctx.signed_in
        self.ids.who.text = (
            _("Signed in as {name} ({username})").format(
                name=who.display_name, username=who.username
            )
            if who
            else ""
        )
        self.ids.message.text = ""
        self.ids.language_zh.state = "down" if language() == "zh_TW" else "normal"
        self.ids.language_en.state = "down" if language() == "en" else "normal"

    def save_server(self):
        try:
            self.ctx.set_server_url(self.ids.server_url.text)
        except SignInFailed as problem:
            self.ids.message.text = str(problem)
            return False
        self.ids.message.text = _("Saved. The next sync uses this address.")
        return True

    def choose_language(self, code):
        if code == language():
            return
        self.ctx.set_language(code)
        self.app.rebuild_screens(then="settings")

    def sign_out(self):
        try:
            self.ctx.sign_out()
        except SignOutRefused as refusal:
            self.ids.message.text = str(refusal)
            return False
        self.app.go("sign_in")
        return True
