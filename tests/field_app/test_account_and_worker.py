"""Signing in and out against a real server on loopback, and the one sync worker."""

import threading
from datetime import date

import pytest

from field_app import account
from field_app.context import FieldContext
from field_app.i18n import set_language
from field_app.profile import Profile
from field_app.worker import SyncWorker
from server.demo.people import password_of
from tests.e2e.conftest import demo_office

TODAY = date(2026, 12, 2)


@pytest.fixture
def office(app):
    with demo_office(app, TODAY) as live:
        yield live


def test_signing_in_pairs_the_replica_with_the_user_and_remembers_the_token(office, tmp_path):
    profile = Profile(tmp_path)
    signed_in, replica = account.sign_in(
        profile, office.url, " Inspector.Chen ", password_of("inspector")
    )
    assert signed_in.username == "inspector.chen" and signed_in.role == "inspector"
    assert replica.user_id == signed_in.user_id
    assert profile.load().signed_in == signed_in
    sql = "SELECT user_id FROM device_pairings WHERE device_id = ?"
    assert office.scalar(sql, [replica.device_id]) == signed_in.user_id
    replica.close()


def test_a_wrong_password_and_a_dead_address_say_what_to_do(office, tmp_path):
    set_language("zh_TW")
    profile = Profile(tmp_path)
    with pytest.raises(account.SignInFailed, match="密碼"):
        account.sign_in(profile, office.url, "inspector.chen", "wrong", session=None)
    with pytest.raises(account.SignInFailed, match="127.0.0.1:9"):
        account.sign_in(profile, "127.0.0.1:9", "inspector.chen", "x")
    assert profile.load().signed_in is None


def test_sign_out_waits_for_unsent_records_and_names_how_many(office, tmp_path):
    ctx = FieldContext(tmp_path, today=TODAY)
    ctx.sign_in(office.url, "inspector.chen", password_of("inspector"))
    assert ctx.sync_engine().run().outcome == "ok"
    jobs = ctx.replica.query("jobs")[:2]
    for job in jobs:
        ctx.replica.save("jobs", job["id"], {"notes": "到場"})
    with pytest.raises(account.SignOutRefused) as refused:
        ctx.sign_out()
    assert refused.value.unsent == 2 and "2" in str(refused.value)
    assert ctx.profile.load().signed_in is not None  # nothing forgotten
    assert ctx.sync_engine().run().outcome == "ok"
    ctx.sign_out()
    assert ctx.profile.load().signed_in is None
    again = FieldContext(tmp_path, today=TODAY)
    assert again.signed_in is None


class CountingEngine:
    def __init__(self):
        self.runs, self.started, self.release = 0, threading.Event(), threading.Event()

    def run(self, wait=False):
        self.runs += 1
        self.started.set()
        self.release.wait(5)
        return f"status {self.runs}"


def test_requests_during_a_run_fold_into_one_more_run_and_results_are_delivered():
    engine, delivered = CountingEngine(), []
    done = threading.Event()
    worker = SyncWorker(engine, lambda s: (delivered.append(s), done.set()), interval=3600)
    worker.start()
    assert engine.started.wait(5)
    for _ in range(5):
        worker.request()  # five taps while a run is going
    engine.release.set()
    deadline = threading.Event()
    while len(delivered) < 2 and not deadline.wait(0.05):
        pass
    worker.stop(5)
    assert engine.runs == 2 and delivered == ["status 1", "status 2"]
    assert not worker.running
