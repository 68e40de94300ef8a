"""An inspector's REST read scope is what their pull gives them, also across offices.

The API refuses to assign an inspector to another office's job, but such an assignment can
be stored already (or arrive from an admin's push). The inspector's tablet then pulls the
job's site, firm and instruments; the REST API must show the inspector the same records.
"""

import pytest

from domain.access import Actor
from server.database.db import get_db
from server.records import store
from tests.sync.server_view import full_pull

#: The collections an inspector both pulls and lists over REST.
COMPARED = ("offices", "jobs", "assignments", "sites", "firms", "instruments", "vehicles")


def assign_across_offices(app, world, username="inspector.b", side="a"):
    """Store an assignment of `username` to the other office's job, as old data could be."""
    job_id = world.office(side).job["id"]
    user_id = world.person(username).user_id
    with app.app_context():
        db = get_db()
        row = db.execute(
            "SELECT id FROM records WHERE collection = 'assignments' AND parent_id = ?", [job_id]
        ).fetchone()
        store.update(db, "assignments", row[0], {"inspector_ids": [user_id]}, world.admin)


def pull_scope(app, world, username):
    user = world.person(username).record
    actor = Actor(user["id"], user["role"], user["office_id"], "dev-compare")
    with app.app_context():
        changes = full_pull(get_db(), actor)
    return {key for key in changes if key[0] in COMPARED}


def rest_scope(client, headers):
    scope = set()
    for collection in COMPARED:
        response = client.get(f"/api/v1/{collection}/?page_size=200", headers=headers)
        assert response.status_code == 200, response.get_json()
        scope |= {(collection, record["id"]) for record in response.get_json()}
    return scope


@pytest.mark.parametrize("username", ["inspector.a", "inspector.b"])
def test_rest_scope_equals_pull_scope_for_a_job_of_another_office(
    app, client, auth, world, username
):
    assign_across_offices(app, world)
    assert rest_scope(client, auth(username)) == pull_scope(app, world, username)


def test_inspector_reads_what_a_job_of_another_office_needs(app, client, auth, world):
    assign_across_offices(app, world)
    headers = auth("inspector.b")
    office = world.a
    for collection, record in (
        ("sites", office.site),
        ("firms", office.firm),
        ("instruments", office.instrument),
    ):
        response = client.get(f"/api/v1/{collection}/{record['id']}", headers=headers)
        assert response.status_code == 200, (collection, response.get_json())
    vehicle = client.get(f"/api/v1/vehicles/{office.vehicle['id']}", headers=headers)
    assert vehicle.status_code == 404  # not needed on site, not pulled


def test_reassigning_the_job_away_hides_its_site_again(app, client, auth, world):
    assign_across_offices(app, world)
    assign_across_offices(app, world, username="inspector.a")
    site = world.a.site["id"]
    assert client.get(f"/api/v1/sites/{site}", headers=auth("inspector.b")).status_code == 404
    assert rest_scope(client, auth("inspector.b")) == pull_scope(app, world, "inspector.b")
