"""One job on site: where, who, the instruments in scope, the results, start and finish."""

from kivy.factory import Factory

from field_app.i18n import _
from field_app.screens.base import AppScreen
from field_app.viewmodels import labels
from field_app.viewmodels.job import job_detail

VISIT_SCREENS = {"accident_visit": "accident", "firm_visit": "firm_visit"}


class JobScreen(AppScreen):
    parent_screen = "today"

    def refresh(self):
        ctx = self.ctx
        self.detail = job_detail(
            ctx.replica, self.params["job_id"], ctx.signed_in.role, ctx.signed_in.user_id
        )
        d = self.detail
        self.ids.title.text = d.site_name
        self.ids.summary.text = f"{d.job_kind} · {d.window} · {d.status_label}"
        self.ids.address.text = d.address
        self.ids.contact.text = _("Contact: {c}").format(c=d.contact) if d.contact else ""
        team = ", ".join(d.people) or _("no one else")
        vehicle = d.vehicle or _("no vehicle")
        self.ids.team.text = _("With: {team} · Vehicle: {vehicle}").format(
            team=team, vehicle=vehicle
        )
        self._fill_actions(d)
        self._fill_instruments(d)
        self._fill_results(d)

    def _fill_actions(self, d):
        box = self.ids.actions
        box.clear_widgets()
        for target, text in d.transitions:
            button = Factory.BigButton(text=text)
            button.bind(on_release=lambda _b, t=target: self.move_to(t))
            box.add_widget(button)
        visit = VISIT_SCREENS.get(d.kind)
        if visit:
            button = Factory.BigButton(text=_("Record the visit"))
            button.bind(on_release=lambda _b: self.new_visit(visit))
            box.add_widget(button)

    def _fill_instruments(self, d):
        box = self.ids.instruments
        box.clear_widgets()
        for line in d.instruments:
            text = f"{line.title} · {line.serial}"
            extra = " · ".join(
                x
                for x in (
                    line.last_result,
                    _("due {date}").format(date=line.due) if line.due else "",
                )
                if x
            )
            button = Factory.WrapButton(text=f"{text}\n{extra}" if extra else text)
            button.bind(on_release=lambda _b, i=line: self.open_check(i))
            box.add_widget(button)
        if d.kind not in VISIT_SCREENS:
            button = Factory.QuietButton(text=_("+ Register an instrument found on site"))
            button.bind(on_release=lambda _b: self.app.go("instrument", job_id=d.job_id))
            box.add_widget(button)

    def _fill_results(self, d):
        box = self.ids.results
        box.clear_widgets()
        for line in d.results:
            symbol, words = labels.badge(line.badge)
            button = Factory.WrapButton(text=f"{line.title} · {line.status} · {symbol} {words}")
            button.bind(on_release=lambda _b, r=line: self.open_result(r))
            box.add_widget(button)

    def move_to(self, target):
        """Start or finish the job (one local transaction; sent at the next sync)."""
        self.ctx.replica.save("jobs", self.detail.job_id, {"status": target})
        self.app.sync_now()
        self.refresh()

    def open_check(self, line):
        self.app.go(
            "check",
            job_id=self.detail.job_id,
            instrument_id=line.instrument_id,
            check_id=line.check_id,
        )

    def new_visit(self, screen):
        self.app.go(screen, job_id=self.detail.job_id, record_id=None)

    def open_result(self, line):
        if line.collection == "checks":
            record = self.ctx.replica.get("checks", line.record_id)
            self.app.go(
                "check",
                job_id=self.detail.job_id,
                instrument_id=record["instrument_id"],
                check_id=line.record_id,
            )
        else:
            screen = "accident" if line.collection == "accident_visits" else "firm_visit"
            self.app.go(screen, job_id=self.detail.job_id, record_id=line.record_id)
