"""`/api/v1/plans` through the real app: propose without applying, apply in one transaction
(audited, in the change log), refuse stale or broken proposals, dispatchers of the office only,
and the one JSON error shape for bad input."""

import json
import uuid

import pytest

from domain.planning.checker import PlanInfeasible, Violation
from server.database.db import get_db
from server.planner import proposals
from server.records import store
from tests.planner.conftest import DAY, SETUP

PLANS = "/api/v1/plans/"
PULL = "/api/v1/sync/pull"


@pytest.fixture
def dispatcher(keelung, login):
    return login("dispatcher.keelung")


def propose(client, keelung, headers, day=DAY):
    body = {"office_id": keelung["office"]["id"], "day": day}
    return client.post(PLANS, json=body, headers=headers)


def counts(app):
    with app.app_context():
        db = get_db()
        return store.count_records(db, "assignments"), store.count_audit(db)


def proposal_count(app):
    with app.app_context():
        return get_db().execute("SELECT count(*) FROM plan_proposals").fetchone()[0]


def records(app, collection):
    with app.app_context():
        return {r["id"]: r for r in store.list_all(get_db(), collection)}


def test_a_proposal_plans_the_day_and_changes_nothing(app, client, keelung, dispatcher):
    before = counts(app)
    response = propose(client, keelung, dispatcher)
    assert response.status_code == 201, response.get_json()
    proposal = response.get_json()
    assert proposal["served"] == 6 and proposal["unserved"] == [] and proposal["kind"] == "plan"
    visits = [v for route in proposal["routes"] for v in route["visits"]]
    assert {v["job_id"] for v in visits} == {job["id"] for job in keelung["jobs"].values()}
    assert all(v["start"].startswith(DAY) and v["start"].endswith("+08:00") for v in visits)
    station = next(
        r
        for r in proposal["routes"]
        if keelung["jobs"]["station"]["id"] in {v["job_id"] for v in r["visits"]}
    )
    assert station["plate"] == "RAB-1201"  # the only proving measure
    assert counts(app) == before
    assert client.get(PLANS + proposal["id"], headers=dispatcher).get_json() == proposal


def test_applying_writes_every_assignment_audited_and_pulled(
    app, client, keelung, dispatcher, login
):
    proposal = propose(client, keelung, dispatcher).get_json()
    assignments, audits = counts(app)
    response = client.post(PLANS + proposal["id"] + "/apply", headers=dispatcher)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["assignments_written"] == 6
    assert counts(app)[0] == assignments + 6 and counts(app)[1] > audits + 6
    jobs = records(app, "jobs")
    assert {jobs[j["id"]]["status"] for j in keelung["jobs"].values()} == {"scheduled"}
    written = records(app, "assignments").values()
    for route in proposal["routes"]:
        for visit in route["visits"]:
            [mine] = [a for a in written if a["job_id"] == visit["job_id"]]
            assert mine["vehicle_id"] == route["vehicle_id"]
            assert mine["inspector_ids"] == [p["id"] for p in route["inspectors"]]
            assert mine["route_order"] == visit["order"] and mine["date"] == DAY
    chen = keelung["people"]["chen"]["id"]
    pulled = client.get(PULL, headers={**login("inspector.chen"), "X-Schema-Version": "1"})
    ids = {c["id"] for c in pulled.get_json()["changes"] if c["collection"] == "assignments"}
    assert ids == {a["id"] for a in written if chen in a["inspector_ids"]} and ids


def test_a_proposal_is_applied_once(client, keelung, dispatcher):
    proposal = propose(client, keelung, dispatcher).get_json()
    assert client.post(PLANS + proposal["id"] + "/apply", headers=dispatcher).status_code == 200
    again = client.post(PLANS + proposal["id"] + "/apply", headers=dispatcher)
    assert again.status_code == 409 and "applied" in again.get_json()["message"]


def test_a_proposal_whose_records_changed_is_refused_and_nothing_is_written(
    app, client, keelung, dispatcher
):
    proposal = propose(client, keelung, dispatcher).get_json()
    with app.app_context():
        store.update(get_db(), "jobs", keelung["jobs"]["j1"]["id"], {"priority": 3}, SETUP)
    before = counts(app)
    response = client.post(PLANS + proposal["id"] + "/apply", headers=dispatcher)
    assert response.status_code == 409 and "changed" in response.get_json()["message"]
    assert counts(app) == before


def test_the_checker_judges_the_plan_again_before_anything_is_saved(
    app, client, keelung, dispatcher
):
    proposal = propose(client, keelung, dispatcher).get_json()
    with app.app_context():
        db = get_db()
        body = json.loads(db.execute("SELECT body FROM plan_proposals").fetchone()[0])
        for route in body["plan"]["routes"]:  # everybody into one car: the checker objects
            route["vehicle_id"] = keelung["cars"]["car2"]["id"]
        with store.transaction(db):
            db.execute("UPDATE plan_proposals SET body = ?", [json.dumps(body)])
    before = counts(app)
    response = client.post(PLANS + proposal["id"] + "/apply", headers=dispatcher)
    answer = response.get_json()
    assert response.status_code == 409 and answer["errors"]["plan"]
    assert counts(app) == before


def test_a_failure_halfway_through_applying_leaves_nothing_saved(
    app, client, keelung, dispatcher, monkeypatch
):
    proposal = propose(client, keelung, dispatcher).get_json()
    before = counts(app)
    real_create, calls = store.create, []

    def failing_create(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("disk full")
        return real_create(*args, **kwargs)

    monkeypatch.setattr(store, "create", failing_create)
    with pytest.raises(RuntimeError, match="disk full"):  # the test app re-raises a 500
        client.post(PLANS + proposal["id"] + "/apply", headers=dispatcher)
    assert len(calls) == 4 and counts(app) == before
    assert {j["status"] for j in records(app, "jobs").values()} == {"requested"}
    monkeypatch.setattr(store, "create", real_create)
    assert client.post(PLANS + proposal["id"] + "/apply", headers=dispatcher).status_code == 200


def test_a_plan_the_checker_refuses_is_a_500_that_saves_nothing(
    app, client, keelung, dispatcher, monkeypatch
):
    def broken_planner(problem, **_):
        raise PlanInfeasible([Violation("window", "job-1", "job-1 starts after its window")])

    monkeypatch.setattr(proposals, "propose", broken_planner)
    before = counts(app)
    response = propose(client, keelung, dispatcher)
    answer = response.get_json()
    assert response.status_code == 500, answer
    assert "nothing was saved" in answer["message"]
    assert answer["errors"]["plan"] == ["job-1 starts after its window"]
    assert counts(app) == before and proposal_count(app) == 0


@pytest.mark.parametrize("who", ["dispatcher.suao", "inspector.chen"])
def test_only_a_dispatcher_of_the_office_plans_it(client, keelung, login, dispatcher, who):
    response = propose(client, keelung, login(who))
    assert response.status_code == 403
    assert set(response.get_json()) == {"code", "status", "message", "errors"}
    proposal = propose(client, keelung, dispatcher).get_json()
    for url in (PLANS + proposal["id"], PLANS + proposal["id"] + "/apply"):
        method = client.get if url.endswith(proposal["id"]) else client.post
        assert method(url, headers=login(who)).status_code == 403


def test_without_a_token_it_is_401(client, keelung):
    assert propose(client, keelung, {}).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"day": DAY}, "office_id"),
        ({"office_id": "not-a-uuid", "day": DAY}, "office_id"),
        ({"office_id": str(uuid.uuid4()), "day": "tomorrow"}, "day"),
    ],
)
def test_malformed_requests_get_the_json_error_shape(client, keelung, dispatcher, body, field):
    response = client.post(PLANS, json=body, headers=dispatcher)
    answer = response.get_json()
    assert response.status_code == 422 and field in answer["errors"]["json"]
    assert set(answer) == {"code", "status", "message", "errors"}


def test_a_body_that_is_not_json_is_a_400(client, keelung, dispatcher):
    response = client.post(
        PLANS, data="{", headers={**dispatcher, "Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.get_json()["code"] == 400


def test_a_past_day_or_an_unknown_proposal_is_refused(client, keelung, dispatcher):
    past = propose(client, keelung, dispatcher, day="2030-01-06")
    assert past.status_code == 409 and "over" in past.get_json()["message"]
    assert client.get(PLANS + str(uuid.uuid4()), headers=dispatcher).status_code == 404
    assert client.post(PLANS + str(uuid.uuid4()) + "/apply", headers=dispatcher).status_code == 404


def test_an_impossible_job_comes_back_with_its_reason(app, client, keelung, dispatcher):
    with app.app_context():
        db = get_db()
        site = keelung["sites"][0]
        taxi = store.create(
            db,
            "jobs",
            {
                "office_id": keelung["office"]["id"],
                "kind": "taxi_meter_verification",
                "site_id": site["id"],
                "window_start": f"{DAY}T08:30:00+08:00",
                "window_end": f"{DAY}T17:00:00+08:00",
                "estimated_minutes": 30,
                "required_skills": ["taximeter"],
                "required_equipment": [{"kind": "taximeter_roller", "capacity": 1, "unit": "set"}],
            },
            SETUP,
        )
    proposal = propose(client, keelung, dispatcher).get_json()
    assert proposal["unserved"] == [
        {
            "job_id": taxi["id"],
            "label": "taxi_meter_verification",
            "reason": "no vehicle in Keelung carries the 1 set taximeter roller",
            "code": "missing_equipment",
            "values": {"office": "Keelung", "equipment": "1 set taximeter roller"},
        }
    ]


def test_a_joint_audit_locked_to_two_inspectors_pairs_them_for_the_day(
    app, client, keelung, dispatcher
):
    people = keelung["people"]
    pair = [people["chen"]["id"], people["lin"]["id"]]
    with app.app_context():
        db = get_db()
        audit = store.create(
            db,
            "jobs",
            {
                "office_id": keelung["office"]["id"],
                "kind": "market_audit",
                "site_id": keelung["sites"][0]["id"],
                "application_number": "KEELUNG-20300107-0099",
                "window_start": f"{DAY}T08:30:00+08:00",
                "window_end": f"{DAY}T17:00:00+08:00",
                "estimated_minutes": 60,
                "inspectors_needed": 2,
            },
            SETUP,
        )
        lock = {"job_id": audit["id"], "inspector_ids": pair, "date": DAY, "locked": True}
        store.create(db, "assignments", {**lock, "lock_scope": "inspector"}, SETUP)
    proposal = propose(client, keelung, dispatcher).get_json()
    route = next(r for r in proposal["routes"] if audit["id"] in {v["job_id"] for v in r["visits"]})
    assert sorted(p["id"] for p in route["inspectors"]) == sorted(pair)
