"""Shared fixtures: the real app on a temporary database, a test client, and a small world.

`app` builds the office server on a fresh SQLite file with cheap argon2 parameters (so
logging in costs microseconds). `world` holds two offices (Keelung and Su'ao) with an admin,
a dispatcher and an inspector in each, a firm, site, instrument, vehicle and job per office,
and the Keelung job assigned to the Keelung inspector. `auth(username)` logs in and returns
the headers to send.

Under CI (`CI` set) hypothesis runs derandomized, so a run is repeatable; a developer's run
explores new examples each time.
"""

import os

import pytest
from hypothesis import settings

from domain.access import Actor
from server import create_app
from server.database.db import get_db
from server.identity import users
from server.records import store

PASSWORD = "correct-horse"
SETUP = Actor(user_id=None, role="admin", office_id=None, device_id="test-setup")

# The tablet app's screen tests import Kivy, which opens a window: they run in a process of
# their own (`VERIFIELD_UI=1 pytest tests/ui`, a line of `make test`), never beside these.
collect_ignore = [] if os.environ.get("VERIFIELD_UI") else ["ui"]

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "verifield.sqlite"),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
        }
    )
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


def login_body(username, device_id, password=PASSWORD):
    """The body of `POST /api/v1/auth/token`: `username` logs in on the device `device_id`."""
    return {
        "username": username,
        "password": password,
        "device_id": device_id,
        "device_name": f"tablet of {username}",
    }


def _office(db, code, name, lat, lon):
    fields = {"code": code, "name_zh": name, "name_en": code.title(), "lat": lat, "lon": lon}
    return store.create(db, "offices", fields, SETUP)


def person_body(username, role, office_id, password=PASSWORD):
    """The body of a new user (`POST /api/v1/users/`): their record and password."""
    body = {"username": username, "display_name": username, "role": role, "office_id": office_id}
    return {**body, "password": password}


def _person(db, username, role, office):
    return users.create_user(db, SETUP, person_body(username, role, office["id"]))


def _office_work(db, office, tag):
    """A firm, site, instrument, vehicle and requested job of an office."""
    firm = store.create(
        db,
        "firms",
        {"office_id": office["id"], "tax_id": "1234567" + tag, "name": f"F{tag}"},
        SETUP,
    )
    site = store.create(
        db,
        "sites",
        {
            "office_id": office["id"],
            "firm_id": firm["id"],
            "name": f"S{tag}",
            "address": "基隆市仁愛區愛一路1號",
            "kind": "gas_station",
        },
        SETUP,
    )
    instrument = store.create(
        db,
        "instruments",
        {
            "site_id": site["id"],
            "type": "fuel_dispenser",
            "accuracy_class": "0.5",
            "params": {"mmq": 2, "scale_interval": 0.01},
            "serial": f"SN-{tag}",
            "due_date": "2030-01-01",
        },
        SETUP,
    )
    vehicle = store.create(
        db, "vehicles", {"office_id": office["id"], "plate": f"RAB-{tag}", "seats": 4}, SETUP
    )
    job = store.create(
        db,
        "jobs",
        {
            "office_id": office["id"],
            "kind": "fuel_dispenser_inspection",
            "site_id": site["id"],
            "instrument_ids": [instrument["id"]],
            "application_number": f"APP-{tag}",
            "window_start": "2030-01-01T09:00:00+08:00",
            "window_end": "2030-01-01T17:00:00+08:00",
            "estimated_minutes": 60,
        },
        SETUP,
    )
    return {"firm": firm, "site": site, "instrument": instrument, "vehicle": vehicle, "job": job}


@pytest.fixture
def world(app):
    """Two offices with people and work; the Keelung job is assigned to inspector.a."""
    with app.app_context():
        db = get_db()
        a = _office(db, "KEELUNG", "基隆", 25.13, 121.74)
        b = _office(db, "SUAO", "蘇澳", 24.59, 121.85)
        people = {
            "admin": _person(db, "admin", "admin", a),
            "dispatcher.a": _person(db, "dispatcher.a", "dispatcher", a),
            "dispatcher.b": _person(db, "dispatcher.b", "dispatcher", b),
            "inspector.a": _person(db, "inspector.a", "inspector", a),
            "inspector.b": _person(db, "inspector.b", "inspector", b),
        }
        work = {"a": _office_work(db, a, "1"), "b": _office_work(db, b, "2")}
        store.create(
            db,
            "assignments",
            {
                "job_id": work["a"]["job"]["id"],
                "inspector_ids": [people["inspector.a"]["id"]],
                "date": "2030-01-01",
            },
            SETUP,
        )
    return {"offices": {"a": a, "b": b}, "people": people, "work": work}


@pytest.fixture
def auth(client, world):
    """`auth(username, device_id=...)` → headers with a fresh bearer token."""

    def login(username, device_id=None):
        body = login_body(username, device_id or f"dev-{username}")
        response = client.post("/api/v1/auth/token", json=body)
        assert response.status_code == 201, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return login
