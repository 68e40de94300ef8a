"""The hashing gate: a bounded number of password hashes at once, the rest refused in time."""

import threading
import time

import pytest

from server.database.db import get_db
from server.identity.password_hashing import GateBusy, HashingGate, hash_slots, hashing_gate
from tests.conftest import login_body


def hold(gate, entered, release):
    """Hold a slot of `gate` in another thread until `release` is set."""

    def run():
        with gate.slot():
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert entered.wait(5)
    return thread


def test_a_waiting_holder_gets_the_slot_when_it_frees():
    gate = HashingGate(slots=1, queue=1, wait_seconds=5)
    entered, release = threading.Event(), threading.Event()
    holder = hold(gate, entered, release)
    threading.Timer(0.05, release.set).start()
    with gate.slot():
        assert release.is_set()  # it waited until the holder let go
    holder.join(5)


def test_beyond_the_queue_a_holder_is_refused_at_once():
    gate = HashingGate(slots=1, queue=0, wait_seconds=5)
    entered, release = threading.Event(), threading.Event()
    holder = hold(gate, entered, release)
    started = time.perf_counter()
    with pytest.raises(GateBusy), gate.slot():
        pass
    assert time.perf_counter() - started < 1
    release.set()
    holder.join(5)


def test_a_wait_longer_than_allowed_is_refused():
    gate = HashingGate(slots=1, queue=1, wait_seconds=0.05)
    entered, release = threading.Event(), threading.Event()
    holder = hold(gate, entered, release)
    with pytest.raises(GateBusy), gate.slot():
        pass
    release.set()
    holder.join(5)
    with gate.slot():  # every slot and queue place was given back
        pass


@pytest.mark.parametrize(
    ("configured", "cpus", "lanes", "slots"),
    [(3, 2, 4, 3), (None, 2, 4, 1), (None, 16, 4, 4), (None, None, 4, 1), (None, 8, 1, 8)],
)
def test_slots_follow_the_setting_or_the_cpus_per_hash(monkeypatch, configured, cpus, lanes, slots):
    monkeypatch.setattr("os.cpu_count", lambda: cpus)
    config = {"PASSWORD_HASH_SLOTS": configured, "ARGON2_PARALLELISM": lanes}
    assert hash_slots(config) == slots


def login(client):
    return client.post("/api/v1/auth/token", json=login_body("inspector.a", "tab-1"))


@pytest.fixture
def busy_gate(app, world):
    """Every hashing slot of the app taken (and no queue) for the test."""
    app.config.update(PASSWORD_HASH_SLOTS=1, PASSWORD_HASH_QUEUE=0)
    app.extensions.pop("verifield.hashing_gate", None)
    with app.app_context():
        gate = hashing_gate()
    entered, release = threading.Event(), threading.Event()
    holder = hold(gate, entered, release)
    yield gate
    release.set()
    holder.join(5)


def test_a_login_with_no_free_slot_is_503_with_retry_after(app, client, busy_gate):
    response = login(client)
    assert response.status_code == 503, response.get_json()
    assert response.headers["Retry-After"] == "1"
    assert "busy checking other passwords" in response.get_json()["message"]
    with app.app_context():
        db = get_db()
        assert db.execute("SELECT count(*) FROM login_attempts").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM tokens").fetchone()[0] == 0


def test_a_login_goes_through_once_the_slot_is_free(app, client, world):
    app.config.update(PASSWORD_HASH_SLOTS=1, PASSWORD_HASH_QUEUE=0)
    app.extensions.pop("verifield.hashing_gate", None)
    assert login(client).status_code == 201
    assert login(client).status_code == 201
