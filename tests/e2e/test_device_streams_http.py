"""A device's mutation stream belongs to one user, over real HTTP.

- An inspector of another office who logs in with an inspector's device id is refused (409,
  audited). Even holding a token made for that device id outside the login, their pushes run
  in a stream of their own: they never read the inspector's stored results, and pushing the
  inspector's next id does not make the inspector's next mutation a duplicate — every one of
  the inspector's mutations lands.
- Two inspectors of one office sharing a tablet in turn each have a replica of their own
  (their own device id, outbox and stream): all their mutations are applied; a replica
  refuses to be used by the other.
"""

import secrets
from datetime import UTC, datetime, timedelta

import pytest
import requests

from server.identity.accounts import token_digest
from sync.client.http_transport import HttpTransport
from sync.client.replica import ReplicaOfAnotherUser
from tests.conftest import login_body, person_body
from tests.domain.factories import new_id
from tests.e2e.conftest import TIMEOUT, draft_check, make_tablet, server_view

PAIRED_ELSEWHERE = "This device is paired with another user; an administrator must re-pair it."


def login_answer(live, username, device_id):
    body = login_body(username, device_id)
    return requests.post(f"{live.url}/api/v1/auth/token", json=body, timeout=TIMEOUT)


def token_made_directly(live, user_id, device_id):
    """A live token for the user on the device written straight into the database, as if
    the login's pairing check had been got round."""
    token = secrets.token_urlsafe(32)
    moment = datetime.now(UTC)
    with live.database() as db, db.conn:
        db.execute(
            "INSERT INTO tokens (token_hash, user_id, device_id, device_name, created_at, "
            "expires_at) VALUES (?, ?, ?, 'forged', ?, ?)",
            [
                token_digest(token),
                user_id,
                device_id,
                moment.isoformat(),
                (moment + timedelta(hours=1)).isoformat(),
            ],
        )
    return token


def edits_of(targets, first_id):
    """Updates of the owner's checks, numbered from `first_id` (as the intruder sends them)."""
    return [
        {
            "mutation_id": first_id + n,
            "collection": "checks",
            "record_id": record_id,
            "op": "update",
            "base_version": 1,
            "fields": {"notes": "nothing to see"},
        }
        for n, record_id in enumerate(targets)
    ]


def outbox_states(device):
    rows = device.replica.db.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    return dict(rows.fetchall())


def test_an_intruder_on_the_owners_device_id_gets_nothing_and_every_owner_mutation_lands(
    live_server, world, tablet
):
    owner = tablet("inspector.a")
    checks = [new_id() for _ in range(3)]
    for check_id in checks:
        owner.replica.save("checks", check_id, draft_check(world), op="create")
    assert owner.engine.run().outcome == "ok"
    [(_, owner_answer)] = owner.pushes
    device_id = owner.replica.device_id

    refused = login_answer(live_server, "inspector.b", device_id)
    assert (refused.status_code, refused.json()["message"]) == (409, PAIRED_ELSEWHERE)
    intruder_id = world.b.inspector.user_id
    assert (
        live_server.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'login_refused' AND user_id = ? "
            "AND device_id = ?",
            [intruder_id, device_id],
        )
        == 1
    )

    intruder = HttpTransport(
        live_server.url, token_made_directly(live_server, intruder_id, device_id), timeout=TIMEOUT
    )
    try:
        peek = intruder.push({"device_id": device_id, "mutations": []})
        first = intruder.push({"device_id": device_id, "mutations": edits_of(checks, 1)})
        again = intruder.push({"device_id": device_id, "mutations": edits_of(checks, 1)})
        ahead = intruder.push({"device_id": device_id, "mutations": edits_of(checks[:1], 4)})
    finally:
        intruder.session.close()
    assert peek["last_mutation_id"] == 0  # not even the owner's position shows
    for answer in (first, again):
        assert [r["status"] for r in answer["results"]] == ["rejected"] * 3
        assert all("record" not in r for r in answer["results"])
        assert not any(r in owner_answer["results"] for r in answer["results"])
    assert again["results"] == first["results"]
    assert ahead["last_mutation_id"] == 4

    owner.replica.save("checks", checks[0], {"notes": "seal replaced"})
    later = new_id()
    owner.replica.save("checks", later, draft_check(world), op="create")
    status = owner.engine.run()
    assert (status.outcome, status.pending, status.rejected) == ("ok", 0, 0)
    [_, (sent, answer)] = owner.pushes
    assert [m["mutation_id"] for m in sent["mutations"]] == [4, 5]
    assert [r["status"] for r in answer["results"]] == ["applied", "applied"]
    assert all("error" not in r for r in answer["results"])
    assert outbox_states(owner) == {"acked": 5}
    assert live_server.count("checks") == 4
    assert owner.replica.get("checks", checks[0])["notes"] == "seal replaced"
    assert owner.records() == server_view(live_server, owner.actor)


def test_two_inspectors_sharing_a_tablet_in_turn_each_get_every_mutation_applied(
    live_server, world, api, tmp_path
):
    colleague = person_body("inspector.c", "inspector", world.a.id)
    colleague_id = api("admin").post("/api/v1/users/", colleague, expect=201)["id"]
    job_id = world.a.job["id"]
    both = {"inspector_ids": [world.a.inspector.user_id, colleague_id]}
    api("dispatcher.a").post(f"/api/v1/jobs/{job_id}/assignment", {**both, "date": "2030-01-01"})
    shared = tmp_path / "shared-tablet"
    first = make_tablet(live_server.url, shared / "inspector.a", "inspector.a")
    second = make_tablet(live_server.url, shared / "inspector.c", "inspector.c")
    try:
        assert first.replica.device_id != second.replica.device_id
        for turn in range(3):
            for device in (first, second):
                fields = draft_check(world, inspector_id=device.user["id"], notes=f"turn {turn}")
                device.replica.save("checks", new_id(), fields, op="create")
                status = device.engine.run()
                assert (status.outcome, status.pending, status.rejected) == ("ok", 0, 0)
        for device in (first, second):
            assert outbox_states(device) == {"acked": 3}
            results = [r for _, answer in device.pushes for r in answer["results"]]
            assert [r["status"] for r in results] == ["applied"] * 3
        assert live_server.count("checks") == 6
        with pytest.raises(ReplicaOfAnotherUser):
            first.replica.bind_user(colleague_id)
        assert first.replica.user_id == first.user["id"]
    finally:
        for device in (first, second):
            device.replica.close()
            device.session.close()
