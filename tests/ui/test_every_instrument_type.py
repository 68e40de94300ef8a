"""A check form for every instrument type of the rule table, each registered on site through
the instrument screen, built, typed into and photographed."""

import pytest

from domain.tolerances import INSTRUMENT_TYPES
from tests.field_app.test_instrument_form import COMPLETE
from tests.ui.conftest import TODAY
from tests.ui.day_plan import plan_day


@pytest.fixture
def market_job(office):
    return plan_day(office.app, "inspector.chen", TODAY)["instrument_inspection"]


@pytest.mark.parametrize("instrument_type", INSTRUMENT_TYPES)
def test_each_type_gets_its_form_with_live_verdicts(signed_in, market_job, instrument_type):
    device = signed_in()
    screen = device.show("instrument", job_id=market_job["id"])
    screen.choose_type(instrument_type)
    device.type_into(screen.inputs["serial"], f"FOUND-{instrument_type}")
    accuracy_class, params = COMPLETE[instrument_type]
    if accuracy_class:
        screen.typed(screen.form.set_field, "accuracy_class", accuracy_class)
    for name, text in params.items():
        device.type_into(screen.inputs[name], text)
    assert screen.register() is not None, screen.ids.message.text
    check = device.screen
    assert check.name == "check" and check.form.instrument_type == instrument_type
    first = check.form.rows()[0]
    for field in first["fields"]:
        if field["required"] and not field["text"]:  # readings 100 on the dot; rates as given
            check.typed(first["key"], field["name"], "100" if _reading(field) else "1")
        elif field["required"] and _reading(field):
            check.typed(first["key"], field["name"], field["text"])
    true = {f["name"]: f["text"] for f in check.form.rows()[0]["fields"]}
    for name in ("indicated", "indication"):
        if name in true:
            check.typed(first["key"], name, true.get("load") or "100")
    device.frames()
    shown = check.rows[first["key"]]
    informative = instrument_type == "personal_scale"  # not legally verified: judged for info
    assert shown.verdict == ("在公差內（參考）" if informative else "合格"), shown.message
    device.screenshot(f"check_form_{instrument_type}")


def _reading(field):
    return field["name"] in ("reference", "load", "actual", "indicated", "indication")
