"""The demo branch: deterministic, complete, fast to load, and usable through the API."""

from datetime import date

import pytest

from server.database.db import get_db
from server.demo import load_demo
from server.demo.generate import generate
from server.demo.people import INSPECTOR_PASSWORD
from server.demo.places import AREAS
from server.records import store
from tests.conftest import login_body

TODAY = date(2024, 5, 6)


@pytest.fixture
def demo_app(app):
    with app.app_context():
        app.config["DEMO_COUNTS"] = load_demo(get_db(), TODAY)
    return app


def test_generation_is_deterministic():
    assert generate(TODAY) == generate(TODAY)


def test_counts(demo_app):
    counts = demo_app.config["DEMO_COUNTS"]
    assert counts["offices"] == 4 and counts["vehicles"] == 8
    assert 250 <= counts["firms"] <= 300 and counts["sites"] >= counts["firms"]
    assert counts["instruments"] >= 1500 and counts["jobs"] >= 100
    with demo_app.app_context():
        db = get_db()
        assert {c: store.count_records(db, c) for c in counts} == counts


def test_every_type_kind_and_role_appears():
    records = generate(TODAY)
    assert len({i["type"] for i in records["instruments"]}) == 9
    assert len({j["kind"] for j in records["jobs"]}) == 10
    assert {"requested", "scheduled"} <= {j["status"] for j in records["jobs"]}
    roles = [u["role"] for u in records["users"]]
    assert roles.count("admin") == 1 and roles.count("dispatcher") == 4  # one per office
    assert roles.count("inspector") >= 10


def test_sites_lie_in_their_office_area():
    records = generate(TODAY)
    offices = {o["id"]: o["code"] for o in records["offices"]}
    for site in records["sites"]:
        areas = AREAS[offices[site["office_id"]]]
        assert any(
            abs(site["lat"] - lat) <= spread
            and abs(site["lon"] - lon) <= spread
            and site["address"].startswith(district)
            for district, lat, lon, spread, _ in areas
        )


def test_demo_inspector_logs_in_and_sees_assigned_jobs(demo_app):
    client = demo_app.test_client()
    login = login_body("inspector.chen", "tab", INSPECTOR_PASSWORD)
    token = client.post("/api/v1/auth/token", json=login).get_json()["token"]
    jobs = client.get(
        "/api/v1/jobs/?page_size=200", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert jobs and all(j["status"] != "requested" for j in jobs)
