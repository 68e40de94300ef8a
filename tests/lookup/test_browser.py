"""The lookup page and the bulletin board in real headless Chromium, over real HTTP.

Debian's chromium (`/usr/bin/chromium`, `.ci/apt-packages`) drives the pages as an applicant
with a phone and a lobby screen would; screenshots go to test-artifacts/web/. A machine
without that browser fails these tests: they are never skipped.
"""

import pytest
from playwright.sync_api import expect

from server.lookup.qr import lookup_url
from tests.browser import SHOTS, chromium
from tests.e2e.conftest import serving
from tests.lookup.conftest import CODE, NUMBER, OFFICE_PHONE

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
SCREEN = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def live(app, public_world):
    with serving(app) as live:
        yield live


@pytest.fixture
def phone(browser):
    """A page on a phone-sized screen whose browser prefers Traditional Chinese."""
    context = browser.new_context(locale="zh-TW", **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def look_up(page, url, number, code):
    page.goto(f"{url}/lookup")
    page.fill("#number", number)
    page.fill("#code", code)
    page.click("#submit")


def test_an_applicant_sees_the_stage_on_their_phone(live, phone):
    look_up(phone, live.url, NUMBER, CODE)
    expect(phone.locator("#stage")).to_have_text("已排定")
    expect(phone.locator("#window")).to_have_text("09:00–11:00")
    expect(phone.locator("#phone")).to_have_text(OFFICE_PHONE)
    expect(phone.locator("ol.steps li[aria-current=step]")).to_have_text("已排定")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    shot(phone, "lookup-result")


def test_a_wrong_code_is_not_found(live, phone):
    look_up(phone, live.url, NUMBER, "000000")
    expect(phone.locator("#problems")).to_contain_text("查無此申請案號與查詢碼的案件")
    expect(phone.locator("#stage")).to_have_count(0)
    expect(phone.locator("#number")).to_have_value(NUMBER)
    shot(phone, "lookup-not-found")


def test_the_language_switch_keeps_the_answer(live, phone):
    look_up(phone, live.url, NUMBER, CODE)
    phone.click("#lang-en")
    expect(phone.locator("#stage")).to_have_text("Scheduled")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("#date")).to_have_text("Tue 1 Jan 2030")
    shot(phone, "lookup-result-en")
    phone.click("#lang-zh_TW")
    expect(phone.locator("#stage")).to_have_text("已排定")


def test_an_english_browser_gets_english(live, browser):
    context = browser.new_context(locale="en-US", **PHONE)
    page = context.new_page()
    page.goto(f"{live.url}/lookup")
    expect(page.locator("label[for=number]")).to_have_text("Application number")
    shot(page, "lookup-form-en")
    context.close()


def test_what_was_typed_is_shown_as_text_and_never_run(live, phone):
    typed = "<script>alert(1)</script>"
    look_up(phone, live.url, typed, "<img/src=x>")
    expect(phone.locator("#problems")).to_contain_text("查詢碼為 4 至 12 個英文字母或數字")
    expect(phone.locator("#number")).to_have_value(typed)
    assert phone.locator("main script, main img").count() == 0
    look_up(phone, live.url, typed, CODE)
    expect(phone.locator("#problems")).to_contain_text("查無此申請案號與查詢碼的案件")
    assert phone.dialogs == []
    shot(phone, "lookup-escaped")


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_qr_code_is_drawn_and_opens_the_answer(live, phone, kind):
    source = f"{live.url}/lookup/qr.{kind}?number={NUMBER}&code={CODE}"
    phone.set_content(f'<p>{kind}</p><img id="qr" src="{source}" width="240" height="240">')
    expect(phone.locator("#qr")).to_have_js_property("complete", True)
    assert phone.eval_on_selector("#qr", "image => image.naturalWidth") > 100
    shot(phone, f"lookup-qr-{kind}")
    phone.goto(lookup_url(live.url, NUMBER, CODE))  # where scanning it leads
    expect(phone.locator("#stage")).to_have_text("已排定")


def test_the_board_shows_the_day_and_refreshes_by_itself(app, live, browser, public_world):
    app.config["BOARD_REFRESH_SECONDS"] = 1
    context = browser.new_context(locale="zh-TW", **SCREEN)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live.url}/board/KEELUNG")
    row = page.locator("tr", has_text=NUMBER)
    expect(row).to_contain_text("已排定")
    expect(page.locator("h2")).to_have_text(["地點：基隆市仁愛區"])
    shot(page, "board")
    public_world.edit("jobs", public_world.a.job["id"], {"status": "in_progress"})
    expect(row).to_contain_text("檢驗中")  # no click: the page reloaded itself
    page.goto(f"{live.url}/board/KEELUNG?lang=en")
    expect(row).to_contain_text("In progress")
    shot(page, "board-en")
    context.close()
