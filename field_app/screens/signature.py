"""The firm representative signs: a pad across the screen's full width, kept through rotation."""

from field_app.i18n import _
from field_app.screens.base import AppScreen


class SignatureScreen(AppScreen):
    parent_screen = "check"

    def open(self, return_to):
        self.params = {"return_to": return_to}
        self.ids.pad.clear()
        self.ids.message.text = ""

    def way_back(self):
        return "check", self.params["return_to"]

    def clear(self):
        self.ids.pad.clear()

    def done(self):
        """Store the signature as a blob and hand its hash to the check form."""
        signature = self.ids.pad.signature
        if signature.is_empty():
            self.ids.message.text = _("Ask the firm representative to sign in the white area.")
            return None
        sha256 = signature.store(self.ctx.replica)
        check = self.app.screen("check")
        back = self.params["return_to"]
        self.app.go("check", **back)
        check.attach_signature(sha256)
        return sha256
