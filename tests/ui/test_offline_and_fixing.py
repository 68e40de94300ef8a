"""What an inspector counts on: the app opens on today's work with no connection, a form
killed mid-typing keeps what was typed, and a record the server refused says what to do and
opens to be fixed."""

import time

from kivy.clock import Clock

from tests.ui.conftest import TODAY
from tests.ui.harness import Tablet
from tests.ui.test_check_screen import _instrument_job, _type_reading

OFFLINE = "http://127.0.0.1:9"


def test_a_later_run_opens_straight_onto_todays_work_offline(signed_in, tmp_path):
    device = signed_in()
    rows = len(device.screen.ids.jobs.data)
    device.ctx.set_server_url(OFFLINE)
    device.close()
    again = Tablet(tmp_path / "tablet", today=TODAY)  # the same data folder, no signal
    try:
        assert again.screen.name == "today"
        assert len(again.screen.ids.jobs.data) == rows
    finally:
        again.close()


def test_a_form_killed_mid_typing_keeps_every_reading(signed_in, tmp_path):
    device = signed_in()
    job, instrument = _instrument_job(device, "fuel_dispenser")
    screen = device.show("check", job_id=job["id"], instrument_id=instrument["id"])
    first = list(screen.rows)[0]
    _type_reading(device, screen, first, "reference", "20")
    _type_reading(device, screen, first, "indicated", "20.0")  # half-typed, kept as typed
    check_id = screen.form.id
    deadline = time.monotonic() + 5
    while device.ctx.replica.get("checks", check_id) is None:  # the autosave, a moment later
        assert time.monotonic() < deadline, "the form was not autosaved"
        time.sleep(0.1)
        Clock.tick()
    device.app.ctx.replica.close()  # the battery dies: no leaving the screen, no on_stop
    device.app.ctx.replica = None
    again = Tablet(tmp_path / "tablet", today=TODAY)
    try:
        reopened = again.show(
            "check", job_id=job["id"], instrument_id=instrument["id"], check_id=check_id
        )
        typed = {f["name"]: f["text"] for f in reopened.form.rows()[0]["fields"]}
        assert typed["reference"] == "20" and typed["indicated"] == "20.0"
    finally:
        again.close()
    device.app.manager.current = "today"


def test_a_rejected_check_says_what_to_do_and_opens_to_be_fixed(signed_in, office):
    device = signed_in()
    job, instrument = _instrument_job(device, "fuel_dispenser")
    screen = device.show("check", job_id=job["id"], instrument_id=instrument["id"])
    _type_reading(device, screen, list(screen.rows)[0], "reference", "20")
    screen.save_pressed()
    # Meanwhile the office corrects the register: the tablet's copy of the class is stale.
    with office.app.app_context():
        from domain.access import Actor
        from server.database.db import get_db
        from server.records import store

        store.update(
            get_db(),
            "instruments",
            instrument["id"],
            {"accuracy_class": "1.0"},
            Actor(None, "admin", None, "office"),
        )
    status = device.ctx.sync_engine().run()
    assert status.rejected == 1
    sync = device.show("sync")
    line = sync.ids.notices.children[-1]
    assert "accuracy_class" in line.text or "器" in line.text
    device.screenshot("sync_rejected")
    device.tap(line)
    fixing = device.screen
    assert fixing.name == "check" and fixing.form.id == screen.form.id
    fixing.save_pressed()  # saved again: the copy is taken from the register as pulled now
    assert device.ctx.sync_engine().run().rejected == 0
    assert device.ctx.replica.sync_badges() == {}
