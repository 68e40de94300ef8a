"""Jobs: creation with an application number, the state machine, and assignment."""

import pytest

from server.database.db import get_db
from server.records import store
from tests.conftest import person_body


def new_job(world, side="a", **extra):
    office = world.office(side)
    return {
        "office_id": office.id,
        "kind": "fuel_dispenser_inspection",
        "site_id": office.site["id"],
        "window_start": "2030-02-01T09:00:00+08:00",
        "window_end": "2030-02-01T12:00:00+08:00",
        "estimated_minutes": 90,
        **extra,
    }


def test_new_job_is_requested_with_number_and_lookup_code(client, auth, world):
    response = client.post("/api/v1/jobs/", json=new_job(world), headers=auth("dispatcher.a"))
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    assert job["status"] == "requested"
    assert job["application_number"].startswith("KEELUNG-")
    assert len(job["lookup_code"]) == 6


def test_new_job_cannot_start_in_another_status(client, auth, world):
    response = client.post(
        "/api/v1/jobs/", json=new_job(world, status="done"), headers=auth("admin")
    )
    assert response.status_code == 422
    assert "status" in response.get_json()["errors"]["json"]


def test_window_must_end_after_it_starts(client, auth, world):
    body = new_job(world, window_end="2030-02-01T08:00:00+08:00")
    response = client.post("/api/v1/jobs/", json=body, headers=auth("admin"))
    assert response.status_code == 422
    assert "window_end" in response.get_json()["errors"]["json"]


def test_legal_transitions_follow_the_state_machine(client, auth, world):
    job = world.a.job
    headers = auth("admin")
    for version, target in enumerate(("scheduled", "dispatched", "in_progress", "done"), 1):
        response = client.post(
            f"/api/v1/jobs/{job['id']}/transition",
            json={"to": target},
            headers={**headers, "If-Match": f'"{version}"'},
        )
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == target


def test_illegal_transition_is_409_and_changes_nothing(client, auth, world):
    job = world.a.job
    headers = auth("admin")
    response = client.post(
        f"/api/v1/jobs/{job['id']}/transition",
        json={"to": "in_progress"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert response.status_code == 409
    assert "can go to" in response.get_json()["message"]
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=headers).get_json()["version"] == 1


def test_unknown_status_is_422(client, auth, world):
    job = world.a.job
    response = client.post(
        f"/api/v1/jobs/{job['id']}/transition",
        json={"to": "lost"},
        headers={**auth("admin"), "If-Match": '"1"'},
    )
    assert response.status_code == 422


def test_patch_cannot_change_status(client, auth, world):
    job = world.a.job
    response = client.patch(
        f"/api/v1/jobs/{job['id']}",
        json={"status": "done"},
        headers={**auth("admin"), "If-Match": '"1"'},
    )
    assert response.status_code == 422


def test_assignment_writes_record_and_schedules_job(app, client, auth, world):
    job = world.b.job
    body = {
        "inspector_ids": [world.b.inspector.user_id],
        "vehicle_id": world.b.vehicle["id"],
        "date": "2030-01-01",
        "planned_start": "09:30",
    }
    response = client.post(
        f"/api/v1/jobs/{job['id']}/assignment", json=body, headers=auth("dispatcher.b")
    )
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    assert result["job"]["status"] == "scheduled"
    assert result["assignment"]["planned_start"] == "2030-01-01T09:30:00+08:00"
    jobs = client.get("/api/v1/jobs/", headers=auth("inspector.b")).get_json()
    assert [j["id"] for j in jobs] == [job["id"]]


def another_inspector(client, headers, world, side="a"):
    body = person_body(f"inspector.{side}2", "inspector", world.office(side).id)
    response = client.post("/api/v1/users/", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_reassignment_replaces_the_live_assignment(app, client, auth, world):
    job = world.a.job
    headers = auth("admin")
    body = {
        "inspector_ids": [another_inspector(client, headers, world)["id"]],
        "date": "2030-01-02",
    }
    assert (
        client.post(f"/api/v1/jobs/{job['id']}/assignment", json=body, headers=headers).status_code
        == 200
    )
    with app.app_context():
        assert store.count_records(get_db(), "assignments") == 1
    assert client.get("/api/v1/jobs/", headers=auth("inspector.a")).get_json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"inspector_ids": [], "date": "2030-01-01"}, "inspector_ids"),
        (
            {"inspector_ids": ["00000000-0000-4000-8000-000000000000"], "date": "2030-01-01"},
            "inspector_ids",
        ),
        ({"inspector_ids": "x", "date": "2030-01-01"}, "inspector_ids"),
        ({"inspector_ids": ["{dispatcher}"], "date": "2030-01-01"}, "inspector_ids"),
        ({"inspector_ids": ["{inspector}"], "date": "soon"}, "date"),
        (
            {
                "inspector_ids": ["{inspector}"],
                "date": "2030-01-01",
                "vehicle_id": "00000000-0000-4000-8000-000000000000",
            },
            "vehicle_id",
        ),
    ],
)
def test_bad_assignment_is_422_and_writes_nothing(app, client, auth, world, body, field):
    ids = {"dispatcher": world.a.dispatcher.user_id, "inspector": world.a.inspector.user_id}
    if isinstance(body["inspector_ids"], list):
        body = {**body, "inspector_ids": [i.format(**ids) for i in body["inspector_ids"]]}
    job = world.b.job
    response = client.post(f"/api/v1/jobs/{job['id']}/assignment", json=body, headers=auth("admin"))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]
    with app.app_context():
        assert store.count_records(get_db(), "assignments") == 1


def test_jobs_filter_by_status_and_text(client, auth, world):
    headers = auth("admin")
    assert len(client.get("/api/v1/jobs/?status=requested", headers=headers).get_json()) == 2
    found = client.get("/api/v1/jobs/?q=APP-2", headers=headers).get_json()
    assert [j["application_number"] for j in found] == ["APP-2"]
    assert client.get("/api/v1/jobs/?status=done", headers=headers).get_json() == []


def test_jobs_filter_by_review_flag(app, client, auth, world):
    job_id = world.b.job["id"]
    with app.app_context():
        store.update(get_db(), "jobs", job_id, {"needs_review": True}, world.admin)
    headers = auth("admin")
    flagged = client.get("/api/v1/jobs/?needs_review=true", headers=headers).get_json()
    assert [j["id"] for j in flagged] == [job_id]
    others = client.get("/api/v1/jobs/?needs_review=false", headers=headers).get_json()
    assert job_id not in [j["id"] for j in others] and len(others) == 1


@pytest.mark.parametrize("who", ["dispatcher.a", "admin"])
def test_assignment_names_each_inspector_and_vehicle_of_another_office(
    app, client, auth, world, who
):
    job, foreign = world.a.job, world.b.inspector.user_id
    vehicle = world.b.vehicle["id"]
    body = {
        "inspector_ids": [world.a.inspector.user_id, foreign],
        "vehicle_id": vehicle,
        "date": "2030-01-02",
    }
    response = client.post(f"/api/v1/jobs/{job['id']}/assignment", json=body, headers=auth(who))
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]["json"]
    assert errors == {
        "inspector_ids": [f"{foreign} is an inspector of another office than the job's."],
        "vehicle_id": [f"{vehicle} is a vehicle of another office than the job's."],
    }
    with app.app_context():
        db = get_db()
        assert store.count_records(db, "assignments") == 1
        assert store.get_record(db, "jobs", job["id"])["version"] == 1


def test_assignment_within_the_jobs_office_is_accepted(client, auth, world):
    job = world.a.job
    body = {
        "inspector_ids": [world.a.inspector.user_id],
        "vehicle_id": world.a.vehicle["id"],
        "date": "2030-01-02",
    }
    response = client.post(
        f"/api/v1/jobs/{job['id']}/assignment", json=body, headers=auth("dispatcher.a")
    )
    assert response.status_code == 200, response.get_json()
