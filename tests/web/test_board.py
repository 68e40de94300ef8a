"""The day board: rows, unassigned jobs with search and filters, warnings, plan the day."""

import re

import pytest

from tests.domain import factories as f
from tests.web.conftest import DAY

XSS = "<script>alert(1)</script>"


def board(page_owner, query=""):
    answer = page_owner.get(f"/console/board?day={DAY}{query}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def unassigned_part(page):
    return page[page.index('id="unassigned"') : page.index('id="warnings"')]


def new_job(world, **fields):
    defaults = {
        "window_start": f"{DAY}T09:00:00+08:00",
        "window_end": f"{DAY}T16:00:00+08:00",
        "required_skills": [],
        "required_equipment": [],
        "estimated_minutes": 30,
    }
    return world.new_job(**{**defaults, **fields})


def test_one_row_per_inspector_with_the_vehicle_and_the_visit(console, world):
    world.edit("assignments", world.a.assignment["id"], {"vehicle_id": world.a.vehicle["id"]})
    page = board(console("dispatcher.a"))
    row = page[page.index(f'id="row-{world.a.inspector.user_id}"') :]
    assert "inspector.a" in row[:400] and world.a.vehicle["plate"] in row[:600]
    assert f'data-job="{world.a.job["id"]}"' in row[: row.index("</ol>")]
    assert "09:30–10:30" in row[: row.index("</ol>")]


def test_unassigned_jobs_are_beside_the_rows_and_filtered(console, world):
    sampling = new_job(world, application_number="APP-SAMPLE", kind="fuel_sampling", priority=2)
    morning = new_job(
        world,
        application_number="APP-MORNING",
        window_start=f"{DAY}T08:00:00+08:00",
        window_end=f"{DAY}T10:00:00+08:00",
        priority=0,
    )
    dispatcher = console("dispatcher.a")
    everything = unassigned_part(board(dispatcher))
    assert "APP-SAMPLE" in everything and "APP-MORNING" in everything
    assert world.a.job["application_number"] not in everything  # it is on a row
    by_kind = unassigned_part(board(dispatcher, "&kind=fuel_sampling"))
    assert "APP-SAMPLE" in by_kind and "APP-MORNING" not in by_kind
    by_priority = unassigned_part(board(dispatcher, "&priority=0"))
    assert "APP-MORNING" in by_priority and "APP-SAMPLE" not in by_priority
    by_hour = unassigned_part(board(dispatcher, "&open_at=15:00"))
    assert "APP-SAMPLE" in by_hour and "APP-MORNING" not in by_hour
    searched = unassigned_part(board(dispatcher, "&q=morn"))
    assert "APP-MORNING" in searched and "APP-SAMPLE" not in searched
    assert sampling["id"] and morning["id"]


def test_htmx_asks_for_the_unassigned_list_alone(console, world):
    new_job(world, application_number="APP-HTMX")
    dispatcher = console("dispatcher.a")
    answer = dispatcher.get(
        f"/console/board?day={DAY}&part=unassigned&q=htmx", headers={"HX-Request": "true"}
    )
    part = answer.get_data(as_text=True)
    assert part.lstrip().startswith('<section class="unassigned"') and "APP-HTMX" in part
    assert "<html" not in part


def test_what_users_typed_is_escaped(console, world):
    site = world.put("sites", f.make_site(office_id=world.a.id, name=XSS))
    new_job(world, site=site, application_number=XSS, applicant_name=XSS)
    page = board(console("dispatcher.a"))
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_warnings_name_missing_skill_equipment_missed_window_and_overlap(console, world):
    a = world.a
    late = new_job(
        world,
        application_number="APP-LATE",
        window_start=f"{DAY}T08:00:00+08:00",
        window_end=f"{DAY}T09:00:00+08:00",
    )
    world.assign(
        late["id"], a.inspector, planned_start=f"{DAY}T10:00:00+08:00", date=DAY, route_order=2
    )
    page = board(console("dispatcher.a"))
    warnings = page[page.index('id="warnings"') :]
    number = a.job["application_number"]  # ids are shown as what people call them
    assert re.search(rf"Job {number} needs skill nawi; nobody in the crew", warnings)
    assert f"Job {number} has no vehicle" in warnings
    assert "Job APP-LATE starts at 10:00, outside its window 08:00–09:00" in warnings
    assert late["id"] not in warnings
    assert "超出時段" in warnings and "缺少專長" in warnings
    assert 'class="flag"' in page  # and on the cards


def test_overlapping_visits_and_missing_equipment_are_warned(console, world):
    a = world.a
    world.edit("assignments", a.assignment["id"], {"vehicle_id": a.vehicle["id"]})
    second = new_job(
        world,
        application_number="APP-OVERLAP",
        required_equipment=[{"kind": "taximeter_roller"}],
    )
    world.assign(
        second["id"],
        a.inspector,
        vehicle_id=a.vehicle["id"],
        date=DAY,
        planned_start=f"{DAY}T09:45:00+08:00",
        route_order=2,
    )
    page = board(console("dispatcher.a"))
    warnings = page[page.index('id="warnings"') :]
    assert "Job APP-OVERLAP: arrival 09:45 is sooner than the trip allows" in warnings
    assert f"Job APP-OVERLAP needs the taximeter roller; vehicle {a.vehicle['plate']}" in warnings
    assert second["id"] not in warnings


@pytest.fixture
def plannable(world):
    """Office a with a vehicle its inspector can drive and two jobs they can do."""
    a = world.a
    world.edit("users", a.inspector.user_id, {"skills": ["nawi", "fuel_dispenser"]}, world.admin)
    world.edit("jobs", a.job["id"], {"required_skills": [], "required_equipment": []})
    return [new_job(world, application_number=f"APP-PLAN-{n}") for n in range(2)]


def test_plan_the_day_shows_the_proposal_and_applying_writes_it(console, world, plannable):
    dispatcher = console("dispatcher.a")
    answer = dispatcher.post("/console/board/plan", {"office": world.a.id, "day": DAY})
    assert answer.status_code == 302 and "/console/plans/" in answer.headers["Location"]
    page = dispatcher.get(answer.headers["Location"]).get_data(as_text=True)
    assert "排程建議" in page and "APP-PLAN-0" in page and "變更內容" in page
    changes = page[page.index("變更內容") : page.index('id="left-out"')]
    assert "排給 inspector.a（RAB-1），09:00 開始" in changes and " in RAB-1" not in changes
    assert world.count("assignments") == 1  # nothing applied yet
    proposal_id = answer.headers["Location"].rsplit("/", 1)[1]
    applied = dispatcher.post(f"/console/plans/{proposal_id}/apply")
    assert applied.status_code == 302
    assert world.count("assignments") == 3
    statuses = {
        world.db.execute(
            "SELECT json_extract(data, '$.status') FROM records WHERE id = ?", [job["id"]]
        ).fetchone()[0]
        for job in plannable
    }
    assert statuses == {"scheduled"}
    again = dispatcher.post(f"/console/plans/{proposal_id}/apply")
    follow = dispatcher.get(again.headers["Location"]).get_data(as_text=True)
    assert "was applied at" in follow


def test_a_left_out_job_shows_its_reason(console, world, plannable):
    new_job(world, application_number="APP-NOBODY", required_skills=["taximeter"])
    dispatcher = console("dispatcher.a")
    answer = dispatcher.post("/console/board/plan", {"office": world.a.id, "day": DAY})
    page = dispatcher.get(answer.headers["Location"]).get_data(as_text=True)
    left_out = page[page.index('id="left-out"') :]
    office_zh = world.a.record["name_zh"]
    assert "APP-NOBODY" in left_out
    assert f"{office_zh}沒有具備「計程車計費表」專長的檢查員" in left_out
    dispatcher.get("/console/language/en")
    page = dispatcher.get(answer.headers["Location"]).get_data(as_text=True)
    assert "no inspector with skill taximeter in" in page[page.index('id="left-out"') :]


def test_discarding_a_proposal_changes_nothing_but_the_audit(console, world, plannable):
    dispatcher = console("dispatcher.a")
    answer = dispatcher.post("/console/board/plan", {"office": world.a.id, "day": DAY})
    proposal_id = answer.headers["Location"].rsplit("/", 1)[1]
    records = world.db.execute("SELECT count(*), max(updated_seq) FROM records").fetchone()
    discarded = dispatcher.post(f"/console/plans/{proposal_id}/discard")
    assert discarded.status_code == 302 and "/console/board" in discarded.headers["Location"]
    assert world.db.execute("SELECT count(*), max(updated_seq) FROM records").fetchone() == records
    entry = world.db.execute(
        "SELECT record_id FROM audit_log WHERE action = 'discard_plan'"
    ).fetchone()
    assert entry == (proposal_id,)


def test_an_admin_sees_the_board_but_does_not_plan_it(console, world):
    admin = console("admin")
    page = board(admin)
    assert 'id="plan-day"' not in page
    answer = admin.post("/console/board/plan", {"office": world.a.id, "day": DAY})
    assert answer.status_code == 302
    follow = admin.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Only a dispatcher of this office plans its day." in follow


def test_a_dispatcher_sees_only_their_own_office(console, world):
    page = board(console("dispatcher.a"), f"&office={world.b.id}")
    assert world.a.record["name_zh"] in page and world.b.record["name_zh"] not in page


def test_a_malformed_day_is_a_400_that_says_so(console):
    answer = console("dispatcher.a").get("/console/board?day=tomorrow")
    assert answer.status_code == 400 and "YYYY-MM-DD" in answer.get_data(as_text=True)
