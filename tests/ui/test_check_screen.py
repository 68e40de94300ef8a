"""The check form on a real instrument of the demo office: live verdicts as readings are
typed, jump-to-section, the rule one tap away, the signature pad, submit and amend."""

from kivy.tests.common import UnitTestTouch

from tests.ui.harness import texts_on


def _instrument_job(device, instrument_type):
    replica = device.ctx.replica
    for job in replica.query("jobs"):
        for instrument_id in job.get("instrument_ids") or []:
            instrument = replica.get("instruments", instrument_id)
            if instrument and instrument["type"] == instrument_type:
                return job, instrument
    raise AssertionError(f"no {instrument_type} on this device")


def _type_reading(device, screen, key, field, text):
    row = screen.rows[key]
    names = [f["name"] for f in next(v for v in screen.form.rows() if v["key"] == key)["fields"]]
    box = list(reversed(row.ids.inputs.children))[names.index(field)]
    device.type_into(box.ids.input, text)


def test_a_fuel_dispenser_check_judges_each_reading_as_it_is_typed(signed_in):
    device = signed_in()
    job, instrument = _instrument_job(device, "fuel_dispenser")
    screen = device.show("check", job_id=job["id"], instrument_id=instrument["id"])
    max_flow, min_flow = list(screen.rows)[:2]  # the first nozzle's points
    assert max_flow.startswith("max_flow") and min_flow.startswith("min_flow")
    _type_reading(device, screen, max_flow, "reference", "20")
    _type_reading(device, screen, max_flow, "indicated", "20.04")
    row = screen.rows[max_flow]
    assert row.verdict == "合格" and "0.04" in row.error
    _type_reading(device, screen, min_flow, "reference", "5")
    _type_reading(device, screen, min_flow, "indicated", "5.5")
    assert screen.rows[min_flow].verdict == "不合格"
    popup = screen.explain(min_flow)
    assert "fuel_dispenser" in popup.content.text
    popup.dismiss()
    device.screenshot("check_fuel_dispenser")
    screen.save_pressed()
    stored = device.ctx.replica.get("checks", screen.form.id)
    assert stored["status"] == "draft"
    assert {p["name"] for p in stored["points"]} == {"max_flow", "min_flow"}


def test_the_keypad_types_into_the_focused_reading(signed_in):
    device = signed_in()
    job, instrument = _instrument_job(device, "fuel_dispenser")
    screen = device.show("check", job_id=job["id"], instrument_id=instrument["id"])
    keypad = screen.ids.keypad
    first = keypad.order[0]
    first.text = ""
    first.focus = True
    keypad.target = first
    for key in ("2", "0", ".", "0", "1"):
        keypad.press(key)
    assert first.text == "20.01"
    keypad.press("←")
    assert first.text == "20.0"
    keypad.press("→")
    assert keypad.target == keypad.order[1]


def test_the_signature_pad_keeps_the_drawing_when_the_tablet_turns(signed_in):
    device = signed_in()
    job, instrument = _instrument_job(device, "fuel_dispenser")
    device.show("check", job_id=job["id"], instrument_id=instrument["id"])
    screen = device.show("signature", return_to=dict(device.app.screen("check").params))
    pad = screen.ids.pad
    assert pad.width >= 0.9 * device.app.root.width  # the full width of the screen
    x0, y0 = pad.to_window(pad.x + 40, pad.center_y)
    touch = UnitTestTouch(x0, y0)
    touch.touch_down()
    for step in range(1, 20):
        touch.touch_move(x0 + step * 30, y0 + (step % 4) * 15)
    touch.touch_up()
    device.frames()
    drawn = [list(s) for s in pad.signature.strokes]
    device.rotate((800, 1280))
    assert pad.signature.strokes == drawn and pad.width >= 0.9 * 800
    device.screenshot("signature_portrait")
    device.rotate((1280, 800))
    sha256 = screen.done()
    assert device.screen.name == "check"
    assert device.screen.form.signature_hash == sha256
    assert device.ctx.replica.blob_path(sha256).exists()
    assert any("已簽" in t or "簽名" in t for t in texts_on(device.screen))
