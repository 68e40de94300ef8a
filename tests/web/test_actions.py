"""The board's hand changes, job detail, due list, conflict queue and map, through the pages."""

from sync.server.records import get_record
from tests.domain import factories as f
from tests.web.conftest import DAY
from tests.web.test_board import XSS, new_job


def move(dispatcher, world, job, target, index=0, source=""):
    data = {
        "office": world.a.id,
        "day": DAY,
        "job_id": job["id"],
        "source": source,
        "target": target,
        "index": index,
    }
    return dispatcher.htmx("/console/board/move", data)


def live_assignment(world, job_id):
    row = world.db.execute(
        "SELECT id FROM records WHERE collection = 'assignments' AND parent_id = ? AND deleted = 0",
        [job_id],
    ).fetchone()
    return get_record(world.db, "assignments", row[0]) if row else None


def test_dragging_an_unassigned_job_onto_a_row_assigns_it_timed_after_the_others(console, world):
    a = world.a
    job = new_job(world, application_number="APP-DRAG")
    answer = move(console("dispatcher.a"), world, job, a.inspector.user_id, index=1)
    assert answer.status_code == 200
    fragment = answer.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="board"') and "refusal" not in fragment
    assignment = live_assignment(world, job["id"])
    assert assignment["inspector_ids"] == [a.inspector.user_id]
    assert assignment["vehicle_id"] == a.vehicle["id"]  # the one vehicle nobody uses
    first = live_assignment(world, a.job["id"])
    assert first["route_order"] == 1 and first["planned_start"] == f"{DAY}T09:00:00+08:00"
    assert assignment["route_order"] == 2 and assignment["planned_start"] >= f"{DAY}T10:00"
    assert get_record(world.db, "jobs", job["id"])["status"] == "scheduled"


def test_moving_to_another_inspector_and_back_to_the_list(console, world, app):
    a = world.a
    with app.app_context():
        other = world.new_person("inspector.a2", "inspector", a.id)
    dispatcher = console("dispatcher.a")
    answer = move(dispatcher, world, a.job, other.user_id, source=a.inspector.user_id)
    assert answer.status_code == 200
    assert live_assignment(world, a.job["id"])["inspector_ids"] == [other.user_id]
    move(dispatcher, world, a.job, "", source=other.user_id)
    assert live_assignment(world, a.job["id"]) is None
    assert get_record(world.db, "jobs", a.job["id"])["status"] == "requested"


def test_a_locked_visit_is_not_moved_until_unlocked(console, world):
    a = world.a
    dispatcher = console("dispatcher.a")
    data = {"office": a.id, "day": DAY, "job_id": a.job["id"], "scope": "time"}
    assert dispatcher.htmx("/console/board/lock", data).status_code == 200
    assignment = live_assignment(world, a.job["id"])
    assert assignment["locked"] is True and assignment["lock_scope"] == "time"
    before = assignment["version"]
    refused = move(dispatcher, world, a.job, "", source=a.inspector.user_id)
    assert "This visit is locked" in refused.get_data(as_text=True)
    assert live_assignment(world, a.job["id"])["version"] == before
    dispatcher.htmx("/console/board/lock", {**data, "scope": ""})
    assert live_assignment(world, a.job["id"])["locked"] is False
    bad = dispatcher.htmx("/console/board/lock", {**data, "scope": "forever"})
    assert "Unknown lock scope" in bad.get_data(as_text=True)


def test_a_job_of_another_office_cannot_be_moved_onto_the_board(console, world):
    refused = move(console("dispatcher.a"), world, world.b.job, world.a.inspector.user_id)
    assert "not open on this day" in refused.get_data(as_text=True)
    assert live_assignment(world, world.b.job["id"]) is None


def test_the_job_page_shows_status_and_history(console, world):
    dispatcher = console("dispatcher.a")
    data = {"office": world.a.id, "day": DAY, "job_id": world.a.job["id"], "scope": "both"}
    dispatcher.htmx("/console/board/lock", data)
    world.edit("jobs", world.a.job["id"], {"notes": XSS})
    page = dispatcher.get(f"/console/jobs/{world.a.job['id']}").get_data(as_text=True)
    assert "已排程" in page or "已受理" in page
    history = page[page.index('id="history"') :]
    assert "assignments update" in history and "locked" in history and "console" in history
    assert "jobs create" in history
    assert XSS not in page and "&lt;script&gt;" in page


def due_instrument(world, serial, due):
    return world.put(
        "instruments",
        world.kind.instrument(site_id=world.a.site["id"], serial=serial, due_date=due),
    )


def test_the_due_list_turns_into_jobs_in_one_step(console, world):
    from server.web.offices import today

    soon = (today()).isoformat()
    first = due_instrument(world, "DUE-1", soon)
    second = due_instrument(world, "DUE-2", soon)
    due_instrument(world, "LATER", "2099-01-01")
    dispatcher = console("dispatcher.a")
    page = dispatcher.get("/console/due?days=30").get_data(as_text=True)
    assert "DUE-1" in page and "DUE-2" in page and "LATER" not in page
    jobs_before = world.count("jobs")
    answer = dispatcher.post(
        "/console/due/jobs",
        {"office": world.a.id, "instrument_id": [first["id"], second["id"]], "days": "30"},
    )
    assert answer.status_code == 302
    assert world.count("jobs") == jobs_before + 1  # one site, one kind: one job
    made = world.db.execute(
        "SELECT data FROM records WHERE collection = 'jobs' ORDER BY rowid DESC LIMIT 1"
    ).fetchone()[0]
    assert first["id"] in made and second["id"] in made and '"requested"' in made
    audited = world.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'create' AND collection = 'jobs' "
        "AND device_id = 'console'"
    ).fetchone()[0]
    assert audited == 1
    again = dispatcher.post(
        "/console/due/jobs", {"office": world.a.id, "instrument_id": [first["id"]]}
    )
    follow = dispatcher.get(again.headers["Location"]).get_data(as_text=True)
    assert "is already in open job" in follow
    assert world.count("jobs") == jobs_before + 1


def conflict(world, **overrides):
    fields = {
        "collection": "jobs",
        "record_id": world.a.job["id"],
        "field": "notes",
        "winning_value": "note by the dispatcher",
        "losing_value": "note by the inspector",
        "winning_role": "dispatcher",
        "losing_role": "inspector",
        "winning_user_id": world.a.dispatcher.user_id,
        "losing_user_id": world.a.inspector.user_id,
        "losing_device_id": world.a.inspector.device_id,
        "base_version": 1,
        "server_version": 2,
        "created_at": "2029-12-31T10:00:00Z",
        **overrides,
    }
    return world.put("conflicts", {"id": f.new_id(), **fields})


def test_a_conflict_shows_both_sides_and_keeping_the_loser_applies_it(console, world):
    world.edit("jobs", world.a.job["id"], {"notes": "note by the dispatcher"})
    entry = conflict(world)
    dispatcher = console("dispatcher.a")
    page = dispatcher.get("/console/conflicts").get_data(as_text=True)
    assert "note by the dispatcher" in page and "note by the inspector" in page
    assert "inspector.a" in page and "dispatcher.a" in page
    answer = dispatcher.post(f"/console/conflicts/{entry['id']}", {"keep": "losing", "note": ""})
    assert answer.status_code == 302
    resolved = get_record(world.db, "conflicts", entry["id"])
    assert resolved["resolved"] is True
    assert resolved["resolved_by"] == world.a.dispatcher.user_id
    assert "losing" in resolved["resolution_note"]
    assert get_record(world.db, "jobs", world.a.job["id"])["notes"] == "note by the inspector"
    assert entry["id"] not in dispatcher.get("/console/conflicts").get_data(as_text=True)


def test_keeping_the_standing_value_changes_only_the_conflict(console, world):
    world.edit("jobs", world.a.job["id"], {"notes": "note by the dispatcher"})
    entry = conflict(world)
    version = get_record(world.db, "jobs", world.a.job["id"])["version"]
    dispatcher = console("dispatcher.a")
    dispatcher.post(f"/console/conflicts/{entry['id']}", {"keep": "winning", "note": "ok"})
    assert get_record(world.db, "conflicts", entry["id"])["resolution_note"] == "ok"
    assert get_record(world.db, "jobs", world.a.job["id"])["version"] == version


def test_another_offices_conflict_is_not_listed_nor_resolved(console, world):
    entry = conflict(world, record_id=world.b.job["id"])
    dispatcher = console("dispatcher.a")
    assert entry["id"] not in dispatcher.get("/console/conflicts").get_data(as_text=True)
    answer = dispatcher.post(f"/console/conflicts/{entry['id']}", {"keep": "winning"})
    follow = dispatcher.get(answer.headers["Location"]).get_data(as_text=True)
    assert "another office" in follow
    assert get_record(world.db, "conflicts", entry["id"])["resolved"] is False


def test_the_map_draws_sites_and_routes_in_svg(console, world):
    new_job(world, application_number="APP-MAP")
    page = console("dispatcher.a").get(f"/console/map?day={DAY}").get_data(as_text=True)
    assert '<svg id="day-map"' in page
    assert page.count('<circle class="site') == 2
    assert page.count('<circle class="site unassigned"') == 1
    assert page.count("<polyline") == 1


def _joint_visit(console, world, app):
    a = world.a
    with app.app_context():
        partner = world.new_person("inspector.a2", "inspector", a.id)
    audit = new_job(world, application_number="APP-AUDIT", inspectors_needed=2)
    dispatcher = console("dispatcher.a")
    move(dispatcher, world, audit, a.inspector.user_id)
    return dispatcher, audit, partner


def pair(dispatcher, world, job, partner_id):
    data = {"office": world.a.id, "day": DAY, "job_id": job["id"], "partner": partner_id}
    return dispatcher.htmx("/console/board/pair", data)


def test_a_joint_visit_is_paired_with_a_second_inspector_and_locked_to_both(console, world, app):
    dispatcher, audit, partner = _joint_visit(console, world, app)
    board = dispatcher.get(f"/console/board?day={DAY}").get_data(as_text=True)
    assert 'class="pair-form"' in board and "需要 2 位檢查員" in board
    assert f'<option value="{partner.user_id}">' in board
    answer = pair(dispatcher, world, audit, partner.user_id)
    assert answer.status_code == 200 and "refusal" not in answer.get_data(as_text=True)
    assignment = live_assignment(world, audit["id"])
    assert assignment["inspector_ids"] == [world.a.inspector.user_id, partner.user_id]
    assert assignment["locked"] is True and assignment["lock_scope"] == "inspector"
    assert 'class="pair-form"' not in answer.get_data(as_text=True)  # nobody short now


def test_pairing_refuses_strangers_and_twice_the_same_and_changes_nothing(console, world, app):
    dispatcher, audit, partner = _joint_visit(console, world, app)
    before = live_assignment(world, audit["id"])["version"]
    for who, says in (
        (world.b.inspector.user_id, "Choose an active inspector of this office"),
        ("", "Choose an active inspector of this office"),
        (world.a.inspector.user_id, "already on the visit"),
    ):
        answer = pair(dispatcher, world, audit, who).get_data(as_text=True)
        assert says in answer, who
    assert live_assignment(world, audit["id"])["version"] == before
    unassigned = new_job(world, application_number="APP-LOOSE", inspectors_needed=2)
    answer = pair(dispatcher, world, unassigned, partner.user_id).get_data(as_text=True)
    assert "Put the job on an inspector" in answer and "row first, then pair it" in answer
