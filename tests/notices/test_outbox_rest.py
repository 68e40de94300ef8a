"""Notices raised by changes made through the REST API: in the change's transaction, or not
at all when the change is refused."""

import json

from tests.notices.outbox_rows import app_db, kinds, raised

APPLICANT = {
    "applicant_name": "王小明",
    "applicant_email": "wang@example.org",
    "applicant_phone": "0912-000-111",
    "applicant_language": "en",
}


def new_job(world, **extra):
    office = world.a
    return {
        "office_id": office.id,
        "kind": "fuel_dispenser_inspection",
        "site_id": office.site["id"],
        "window_start": "2030-02-01T09:00:00+08:00",
        "window_end": "2030-02-01T12:00:00+08:00",
        "estimated_minutes": 90,
        **APPLICANT,
        **extra,
    }


def transition(client, headers, job_id, target, version):
    return client.post(
        f"/api/v1/jobs/{job_id}/transition",
        json={"to": target},
        headers={**headers, "If-Match": f'"{version}"'},
    )


def test_a_new_job_raises_a_received_notice_by_email_and_sms(app, client, auth, world):
    response = client.post("/api/v1/jobs/", json=new_job(world), headers=auth("dispatcher.a"))
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    with app_db(app) as db:
        assert raised(db, "jobs", job["id"]) == [
            ("job_received", "email", "wang@example.org"),
            ("job_received", "sms", "0912-000-111"),
        ]
        language, context = db.execute(
            "SELECT language, context FROM notices WHERE record_id = ? LIMIT 1", [job["id"]]
        ).fetchone()
    assert language == "en"
    snapshot = json.loads(context)
    assert snapshot["application_number"] == job["application_number"]
    assert snapshot["lookup_code"] == job["lookup_code"]
    assert snapshot["office_name_zh"] == world.a.record["name_zh"]


def test_a_job_without_contact_raises_nothing(app, client, auth, world):
    body = new_job(world, applicant_email=None, applicant_phone=None)
    job = client.post("/api/v1/jobs/", json=body, headers=auth("dispatcher.a")).get_json()
    with app_db(app) as db:
        assert raised(db, "jobs", job["id"]) == []


def test_a_refused_job_raises_no_notice(app, client, auth, world):
    body = new_job(world, window_end="2030-02-01T08:00:00+08:00")  # ends before it starts
    response = client.post("/api/v1/jobs/", json=body, headers=auth("dispatcher.a"))
    assert response.status_code == 422
    with app_db(app) as db:
        assert (
            db.execute(
                "SELECT count(*) FROM notices WHERE kind = 'job_received' "
                "AND recipient = 'wang@example.org'"
            ).fetchone()[0]
            == 0
        )


def test_each_stage_raises_its_notice_once(app, client, auth, world):
    headers = auth("admin")
    job = client.post("/api/v1/jobs/", json=new_job(world), headers=headers).get_json()
    steps = ("scheduled", "dispatched", "in_progress", "done")
    for version, target in enumerate(steps, 1):
        response = transition(client, headers, job["id"], target, version)
        assert response.status_code == 200, response.get_json()
    with app_db(app) as db:
        assert kinds(db, "jobs", job["id"]) == [
            "job_received",
            "job_scheduled",
            "job_in_progress",
            "job_done",
        ]


def test_assigning_a_job_announces_its_date(app, client, auth, world):
    headers = auth("dispatcher.a")
    job = client.post("/api/v1/jobs/", json=new_job(world), headers=headers).get_json()
    body = {
        "inspector_ids": [world.a.inspector.user_id],
        "vehicle_id": world.a.vehicle["id"],
        "date": "2030-02-01",
        "planned_start": "10:30",
    }
    response = client.post(f"/api/v1/jobs/{job['id']}/assignment", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    with app_db(app) as db:
        context = db.execute(
            "SELECT context FROM notices WHERE record_id = ? AND kind = 'job_scheduled' "
            "AND channel = 'email'",
            [job["id"]],
        ).fetchone()[0]
    assert json.loads(context)["planned_start"] == "2030-02-01T10:30:00+08:00"


def test_a_refused_transition_raises_no_notice(app, client, auth, world):
    headers = auth("admin")
    job = client.post("/api/v1/jobs/", json=new_job(world), headers=headers).get_json()
    assert transition(client, headers, job["id"], "done", 1).status_code == 409
    assert transition(client, headers, job["id"], "scheduled", 7).status_code == 412
    with app_db(app) as db:
        assert kinds(db, "jobs", job["id"]) == ["job_received"]
