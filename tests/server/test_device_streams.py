"""Devices are paired with one user: a login by another user on a paired device is refused
(409, audited); only an admin unpairs it (API or CLI), and then the next login pairs it with
its user, whose stream there starts where that user's own stream stood — never another's.
An office database made before streams were kept per user is migrated with its rows kept.
"""

import dataclasses

import pytest

from server.database.db import connect
from server.database.migrations import migrate
from sync.server.push import apply_push, last_mutation_id
from tests.conftest import login_body
from tests.domain.factories import new_id
from tests.sync.server.support import actor

LOGIN = "/api/v1/auth/token"
PUSH = "/api/v1/sync/push"
V1 = {"X-Schema-Version": "1"}
TAB_1, TAB_2 = "5f0c1a8e-0000-4000-8000-0000000000a1", "5f0c1a8e-0000-4000-8000-0000000000a2"
TAB_A, TAB_B = "5f0c1a8e-0000-4000-8000-0000000000aa", "5f0c1a8e-0000-4000-8000-0000000000bb"
PAIRED_ELSEWHERE = "This device is paired with another user; an administrator must re-pair it."


def log_in(client, username, device_id):
    return client.post(LOGIN, json=login_body(username, device_id))


def bearer(response):
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}", **V1}


def push_unknown_updates(client, headers, device_id, mutation_ids):
    """A push of updates of records nobody has: each is rejected, and counts as processed."""
    mutations = [
        {
            "mutation_id": m,
            "collection": "checks",
            "record_id": new_id(),
            "op": "update",
            "base_version": 1,
            "fields": {"notes": "x"},
        }
        for m in mutation_ids
    ]
    response = client.post(
        PUSH, json={"device_id": device_id, "mutations": mutations}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def rows(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(sql, list(params)).fetchall()
    finally:
        db.close()


def audited(app, action, device_id):
    sql = "SELECT user_id, device_id, changes FROM audit_log WHERE action = ? AND record_id = ?"
    return rows(app, sql, [action, device_id])


def test_login_of_another_user_on_a_paired_device_is_refused_and_audited(app, client, world):
    owner = bearer(log_in(client, "inspector.a", TAB_1))
    refused = log_in(client, "inspector.b", TAB_1)
    assert refused.status_code == 409
    assert refused.get_json()["message"] == PAIRED_ELSEWHERE
    assert set(refused.get_json()) == {"code", "status", "message", "errors"}
    [(user_id, device_id, _)] = audited(app, "login_refused", TAB_1)
    assert (user_id, device_id) == (world.b.inspector.user_id, TAB_1)
    owner_id = world.a.inspector.user_id
    assert rows(app, "SELECT user_id FROM tokens WHERE device_id = ?", [TAB_1]) == [(owner_id,)]
    assert rows(app, "SELECT user_id FROM devices WHERE device_id = ?", [TAB_1]) == [(owner_id,)]
    assert client.get("/api/v1/jobs/", headers=owner).status_code == 200


def test_the_paired_user_logs_in_again_on_the_device(client, world):
    bearer(log_in(client, "inspector.a", TAB_1))
    bearer(log_in(client, "inspector.a", TAB_1))


@pytest.mark.parametrize("who", ["inspector.a", "dispatcher.a"])
def test_only_an_admin_unpairs_a_device(client, auth, world, who):
    bearer(log_in(client, "inspector.a", TAB_1))
    response = client.post(f"/api/v1/devices/{TAB_1}/unpair", headers=auth(who))
    assert response.status_code == 403
    assert log_in(client, "inspector.b", TAB_1).status_code == 409


def test_unpairing_an_unknown_device_is_404(client, auth):
    response = client.post("/api/v1/devices/nope/unpair", headers=auth("admin"))
    assert response.status_code == 404 and "nope" in response.get_json()["message"]


def test_unpair_revokes_the_tokens_and_the_next_user_starts_a_stream_of_their_own(
    app, client, auth, world
):
    owner = bearer(log_in(client, "inspector.a", TAB_1))
    assert push_unknown_updates(client, owner, TAB_1, [1, 2])["last_mutation_id"] == 2
    response = client.post(f"/api/v1/devices/{TAB_1}/unpair", headers=auth("admin"))
    owner_id = world.a.inspector.user_id
    assert response.get_json() == {"device_id": TAB_1, "revoked": 1, "unpaired_user_id": owner_id}
    assert client.get("/api/v1/jobs/", headers=owner).status_code == 401
    [(_, _, changes)] = audited(app, "unpair", TAB_1)
    assert owner_id in changes
    newcomer = bearer(log_in(client, "inspector.b", TAB_1))
    assert push_unknown_updates(client, newcomer, TAB_1, [])["last_mutation_id"] == 0
    assert push_unknown_updates(client, newcomer, TAB_1, [1])["last_mutation_id"] == 1
    assert log_in(client, "inspector.a", TAB_1).status_code == 409


def test_a_user_paired_again_goes_on_from_their_own_stream(client, auth, world):
    owner = bearer(log_in(client, "inspector.a", TAB_1))
    push_unknown_updates(client, owner, TAB_1, [1, 2])
    admin = auth("admin")
    client.post(f"/api/v1/devices/{TAB_1}/unpair", headers=admin)
    newcomer = bearer(log_in(client, "inspector.b", TAB_1))
    push_unknown_updates(client, newcomer, TAB_1, [1, 2, 3, 4, 5])
    client.post(f"/api/v1/devices/{TAB_1}/unpair", headers=admin)
    owner = bearer(log_in(client, "inspector.a", TAB_1))
    assert push_unknown_updates(client, owner, TAB_1, [])["last_mutation_id"] == 2
    answer = push_unknown_updates(client, owner, TAB_1, [3])
    assert [r["mutation_id"] for r in answer["results"]] == [3]
    assert answer["results"][0]["error"]["code"] != "duplicate"


def test_cli_unpair_device_releases_the_device(app, client, world):
    bearer(log_in(client, "inspector.a", TAB_2))
    result = app.test_cli_runner().invoke(args=["unpair-device", TAB_2])
    assert result.exit_code == 0, result.output
    assert f"Unpaired device {TAB_2}" in result.output and "revoked 1 token" in result.output
    [(user_id, device_id, _)] = audited(app, "unpair", TAB_2)
    assert (user_id, device_id) == (None, "cli")
    bearer(log_in(client, "inspector.b", TAB_2))


def test_cli_unpair_of_an_unknown_device_says_so(app):
    result = app.test_cli_runner().invoke(args=["unpair-device", "nope"])
    assert result.exit_code == 1 and "No device 'nope'" in result.output


#: The stream tables as databases made before streams were kept per user hold them.
TABLES_PER_DEVICE = """
CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    user_id TEXT,
    name TEXT,
    last_mutation_id INTEGER NOT NULL DEFAULT 0,
    created_at TEXT,
    last_seen_at TEXT
);
CREATE TABLE mutation_results (
    device_id TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (device_id, mutation_id)
);
"""


@pytest.fixture
def old_database(tmp_path):
    """A database with streams per device: TAB_A is at 2 for user-a, TAB_B at 1 for user-b."""
    db = connect(tmp_path / "old.sqlite")
    db.conn.executescript(TABLES_PER_DEVICE)
    with db.conn:
        db.conn.executemany(
            "INSERT INTO devices (device_id, user_id, name, last_mutation_id, created_at, "
            "last_seen_at) VALUES (?, ?, ?, ?, '2030-01-01', '2030-01-02')",
            [(TAB_A, "user-a", "A's tablet", 2), (TAB_B, "user-b", "B's tablet", 1)],
        )
        db.conn.executemany(
            "INSERT INTO mutation_results (device_id, mutation_id, result) VALUES (?, ?, ?)",
            [
                (TAB_A, 1, '{"mutation_id": 1, "status": "applied"}'),
                (TAB_A, 2, '{"mutation_id": 2, "status": "rejected"}'),
                (TAB_B, 1, '{"mutation_id": 1, "status": "applied"}'),
            ],
        )
    yield db
    db.close()


def test_migration_keeps_every_stream_row_under_its_devices_user(old_database):
    db = old_database
    assert 2 in migrate(db)
    assert db.execute(
        "SELECT device_id, user_id, name, last_mutation_id FROM devices ORDER BY device_id"
    ).fetchall() == [(TAB_A, "user-a", "A's tablet", 2), (TAB_B, "user-b", "B's tablet", 1)]
    assert db.execute(
        "SELECT device_id, user_id, mutation_id, result FROM mutation_results "
        "ORDER BY device_id, mutation_id"
    ).fetchall() == [
        (TAB_A, "user-a", 1, '{"mutation_id": 1, "status": "applied"}'),
        (TAB_A, "user-a", 2, '{"mutation_id": 2, "status": "rejected"}'),
        (TAB_B, "user-b", 1, '{"mutation_id": 1, "status": "applied"}'),
    ]
    pairings = db.execute("SELECT device_id, user_id FROM device_pairings ORDER BY device_id")
    assert pairings.fetchall() == [(TAB_A, "user-a"), (TAB_B, "user-b")]
    assert migrate(db) == []


def test_a_migrated_stream_goes_on_for_its_user_and_no_one_else(old_database):
    db = old_database
    migrate(db)
    owner = dataclasses.replace(actor("inspector", new_id()), user_id="user-a", device_id=TAB_A)
    again = apply_push(db, {"device_id": TAB_A, "mutations": [{"mutation_id": 2}]}, actor=owner)
    assert again["results"] == [{"mutation_id": 2, "status": "rejected"}]  # stored before
    stranger = dataclasses.replace(actor("inspector", new_id()), device_id=TAB_A)
    body = {"device_id": TAB_A, "mutations": [{"mutation_id": 1}, {"mutation_id": 2}]}
    answer = apply_push(db, body, actor=stranger)
    assert [r["error"]["code"] for r in answer["results"]] == ["validation", "validation"]
    assert last_mutation_id(db, TAB_A, "user-a") == 2
