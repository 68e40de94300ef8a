"""Login throttling: per username and address, per address, overall; a bounded attempts table."""

from datetime import UTC, datetime, timedelta

import pytest

from server.database.db import get_db
from tests.conftest import PASSWORD, login_body


def login(client, username="inspector.a", password=PASSWORD, address="10.0.0.1"):
    body = login_body(username, f"tab-{username}", password)
    return client.post("/api/v1/auth/token", json=body, environ_base={"REMOTE_ADDR": address})


def attempt_rows(app):
    with app.app_context():
        return get_db().execute("SELECT username, remote_addr FROM login_attempts").fetchall()


@pytest.fixture
def clock(app):
    """A fake clock: `clock[0]` is now; move it with `clock[0] += timedelta(...)`."""
    moment = [datetime(2030, 1, 1, 8, 0, tzinfo=UTC)]
    app.config["CLOCK"] = lambda: moment[0]
    return moment


def assert_throttled(response, words):
    assert response.status_code == 429, response.get_json()
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= 301
    message = response.get_json()["message"]
    assert words in message and f"{seconds} s" in message


def test_one_address_is_throttled_across_usernames(app, client, world):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 6
    for n in range(6):
        assert login(client, username=f"guess{n}", password="bad").status_code == 401
    assert_throttled(login(client, username="admin"), "from this address")
    assert login(client, username="admin", address="10.0.0.2").status_code == 201


def test_fourteen_accounts_from_one_address_are_not_all_answered(client, world):
    answers = [
        login(client, username=f"user{n % 14}", password=f"guess{n}").status_code for n in range(42)
    ]
    assert answers.count(401) == 20  # LOGIN_MAX_FAILURES_PER_ADDRESS by default
    assert set(answers[20:]) == {429}


def test_overall_brake_holds_every_address(app, client, world):
    app.config["LOGIN_MAX_FAILURES_OVERALL"] = 8
    for n in range(8):
        login(client, username=f"guess{n}", password="bad", address=f"10.0.1.{n}")
    assert_throttled(login(client, address="10.0.2.1"), "across all addresses")


def test_throttle_of_a_username_and_address_is_kept(client, world):
    for _ in range(5):
        login(client, username="admin", password="bad")
    assert_throttled(login(client, username="admin"), "for this username")
    assert login(client, username="inspector.a").status_code == 201
    assert login(client, username="admin", address="10.0.0.2").status_code == 201


def test_a_success_clears_only_its_own_username(app, client, world):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 6
    for n in range(4):
        login(client, username=f"victim{n}", password="bad")
    login(client, password="bad")
    assert login(client).status_code == 201  # the attacker's own account: 5 failures stay
    assert login(client, username="victim1", password="bad").status_code == 401
    assert_throttled(login(client, username="victim0"), "from this address")


def test_a_success_resets_the_username_and_address_count(client, world):
    for _ in range(4):
        login(client, password="bad")
    assert login(client).status_code == 201
    for _ in range(4):
        assert login(client, password="bad").status_code == 401
    assert login(client).status_code == 201


def test_throttles_lift_when_the_window_passes(app, client, world, clock):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for n in range(3):
        login(client, username=f"guess{n}", password="bad")
    assert login(client).status_code == 429
    clock[0] += timedelta(seconds=301)
    assert login(client).status_code == 201


def test_rows_outside_the_window_are_deleted(app, client, world, clock):
    for n in range(4):
        login(client, username=f"guess{n}", password="bad")
    clock[0] += timedelta(seconds=301)
    login(client, username="late", password="bad")
    assert attempt_rows(app) == [("late", "10.0.0.1")]


def test_the_attempts_table_has_a_hard_cap(app, client, world):
    app.config["LOGIN_ATTEMPTS_MAX_ROWS"] = 5
    for n in range(12):
        response = login(client, username=f"guess{n}", password="bad", address=f"10.9.0.{n}")
        assert response.status_code == 401
    assert attempt_rows(app) == [(f"guess{n}", f"10.9.0.{n}") for n in range(7, 12)]


def test_refused_logins_add_no_rows(app, client, world):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for n in range(10):
        login(client, username=f"guess{n}", password="bad")
    assert len(attempt_rows(app)) == 3
