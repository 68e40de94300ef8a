"""One path per REST write: a PATCH reads the record once and validates it once, and every
audit entry — record writes and the server's other events — has one clock and one precision.
"""

import re
from datetime import UTC, datetime

from flask import g

from domain.access import Actor
from server.database.db import get_db
from server.records import resources
from tests.record_loads import counting_loads

MOMENT = datetime(2031, 5, 6, 7, 8, 9, 250_000, tzinfo=UTC)
STAMP = "2031-05-06T07:08:09.250+00:00"


def _record_reads(statements, record_id):
    """The statements that read the record's stored data (not just its office)."""
    return [s for s in statements if s.startswith("SELECT data") and record_id in s]


def test_a_patch_reads_the_record_once_and_validates_it_once(app, world, monkeypatch):
    admin = Actor(world.admin.user_id, "admin", None, "office-pc")
    with app.test_request_context():
        db = get_db()
        firm = world.a.firm
        statements, loads = [], counting_loads(monkeypatch)
        db.conn.set_trace_callback(statements.append)
        g.actor = admin
        record = resources.update("firms", firm["id"], {"name": "新名"}, version=1)
        db.conn.set_trace_callback(None)
    assert record["name"] == "新名" and record["version"] == 2
    assert len(_record_reads(statements, firm["id"])) == 1
    assert loads == [("firms", False)]


def test_a_patch_refuses_as_before_a_bad_field_first_a_bad_whole_record_last(client, auth, world):
    url = f"/api/v1/jobs/{world.a.job['id']}"
    backwards = {"window_end": "2030-01-01T08:00:00+08:00"}  # before window_start
    current = {"If-Match": '"1"'}
    admin, stranger = {**auth("admin"), **current}, {**auth("dispatcher.b"), **current}

    assert client.patch(url, json={"window_end": 42}, headers=stranger).status_code == 422
    assert client.patch(url, json=backwards, headers=stranger).status_code == 403
    whole = client.patch(url, json=backwards, headers={**admin, "If-Match": '"9"'})
    assert whole.status_code == 412
    whole = client.patch(url, json=backwards, headers=admin)
    assert whole.status_code == 422
    assert "window_end" in whole.get_json()["errors"]["json"]
    assert client.get(url, headers=admin).get_json()["version"] == 1


def test_the_test_clock_stamps_record_writes_and_other_audit_entries_alike(
    app, client, auth, world
):
    app.config["CLOCK"] = lambda: MOMENT
    headers = auth("admin", device_id="office-pc")  # a login: an audit entry of its own
    body = {"office_id": world.a.id, "tax_id": "12345678", "name": "新商號"}
    firm = client.post("/api/v1/firms/", json=body, headers=headers).get_json()
    with app.app_context():
        db = get_db()
        row = db.execute(
            "SELECT created_at, updated_at FROM records WHERE id = ?", [firm["id"]]
        ).fetchone()
        stamps = {r[0] for r in db.execute("SELECT at FROM audit_log WHERE at >= '2031'")}
        formats = {
            re.sub(r"\d", "9", r[0]) for r in db.execute("SELECT at FROM audit_log").fetchall()
        }
    assert tuple(row) == (STAMP, STAMP)
    assert stamps == {STAMP}  # the login and the create
    assert formats == {"9999-99-99T99:99:99.999+99:99"}  # one precision in the column
