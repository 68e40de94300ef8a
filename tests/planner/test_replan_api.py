"""Re-planning mid-day through the real app: from where the crews are, never moving a locked
or started visit, reporting what changed; only for today."""

import pytest

from server.database.db import get_db
from server.records import store
from tests.planner.conftest import DAY, SETUP

PLANS = "/api/v1/plans/"


@pytest.fixture
def morning(client, keelung, login):
    """The morning plan, applied at 07:00; returns (headers, proposal)."""
    headers = login("dispatcher.keelung")
    body = {"office_id": keelung["office"]["id"], "day": DAY}
    proposal = client.post(PLANS, json=body, headers=headers).get_json()
    assert client.post(PLANS + proposal["id"] + "/apply", headers=headers).status_code == 200
    return headers, proposal


def assignment_of(db, job_id):
    return next(a for a in store.list_all(db, "assignments") if a["job_id"] == job_id)


def test_a_mid_day_replan_keeps_started_and_locked_visits_and_fits_the_urgent_job(
    app, client, keelung, clock, morning
):
    headers, proposal = morning
    visits = proposal["routes"][0]["visits"]
    first, second = visits[0], visits[-1]
    clock.set(9, 0)
    assert second["start"] > f"{DAY}T09:15"
    with app.app_context():
        db = get_db()
        for status in ("dispatched", "in_progress"):
            store.update(db, "jobs", first["job_id"], {"status": status}, SETUP)
        locked = assignment_of(db, second["job_id"])
        store.update(db, "assignments", locked["id"], {"locked": True}, SETUP)
        urgent = store.create(
            db,
            "jobs",
            {
                "office_id": keelung["office"]["id"],
                "kind": "accident_visit",
                "site_id": keelung["sites"][4]["id"],
                "priority": 3,
                "window_start": f"{DAY}T09:00:00+08:00",
                "window_end": f"{DAY}T14:00:00+08:00",
                "estimated_minutes": 45,
                "required_skills": ["nawi"],
            },
            SETUP,
        )
    response = client.post(
        PLANS + "replan", json={"office_id": keelung["office"]["id"]}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    replan = response.get_json()
    assert replan["kind"] == "replan"
    visits = {v["job_id"]: (route, v) for route in replan["routes"] for v in route["visits"]}
    assert first["job_id"] not in visits  # started: history, never re-planned
    route, kept = visits[second["job_id"]]
    assert kept["start"] == second["start"]
    assert [p["id"] for p in route["inspectors"]] == [
        p["id"] for p in proposal["routes"][0]["inspectors"]
    ]
    assert urgent["id"] in visits and visits[urgent["id"]][1]["start"] >= f"{DAY}T09:00"
    assert all(r["sets_out"] >= f"{DAY}T09:00" for r in replan["routes"])
    assert {"job_id": urgent["id"], "kind": "added"} in [
        {"job_id": c["job_id"], "kind": c["kind"]} for c in replan["changes"]
    ]
    applied = client.post(PLANS + replan["id"] + "/apply", headers=headers)
    assert applied.status_code == 200, applied.get_json()
    with app.app_context():
        db = get_db()
        assert assignment_of(db, urgent["id"])["planned_start"] == visits[urgent["id"]][1]["start"]
        assert store.fetch(db, "jobs", first["job_id"])["status"] == "in_progress"


def test_a_replan_is_of_the_servers_today(client, keelung, clock, login):
    clock.moment = clock.moment.replace(day=6)
    response = client.post(
        PLANS + "replan",
        json={"office_id": keelung["office"]["id"]},
        headers=login("dispatcher.keelung"),
    )
    assert response.status_code == 201  # today is the 6th: it re-plans the 6th
    assert response.get_json()["day"] == "2030-01-06"
