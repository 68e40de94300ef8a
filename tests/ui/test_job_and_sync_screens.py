"""The job, sync and settings screens against the demo office, driven through their handlers."""

import pytest

from tests.ui.conftest import TODAY
from tests.ui.day_plan import plan_day
from tests.ui.harness import texts_on


@pytest.fixture
def day(office):
    """The inspector's dispatched jobs of the day."""
    return plan_day(office.app, "inspector.chen", TODAY)


def _first_job(device, status=None):
    rows = [item for item in device.screen.ids.jobs.data if item["viewclass"] == "JobRowView"]
    job_ids = [row["job_id"] for row in rows]
    for job_id in job_ids:
        if status is None or device.ctx.replica.get("jobs", job_id)["status"] == status:
            return job_id
    raise AssertionError(f"no job with status {status}")


def test_a_dispatched_job_shows_its_site_instruments_and_the_start_button(signed_in, office, day):
    device = signed_in()
    job_id = _first_job(device, "dispatched")
    screen = device.show("job", job_id=job_id)
    job = device.ctx.replica.get("jobs", job_id)
    site = device.ctx.replica.get("sites", job["site_id"])
    shown = texts_on(screen)
    assert site["name"] in shown and site["address"] in shown
    assert len(screen.ids.instruments.children) == len(job["instrument_ids"]) + 1  # + register
    assert [b.text for b in screen.ids.actions.children] == ["開始工作"]
    device.screenshot("job")
    device.tap(screen.ids.actions.children[0])
    assert device.ctx.replica.get("jobs", job_id)["status"] == "in_progress"
    assert [b.text for b in screen.ids.actions.children] == ["完成工作"]
    status = device.wait_for_sync()  # the tap asked for a sync: the server has the start
    assert status.outcome == "ok" and status.pending == 0
    sql = "SELECT json_extract(data, '$.status') FROM records WHERE id = ?"
    assert office.scalar(sql, [job_id]) == "in_progress"


def test_sign_out_is_refused_while_records_wait_and_says_how_many(signed_in, day):
    device = signed_in()
    job_id = _first_job(device, "dispatched")
    device.ctx.replica.save("jobs", job_id, {"status": "in_progress"})
    screen = device.show("settings")
    assert screen.sign_out() is False
    assert "1" in screen.ids.message.text
    assert device.ctx.signed_in is not None
    device.screenshot("settings_sign_out_refused")
    assert device.ctx.sync_engine().run().outcome == "ok"
    assert screen.sign_out() is True
    assert device.screen.name == "sign_in"


def test_the_sync_screen_shows_counts_and_the_last_success(signed_in):
    device = signed_in()
    screen = device.show("sync")
    assert screen.ids.last_success.text
    assert "0" in screen.ids.counts.text
    device.screenshot("sync")


def test_english_is_one_tap_away_and_every_screen_speaks_it(signed_in):
    device = signed_in()
    screen = device.show("settings")
    device.tap(screen.ids.language_en)
    assert device.screen.name == "settings"
    device.show("today")
    assert "Today and upcoming" in texts_on(device.screen)
    device.screenshot("today_english")
