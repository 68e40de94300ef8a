"""Accident home visit: the household, the product, what happened, injuries, the cause
assessment, photos and the follow-up."""

from field_app.i18n import _
from field_app.screens.record_form import RecordFormScreen
from field_app.viewmodels.accident_form import AccidentForm


class AccidentScreen(RecordFormScreen):
    collection = "accident_visits"
    form_class = AccidentForm

    @property
    def title_text(self):
        return _("Accident home visit")
