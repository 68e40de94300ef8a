"""Today and upcoming: the inspector's jobs by day in dispatched order, search, sync."""

from kivy.metrics import dp
from kivy.properties import DictProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from field_app.i18n import _
from field_app.screens.base import AppScreen
from field_app.viewmodels.today import flat_items, job_list
from field_app.widgets.theme import STATE_COLOURS, TEXT

HEADING_HEIGHT = 56
ROW_HEIGHT = 132


class DayHeading(BoxLayout):
    text = StringProperty("")


class JobRowView(ButtonBehavior, BoxLayout):
    """One job in the list; a tap opens it."""

    job_id = StringProperty("")
    window = StringProperty("")
    site_name = StringProperty("")
    details = StringProperty("")
    address = StringProperty("")
    status_label = StringProperty("")
    badges = StringProperty("")
    badge_colour = DictProperty({"rgba": TEXT})

    def on_release(self):
        from kivy.app import App

        App.get_running_app().go("job", job_id=self.job_id)


class TodayScreen(AppScreen):
    parent_screen = "today"

    def refresh(self):
        ctx = self.ctx
        if ctx.signed_in is None:
            return
        groups = job_list(
            ctx.replica, ctx.signed_in.user_id, ctx.today(), search=self.ids.search.text
        )
        self.ids.jobs.data = [_item(item) for item in flat_items(groups)]
        self.ids.empty.text = (
            "" if groups else _("No jobs on this device. Sync to receive today's work.")
        )
        self.show_counts()

    def show_counts(self):
        counts = self.ctx.replica.counts()
        waiting = counts["pending"] + counts["rejected"]
        self.ids.sync_button.text = (
            _("Sync · {n} waiting").format(n=waiting) if waiting else _("Sync")
        )

    def search(self, text):
        self.refresh()


def _item(item):
    if item["kind"] == "heading":
        return {"viewclass": "DayHeading", "text": item["text"], "size": (None, dp(HEADING_HEIGHT))}
    row = item["row"]
    worst = next((b for b in ("conflict", "rejected", "on_device") if row.badges.get(b)), "sent")
    return {
        "viewclass": "JobRowView",
        "size": (None, dp(ROW_HEIGHT)),
        "job_id": row.job_id,
        "window": row.window,
        "site_name": row.site_name,
        "details": " · ".join(part for part in (row.kind, row.instruments) if part),
        "address": row.address,
        "status_label": row.status_label,
        "badges": row.badge_text(),
        "badge_colour": {"rgba": STATE_COLOURS[worst]},
    }
