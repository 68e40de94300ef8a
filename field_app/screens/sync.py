"""Sync: the last success, what waits, the pull's progress, and what to fix."""

from kivy.clock import Clock
from kivy.factory import Factory

from field_app.screens.base import AppScreen
from field_app.viewmodels.sync_view import sync_view

POLL_SECONDS = 0.5
RESULT_SCREENS = {"checks": "check", "accident_visits": "accident", "firm_visits": "firm_visit"}


class SyncScreen(AppScreen):
    parent_screen = "today"
    _poll = None

    def open(self, **params):
        super().open(**params)
        if self._poll is None:
            self._poll = Clock.schedule_interval(self._tick, POLL_SECONDS)

    def _tick(self, dt):
        """Show the live progress while this screen is on; stop polling once it is not."""
        shown = self.manager is not None and self.manager.current == self.name
        if not shown or self.ctx.signed_in is None:
            self._poll = None
            return False
        self.show_progress()
        return True

    def on_leave(self, *args):
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None

    def status(self):
        return self.ctx.sync_engine().status()

    def refresh(self):
        view = sync_view(self.status(), self.ctx.replica)
        self._show(view)
        box = self.ids.notices
        box.clear_widgets()
        for line in view.notices:
            button = Factory.WrapButton(text=f"{line.symbol} {line.text}\n{line.advice}")
            button.bind(on_release=lambda _b, n=line: self.open_notice(n))
            box.add_widget(button)

    def show_progress(self):
        self._show(sync_view(self.status(), self.ctx.replica))

    def _show(self, view):
        self.ids.last_success.text = view.last_success
        self.ids.outcome.text = view.outcome
        self.ids.counts.text = view.counts
        self.ids.progress.value = (view.progress or 0) * 100
        self.ids.progress.opacity = 1 if view.progress is not None else 0
        self.ids.progress_text.text = view.progress_text

    def sync_now(self):
        self.app.sync_now()
        self.show_progress()

    def open_notice(self, line):
        """Open the record a notice is about (to fix it), marking the notice seen."""
        replica = self.ctx.replica
        record = replica.get(line.collection, line.record_id) if line.collection else None
        replica.dismiss_notice(line.notice_id)
        screen = RESULT_SCREENS.get(line.collection)
        if record is None or screen is None:
            self.refresh()
            return
        params = {"job_id": record.get("job_id"), "record_id": line.record_id}
        if screen == "check":
            params = {
                "job_id": record["job_id"],
                "instrument_id": record["instrument_id"],
                "check_id": line.record_id,
            }
        self.app.go(screen, **params)
