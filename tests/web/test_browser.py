"""Real headless Chromium drives the console on a real server: log in, plan the day, drag a
job, lock it, pair a second inspector onto a joint audit, resolve a conflict, turn a due list
into jobs. Screenshots go to test-artifacts/web/. Debian's chromium is required: without it
these tests fail (CI installs it from .ci/apt-packages).
"""

import pytest
from playwright.sync_api import expect

from server.web.offices import today
from sync.server.records import get_record
from tests.browser import SHOTS, chromium
from tests.conftest import PASSWORD
from tests.e2e.conftest import serving
from tests.web.conftest import DAY
from tests.web.test_actions import conflict, due_instrument, live_assignment
from tests.web.test_board import new_job


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def live(app, world):
    with serving(app) as running:
        yield running


@pytest.fixture
def page(browser, live):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    errors = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.base = live.url
    yield opened
    context.close()
    assert errors == [], errors  # no script error, no CSP refusal


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, username="dispatcher.a"):
    page.goto(f"{page.base}/console/board?day={DAY}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    shot(page, "01-login")
    page.click("#login")
    expect(page.locator("#board")).to_be_visible()


def test_log_in_and_out_and_switch_language(page):
    log_in(page)
    expect(page.locator("h1")).to_contain_text("派工看板")
    page.click("#lang-en")
    expect(page.locator("h1")).to_contain_text("Day board")
    shot(page, "02-board-english")
    page.click("#logout")
    expect(page.locator("#login")).to_be_visible()


def test_plan_the_day_and_apply(page, world):
    world.edit("users", world.a.inspector.user_id, {"skills": ["nawi"]}, world.admin)
    world.edit("jobs", world.a.job["id"], {"required_skills": [], "required_equipment": []})
    planned = new_job(world, application_number="APP-BROWSER-PLAN")
    log_in(page)
    page.click("#plan-day")
    expect(page.locator("#apply-plan")).to_be_visible()
    expect(page.locator("body")).to_contain_text("APP-BROWSER-PLAN")
    shot(page, "03-proposal")
    page.click("#apply-plan")
    expect(page.locator("#board")).to_be_visible()
    expect(page.locator(".flashes")).to_contain_text("排程已套用")
    shot(page, "04-applied")
    assert live_assignment(world, planned["id"]) is not None


def test_drag_a_job_onto_an_inspector_and_lock_it(page, world):
    job = new_job(world, application_number="APP-BROWSER-DRAG")
    log_in(page)
    card = page.locator(f"#unassigned [data-job='{job['id']}']")
    row = page.locator(f"#row-{world.a.inspector.user_id} ol.cards")
    expect(card).to_be_visible()
    card.drag_to(row)
    placed = page.locator(f"#row-{world.a.inspector.user_id} [data-job='{job['id']}']")
    expect(placed).to_be_visible()
    expect(placed.locator(".time")).to_be_visible()
    shot(page, "05-dragged")
    assert live_assignment(world, job["id"])["inspector_ids"] == [world.a.inspector.user_id]
    assert live_assignment(world, world.a.job["id"])["vehicle_id"] == world.a.vehicle["id"]
    placed.locator("select[name=scope]").select_option("both")
    placed.locator(".lock-button").click()
    locked = page.locator(f"#row-{world.a.inspector.user_id} [data-job='{job['id']}'].locked")
    expect(locked).to_be_visible()
    shot(page, "06-locked")
    assignment = live_assignment(world, job["id"])
    assert assignment["locked"] is True and assignment["lock_scope"] == "both"
    locked.drag_to(page.locator("#unassigned ol.cards"))
    expect(page.locator("#refusal")).to_contain_text("locked")
    assert live_assignment(world, job["id"]) is not None


def test_pair_a_second_inspector_onto_a_joint_audit(page, world, app):
    with app.app_context():
        partner = world.new_person("inspector.a2", "inspector", world.a.id)
    audit = new_job(world, application_number="APP-BROWSER-AUDIT", inspectors_needed=2)
    log_in(page)
    page.locator(f"#unassigned [data-job='{audit['id']}']").drag_to(
        page.locator(f"#row-{world.a.inspector.user_id} ol.cards")
    )
    placed = page.locator(f"#row-{world.a.inspector.user_id} [data-job='{audit['id']}']")
    expect(placed.locator(".pair-form")).to_be_visible()
    shot(page, "07-joint-audit-short")
    placed.locator("select[name=partner]").select_option(partner.user_id)
    placed.locator(".pair-button").click()
    joint = page.locator(f"#row-{partner.user_id} [data-job='{audit['id']}'].locked")
    expect(joint).to_be_visible()
    expect(page.locator(".pair-form")).to_have_count(0)
    shot(page, "08-joint-audit-paired")
    assignment = live_assignment(world, audit["id"])
    assert assignment["inspector_ids"] == [world.a.inspector.user_id, partner.user_id]


def test_resolve_a_conflict(page, world):
    world.edit("jobs", world.a.job["id"], {"notes": "note by the dispatcher"})
    entry = conflict(world)
    log_in(page)
    page.goto(f"{page.base}/console/conflicts")
    article = page.locator(f"#conflict-{entry['id']}")
    expect(article).to_contain_text("note by the inspector")
    shot(page, "07-conflicts")
    article.locator("input[value=losing]").check()
    article.locator("input[name=note]").fill("the inspector was on site")
    article.locator("button").click()
    expect(page.locator(".flashes")).to_contain_text("衝突已處理")
    assert get_record(world.db, "jobs", world.a.job["id"])["notes"] == "note by the inspector"
    assert get_record(world.db, "conflicts", entry["id"])["resolved"] is True


def test_turn_the_due_list_into_jobs(page, world):
    instrument = due_instrument(world, "DUE-BROWSER", today().isoformat())
    before = world.count("jobs")
    log_in(page)
    page.goto(f"{page.base}/console/due")
    page.check(f"input[value='{instrument['id']}']")
    shot(page, "08-due-list")
    page.click("#create-jobs")
    expect(page.locator(".flashes")).to_contain_text("已建立 1 件案件")
    shot(page, "09-due-jobs")
    assert world.count("jobs") == before + 1


def test_the_map_of_the_day(page, world):
    new_job(world, application_number="APP-MAP")
    log_in(page)
    page.click("#map-link")
    expect(page.locator("#day-map polyline")).to_have_count(1)
    shot(page, "10-map")
