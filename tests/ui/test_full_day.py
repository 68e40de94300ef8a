"""A full day offline, recorded through the app's own screens, then synced to a real server.

The inspector signs in and receives the day, then works with no connection: checks of five
instrument types with photos and the firm representative's signature, an instrument found on
site registered and checked at once, a draft left unfinished, an amendment of a submitted
check, an accident home visit and a firm visit; jobs started and finished. Back in signal,
one sync run sends it all: the server holds every record exactly once, with the verdicts the
tablet showed, and the tablet shows everything as sent.
"""

import io

import orjson
from kivy.tests.common import UnitTestTouch
from PIL import Image

from tests.ui.conftest import TODAY
from tests.ui.day_plan import plan_day

OFFLINE = "http://127.0.0.1:9"
NOMINAL = {"reference": "20", "load": "1000", "actual": "10", "flow_rate": "30"}


def _photo(tmp_path, name, colour):
    path = tmp_path / f"{name}.jpg"
    image = Image.new("RGB", (3000, 2000), colour)
    image.paste((20, 20, 20), (400, 400, 1400, 1200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _readings(row_view, offset="0"):
    """Readings for one test point: the target (or a nominal value), indicated `offset` off."""
    values = {}
    for field in row_view["fields"]:
        if field["required"]:
            values[field["name"]] = field["text"] or NOMINAL.get(field["name"], "37")
    true = next((values[n] for n in ("reference", "load", "actual") if n in values), None)
    for name in ("indicated", "indication"):
        if name in values and true is not None:
            values[name] = str(float(true) + float(offset)).rstrip("0").rstrip(".")
    return values


def _fill(device, screen, offset="0", only=None):
    views = [view for view in screen.form.rows() if view["required"]]
    for view in views[:only]:
        row = screen.rows[view["key"]]
        boxes = list(reversed(row.ids.inputs.children))
        readings = _readings(view, offset)
        for field, box in zip(view["fields"], boxes, strict=True):
            value = readings.get(field["name"])
            if value is not None and box.ids.input.text != value:
                device.type_into(box.ids.input, value)


def _sign(device, check_screen):
    screen = device.show("signature", return_to=dict(check_screen.params))
    pad = screen.ids.pad
    x0, y0 = pad.to_window(pad.x + 50, pad.center_y)
    touch = UnitTestTouch(x0, y0)
    touch.touch_down()
    for step in range(1, 12):
        touch.touch_move(x0 + step * 40, y0 + (step % 3) * 20)
    touch.touch_up()
    return screen.done()


def _check(device, tmp_path, job_id, instrument_id, *, seal=None, offset="0"):
    screen = device.show("check", job_id=job_id, instrument_id=instrument_id)
    _fill(device, screen, offset)
    if seal:
        device.type_into(screen.text_inputs["seal_number"], seal)
    device.type_into(screen.text_inputs["notes"], "現場檢查 正常")
    screen.attach_photo(_photo(tmp_path, f"p-{instrument_id}", (200, 180, 40)))
    device.screenshot(f"check_{screen.form.instrument_type}")
    _sign(device, screen)
    screen = device.screen
    assert screen.submit(), screen.ids.message.text
    return screen.form.id, screen.form.verdict


def _start(device, job_id):
    screen = device.show("job", job_id=job_id)
    screen.move_to("in_progress")


def test_a_full_day_offline_reaches_the_server_exactly_once(signed_in, office, tmp_path):
    jobs = plan_day(office.app, "inspector.chen", TODAY)
    device = signed_in(engine_options={"sleep": lambda seconds: None})
    replica = device.ctx.replica
    device.ctx.set_server_url(OFFLINE)  # no signal from here on
    shown = {}

    # Checks of five instrument types, with photos and a signature.
    for kind, offset in (
        ("instrument_inspection", "0"),
        ("fuel_dispenser_inspection", "0"),
        ("free_home_instrument_check", "0"),
        ("taxi_meter_verification", "0"),
    ):
        job = replica.get("jobs", jobs[kind]["id"])
        _start(device, job["id"])
        for instrument_id in job["instrument_ids"]:
            seal = "KL-S-0001" if kind.endswith("verification") else None
            check_id, verdict = _check(
                device, tmp_path, job["id"], instrument_id, seal=seal, offset=offset
            )
            shown[check_id] = verdict

    # An instrument found on site: registered and checked before any sync.
    market = jobs["instrument_inspection"]["id"]
    screen = device.show("instrument", job_id=market)
    screen.choose_type("nawi")
    for name, text in (("serial", "FOUND-001"), ("e", "5"), ("max", "15000"), ("unit", "g")):
        device.type_into(screen.inputs[name], text)
    screen.typed(screen.form.set_field, "accuracy_class", "III")
    device.screenshot("instrument_found_on_site")
    found = screen.register()
    assert found is not None, screen.ids.message.text
    check = device.screen
    assert check.name == "check" and check.form.instrument_id == found["id"]
    _fill(device, check)
    check.attach_photo(_photo(tmp_path, "found", (90, 160, 200)))
    _sign(device, check)
    assert device.screen.submit(), device.screen.ids.message.text
    shown[device.screen.form.id] = device.screen.form.verdict

    # An amendment of a submitted check.
    first_check = next(iter(shown))
    record = replica.get("checks", first_check)
    screen = device.show(
        "check",
        job_id=record["job_id"],
        instrument_id=record["instrument_id"],
        check_id=first_check,
    )
    assert screen.form.read_only
    amendment = screen.amend("讀值抄錯，重新登錄")
    assert amendment is not None, screen.ids.message.text
    assert device.screen.form.amends == first_check
    _sign(device, device.screen)
    device.screenshot("check_amendment")
    assert device.screen.submit(), device.screen.ids.message.text
    device.screenshot("check_submitted")
    amendment_id = device.screen.form.id
    shown[amendment_id] = device.screen.form.verdict

    # A draft left unfinished.
    fuel = replica.get("jobs", jobs["fuel_dispenser_inspection"]["id"])
    draft_screen = device.show("check", job_id=fuel["id"], instrument_id=fuel["instrument_ids"][0])
    _fill(device, draft_screen, only=1)
    draft_id = draft_screen.form.id
    device.show("today")  # leaving the form saves the draft

    # An accident home visit.
    accident = jobs["accident_visit"]["id"]
    _start(device, accident)
    screen = device.show("accident", job_id=accident)
    for name, text in (
        ("product", "電暖器"),
        ("description", "使用中冒煙起火"),
        ("injuries", "無"),
        ("cause_assessment", "電源線老化"),
        ("follow_up", "協助申請理賠"),
    ):
        device.type_into(screen.inputs[name], text)
    screen.attach_photo(_photo(tmp_path, "heater", (160, 40, 40)))
    device.screenshot("accident_visit")
    assert screen.submit(), screen.ids.message.text
    accident_id = screen.form.record_id

    # A firm visit.
    firm = jobs["firm_visit"]["id"]
    _start(device, firm)
    screen = device.show("firm_visit", job_id=firm)
    device.type_into(screen.attendee_input, "張經理")
    assert screen.add_attendee()
    for text, status in (("希望延長檢定時段", "resolved"), ("法規說明會", "escalated")):
        suggestion = screen.add_suggestion()
        screen.edit_suggestion(suggestion, "text", text)
        screen.set_status(suggestion, status)
    device.screenshot("firm_visit")
    assert screen.submit(), screen.ids.message.text
    firm_visit_id = screen.form.record_id

    # Finish the jobs that are done.
    for kind in ("instrument_inspection", "accident_visit", "firm_visit"):
        device.show("job", job_id=jobs[kind]["id"]).move_to("done")
    device.screenshot("today_after_the_day")
    assert replica.counts()["pending"] > 0

    # Back in signal: one sync sends everything.
    device.ctx.set_server_url(office.url)
    status = device.ctx.sync_engine().run()
    assert status.outcome == "ok", status.last_error
    assert replica.counts() == {"pending": 0, "rejected": 0, "conflicts": 0}
    assert replica.sync_badges() == {}

    def stored(collection, record_id):
        rows = office.scalar(
            "SELECT count(*) FROM records WHERE collection = ? AND id = ?", [collection, record_id]
        )
        assert rows == 1
        return orjson.loads(
            office.scalar(
                "SELECT data FROM records WHERE collection = ? AND id = ?", [collection, record_id]
            )
        )

    for check_id, verdict in shown.items():
        record = stored("checks", check_id)
        assert record["status"] == "submitted" and record["verdict"] == verdict
    assert stored("checks", amendment_id)["amends"] == first_check
    assert stored("checks", draft_id)["status"] == "draft"
    assert stored("instruments", found["id"])["serial"] == "FOUND-001"
    assert stored("accident_visits", accident_id)["product"] == "電暖器"
    assert [s["status"] for s in stored("firm_visits", firm_visit_id)["suggestions"]] == [
        "resolved",
        "escalated",
    ]
    assert stored("jobs", jobs["firm_visit"]["id"])["status"] == "done"
    evidence = {h for c in shown for h in stored("checks", c)["photo_hashes"]}
    evidence |= {stored("checks", c)["signature_hash"] for c in shown}
    evidence |= set(stored("accident_visits", accident_id)["photo_hashes"])
    for sha256 in evidence:  # every photo and signature reached the server, whole
        assert office.scalar("SELECT complete FROM blobs WHERE sha256 = ?", [sha256]) == 1
    device.show("today")
    device.screenshot("today_all_sent")
