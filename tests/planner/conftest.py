"""A planner day in the real app: the Keelung office with two inspectors, two vehicles and
five jobs on 2030-01-07, a dispatcher of Keelung and one of Su'ao, and the app's clock set
to that morning (`clock.set(hour, minute)` moves it)."""

from datetime import datetime

import pytest

from domain.access import Actor
from server.database.db import get_db
from server.identity import users
from server.planner.day import TAIPEI
from server.records import store

SETUP = Actor(user_id=None, role="admin", office_id=None, device_id="planner-setup")
PASSWORD = "correct-horse"
DAY = "2030-01-07"


class Clock:
    """The app's clock: a fixed local time on the plan day, moved by the test."""

    def __init__(self):
        self.moment = datetime(2030, 1, 7, 7, 0, tzinfo=TAIPEI)

    def set(self, hour, minute=0):
        self.moment = self.moment.replace(hour=hour, minute=minute)

    def __call__(self):
        return self.moment


def _person(db, username, role, office, **fields):
    body = {
        "username": username,
        "display_name": username,
        "role": role,
        "office_id": office["id"],
        "password": PASSWORD,
        **fields,
    }
    return users.create_user(db, SETUP, body)


def _site(db, office, n, north, east):
    fields = {
        "office_id": office["id"],
        "name": f"site {n}",
        "address": f"基隆市仁愛區愛一路{n}號",
        "kind": "market",
        "lat": office["lat"] + north,
        "lon": office["lon"] + east,
    }
    return store.create(db, "sites", fields, SETUP)


def _job(db, office, site, n, **fields):
    body = {
        "office_id": office["id"],
        "kind": "instrument_inspection",
        "site_id": site["id"],
        "application_number": f"KEELUNG-20300107-{n:04d}",
        "window_start": f"{DAY}T08:30:00+08:00",
        "window_end": f"{DAY}T17:00:00+08:00",
        "estimated_minutes": 30,
        "required_skills": ["nawi"],
        "required_equipment": [{"kind": "test_weights", "capacity": 20, "unit": "kg"}],
        **fields,
    }
    return store.create(db, "jobs", body, SETUP)


@pytest.fixture
def clock(app):
    app.config["CLOCK"] = clock = Clock()
    app.config["PLANNER_SECONDS"] = 0.3
    app.config["PLANNER_REPLAN_SECONDS"] = 0.3
    return clock


@pytest.fixture
def keelung(app, clock):
    """The Keelung day's records by name."""
    with app.app_context():
        db = get_db()
        office = store.create(
            db,
            "offices",
            {
                "code": "KEELUNG",
                "name_zh": "基隆",
                "name_en": "Keelung",
                "lat": 25.1316,
                "lon": 121.7445,
            },
            SETUP,
        )
        suao = store.create(
            db,
            "offices",
            {"code": "SUAO", "name_zh": "蘇澳", "name_en": "Su'ao", "lat": 24.595, "lon": 121.851},
            SETUP,
        )
        shift = {"shift_start": "08:00", "shift_end": "17:00"}
        people = {
            "dispatcher": _person(db, "dispatcher.keelung", "dispatcher", office),
            "suao": _person(db, "dispatcher.suao", "dispatcher", suao),
            "chen": _person(
                db,
                "inspector.chen",
                "inspector",
                office,
                skills=["nawi", "fuel_dispenser"],
                **shift,
            ),
            "lin": _person(
                db, "inspector.lin", "inspector", office, skills=["nawi", "taximeter"], **shift
            ),
        }
        weights = {"kind": "test_weights", "capacity": 20, "unit": "kg"}
        measure = {"kind": "proving_measure", "capacity": 20, "unit": "L"}
        cars = {
            "car1": store.create(
                db,
                "vehicles",
                {
                    "office_id": office["id"],
                    "plate": "RAB-1201",
                    "seats": 5,
                    "equipment": [weights, measure],
                },
                SETUP,
            ),
            "car2": store.create(
                db,
                "vehicles",
                {
                    "office_id": office["id"],
                    "plate": "RAB-1202",
                    "seats": 3,
                    "equipment": [weights],
                },
                SETUP,
            ),
        }
        spots = [(0.01, 0), (0, 0.01), (-0.01, 0), (0, -0.01), (0.02, 0.01)]
        sites = [_site(db, office, n, *spot) for n, spot in enumerate(spots, start=1)]
        jobs = {f"j{n}": _job(db, office, site, n) for n, site in enumerate(sites, start=1)}
        jobs["station"] = _job(
            db,
            office,
            sites[2],
            9,
            kind="fuel_dispenser_inspection",
            required_skills=["fuel_dispenser"],
            required_equipment=[measure],
        )
    return {
        "office": office,
        "suao": suao,
        "people": people,
        "cars": cars,
        "sites": sites,
        "jobs": jobs,
    }


@pytest.fixture
def login(client):
    """`login(username)` → headers with a fresh bearer token."""

    def headers(username):
        body = {
            "username": username,
            "password": PASSWORD,
            "device_id": f"dev-{username}",
            "device_name": "tablet",
        }
        response = client.post("/api/v1/auth/token", json=body)
        assert response.status_code == 201, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return headers
