"""The public reads run on their indexes, and the demo branch can be looked up and posted."""

import pytest

from server.database.db import get_db
from server.demo import load_demo
from server.records import public
from server.records.store import list_all


@pytest.mark.parametrize(
    ("sql", "params", "index"),
    [
        (public.CANDIDATES_SQL, ["APP-1", 10], "records_job_application_number"),
        (public.DAY_SQL, ["office", "2030-01-01"], "records_assignment_date"),
    ],
)
def test_each_public_read_uses_its_index(app, sql, params, index):
    with app.app_context():
        plan = get_db().execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    assert index in " ".join(row[-1] for row in plan)


@pytest.fixture
def demo(app):
    """The demo branch loaded; returns its database's offices and one job's number and code."""
    with app.app_context():
        db = get_db()
        load_demo(db)
        job = db.execute(
            "SELECT json_extract(data, '$.application_number'), "
            "json_extract(data, '$.lookup_code') FROM records WHERE collection = 'jobs' LIMIT 1"
        ).fetchone()
        return list_all(db, "offices"), job


def test_every_demo_office_has_a_phone_and_a_demo_job_is_found(client, demo):
    offices, (number, code) = demo
    assert len(offices) == 4 and all(office["phone"] for office in offices)
    answer = client.post("/api/v1/lookup/", json={"application_number": number, "code": code})
    assert answer.status_code == 200, answer.get_json()


def test_every_demo_office_has_a_board_with_todays_dispatch(client, demo):
    offices, _ = demo
    for office in offices:
        html = client.get(f"/board/{office['code']}").get_data(as_text=True)
        assert f"{office['code']}-" in html  # the day's application numbers
