"""Shared fixtures: the real app on a temporary database, a test client, and a small world.

`app` builds the office server on a fresh SQLite file with cheap argon2 parameters (so
logging in costs microseconds). `world` is the office world of `tests.office_world` on the
app's database: two offices (Keelung "a" and Su'ao "b"), each with a dispatcher and an
inspector who can log in (the admin is at Keelung), a firm, a gas station with a fuel
dispenser, a vehicle and a job; the Keelung job is assigned to the Keelung inspector.
`auth(username)` logs in and returns the headers to send.

Under CI (`CI` set) hypothesis runs derandomized, so a run is repeatable; a developer's run
explores new examples each time.
"""

import os

import pytest
from hypothesis import settings

from server import create_app
from server.database.db import connect
from server.identity import users
from tests.office_world import FUEL_DISPENSERS, OfficePlan, World

PASSWORD = "correct-horse"

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


def person_body(username, role, office_id, password=PASSWORD):
    """The body of a new user (`POST /api/v1/users/`): their record and password."""
    body = {"username": username, "display_name": username, "role": role, "office_id": office_id}
    return {**body, "password": password}


def account(world, fields):
    """A person's user record and login account (password `PASSWORD`), as the API makes them
    (in an app context: the password is hashed with the app's argon2 settings)."""
    return users.create_user(world.db, world.admin, {**fields, "password": PASSWORD})


def office_plan(key, tag, code, name, lat, lon):
    """An office of the REST world: a gas station with a fuel dispenser, a car and a job."""
    return OfficePlan(
        key,
        office={"code": code, "name_zh": name, "name_en": code.title(), "lat": lat, "lon": lon},
        firm={"tax_id": "1234567" + tag, "name": f"F{tag}"},
        site={"name": f"S{tag}", "address": "基隆市仁愛區愛一路1號", "kind": "gas_station"},
        instrument={"serial": f"SN-{tag}", "due_date": "2030-01-01"},
        vehicle={"plate": f"RAB-{tag}", "seats": 4},
        job={
            "application_number": f"APP-{tag}",
            "window_start": "2030-01-01T09:00:00+08:00",
            "window_end": "2030-01-01T17:00:00+08:00",
            "estimated_minutes": 60,
        },
        assignment={"date": "2030-01-01", "planned_start": "2030-01-01T09:30:00+08:00"},
        assigned=key == "a",
    )


KEELUNG = office_plan("a", "1", "KEELUNG", "基隆", 25.13, 121.74)
SUAO = office_plan("b", "2", "SUAO", "蘇澳", 24.59, 121.85)


@pytest.fixture
def world(app):
    """Two offices with people and work; the Keelung job is assigned to inspector.a."""
    db = connect(app.config["DATABASE"])
    with app.app_context():
        world = World.seed(db, KEELUNG, SUAO, make_user=account, kind=FUEL_DISPENSERS)
    yield world
    db.close()


@pytest.fixture
def auth(client, world):
    """`auth(username, device_id=...)` → headers with a fresh bearer token."""

    def login(username, device_id=None):
        body = login_body(username, device_id or f"dev-{username}")
        response = client.post("/api/v1/auth/token", json=body)
        assert response.status_code == 201, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return login
