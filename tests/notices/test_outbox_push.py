"""Notices raised by changes that arrive through a device's sync push — over HTTP into the
real app, and in process — committed with the change, or not at all when it is rejected."""

import uuid

from server.database.db import connect
from sync.server.records import get_record, write_record
from sync.server.schema import ensure_schema
from tests.notices.outbox_rows import app_db, kinds
from tests.office_world import World
from tests.sync.server.support import update

PUSH = "/api/v1/sync/push"
V1 = {"X-Schema-Version": "1"}


def dispatched_job(world):
    """A job of office a, assigned to its inspector and sent out to them."""
    job = world.new_job(world.a.inspector, status="dispatched")
    return get_record(world.db, "jobs", job["id"])


def status_mutation(mutation_id, job, status):
    return {
        "mutation_id": mutation_id,
        **update("jobs", job["id"], job["version"], {"status": status}),
    }


def test_an_inspector_starting_a_job_over_http_raises_in_progress(app, client, auth, world):
    job = dispatched_job(world)
    device = str(uuid.uuid4())
    headers = {**auth("inspector.a", device_id=device), **V1}
    body = {"device_id": device, "mutations": [status_mutation(1, job, "in_progress")]}
    response = client.post(PUSH, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["results"][0]["status"] == "applied"
    with app_db(app) as db:
        assert kinds(db, "jobs", job["id"]) == ["job_received", "job_in_progress"]


def test_a_rejected_push_raises_no_notice(app, client, auth, world):
    job = get_record(world.db, "jobs", world.new_job(world.a.inspector, status="scheduled")["id"])
    device = str(uuid.uuid4())
    headers = {**auth("inspector.a", device_id=device), **V1}
    body = {"device_id": device, "mutations": [status_mutation(1, job, "done")]}
    result = client.post(PUSH, json=body, headers=headers).get_json()["results"][0]
    assert result["status"] == "rejected"
    with app_db(app) as db:
        assert kinds(db, "jobs", job["id"]) == ["job_received"]


def test_pushes_raise_the_same_notices_in_process():
    db = connect(":memory:")
    ensure_schema(db)
    world = World.seed(db)
    job = dispatched_job(world)
    world.push(
        world.a.inspector, update("jobs", job["id"], job["version"], {"status": "in_progress"})
    )
    started = get_record(db, "jobs", job["id"])
    world.push(world.a.inspector, update("jobs", job["id"], started["version"], {"status": "done"}))
    assert kinds(db, "jobs", job["id"]) == ["job_received", "job_in_progress", "job_done"]


def test_a_write_rolled_back_takes_its_notice_with_it():
    db = connect(":memory:")
    ensure_schema(db)
    world = World.seed(db)
    job = dispatched_job(world)
    db.execute("BEGIN IMMEDIATE")
    write_record(db, "jobs", job["id"], {"status": "in_progress"}, actor=world.admin, op="update")
    assert kinds(db, "jobs", job["id"]) == ["job_received", "job_in_progress"]
    db.conn.rollback()
    assert kinds(db, "jobs", job["id"]) == ["job_received"]
    assert get_record(db, "jobs", job["id"])["status"] == "dispatched"
