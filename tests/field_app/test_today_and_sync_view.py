"""The job list and the sync screen's content, from a replica (no window)."""

from datetime import UTC, date, datetime

from field_app.i18n import set_language
from field_app.viewmodels.sync_view import sync_view
from field_app.viewmodels.today import flat_items, job_list
from sync.client import Replica, SyncStatus
from sync.client.apply import apply_page
from tests.domain.factories import new_id

ME, SOMEONE = new_id(), new_id()
TODAY = date(2026, 12, 2)


def _put(collection, **data):
    rid = data.setdefault("id", new_id())
    return {"collection": collection, "id": rid, "version": 1, "deleted": False, "data": data}


def _job(site, day, start, status="dispatched", order=0, who=ME, **extra):
    job = _put(
        "jobs",
        site_id=site,
        kind="fuel_dispenser_inspection",
        status=status,
        instrument_ids=[new_id(), new_id()],
        window_start=f"{day}T{start}:00+08:00",
        window_end=f"{day}T17:00:00+08:00",
        **extra,
    )
    assignment = _put(
        "assignments", job_id=job["id"], inspector_ids=[who], date=day, route_order=order
    )
    return job, assignment


def _replica(tmp_path, *changes):
    replica = Replica(tmp_path / "replica.db")
    page = {
        "epoch": "e",
        "cursor": "c",
        "has_more": False,
        "remaining": 0,
        "changes": list(changes),
    }
    apply_page(replica, page)
    return replica


def test_jobs_are_grouped_by_day_in_the_dispatched_order_and_searchable(tmp_path):
    set_language("en")
    harbour = _put("sites", name="Harbour station", address="基隆市仁愛區")
    market = _put("sites", name="仁愛市場", address="基隆市仁愛區愛一路")
    second, a2 = _job(harbour["id"], "2026-12-02", "13:00", order=2)
    first, a1 = _job(market["id"], "2026-12-02", "08:30", order=1)
    tomorrow, a3 = _job(market["id"], "2026-12-03", "09:00")
    old_done, a4 = _job(market["id"], "2026-11-20", "09:00", status="done")
    old_open, a5 = _job(market["id"], "2026-11-30", "09:00", status="in_progress")
    not_mine, a6 = _job(market["id"], "2026-12-02", "09:00", who=SOMEONE)
    records = [
        harbour,
        market,
        second,
        a2,
        first,
        a1,
        tomorrow,
        a3,
        old_done,
        a4,
        old_open,
        a5,
        not_mine,
        a6,
    ]
    replica = _replica(tmp_path, *records)
    groups = job_list(replica, ME, TODAY)
    assert [g.day for g in groups] == [date(2026, 11, 30), TODAY, date(2026, 12, 3)]
    assert [r.job_id for r in groups[1].rows] == [first["id"], second["id"]]
    assert groups[1].heading.startswith("Today")
    row = groups[1].rows[0]
    assert (row.window, row.site_name, row.instruments) == (
        "08:30–17:00",
        "仁愛市場",
        "2 instruments",
    )
    assert [r.job_id for g in job_list(replica, ME, TODAY, search="harbour") for r in g.rows] == [
        second["id"]
    ]
    items = flat_items(groups)
    assert [i["kind"] for i in items] == [
        "heading",
        "job",
        "heading",
        "job",
        "job",
        "heading",
        "job",
    ]


def test_badges_count_the_jobs_records_by_sync_state(tmp_path):
    set_language("en")
    site = _put("sites", name="S", address="A")
    job, assignment = _job(site["id"], "2026-12-02", "09:00")
    sent_check = _put("checks", job_id=job["id"])
    replica = _replica(tmp_path, site, job, assignment, sent_check)
    replica.save("checks", new_id(), {"job_id": job["id"]}, op="create")
    row = job_list(replica, ME, TODAY)[0].rows[0]
    assert row.badges == {"sent": 3, "on_device": 1}  # the job, its assignment, one check
    assert row.badge_text() == "✓ 3  ◌ 1"


def test_the_sync_view_says_when_it_last_worked_and_what_waits(tmp_path):
    set_language("en")
    replica = _replica(tmp_path)
    status = SyncStatus(
        outcome="offline",
        pending=3,
        rejected=1,
        conflicts=0,
        last_success_at="2026-12-02T00:12:00+00:00",
        pulling=True,
        pulled=6200,
        remaining=3600,
    )
    view = sync_view(status, replica, now=datetime(2026, 12, 2, 3, 12, tzinfo=UTC))
    assert view.last_success == "Last success 08:12 (3 h ago)"
    assert view.counts == "Pending 3 · rejected 1 · conflict 0"
    assert "kept on this device" in view.outcome
    assert view.progress_text == "Receiving 6,200 / 9,800" and round(view.progress, 2) == 0.63
