"""Logging in, token expiry and revocation, throttling, and the audit trail of each."""

from datetime import UTC, datetime, timedelta

from server.database.db import get_db
from tests.conftest import PASSWORD, login_body


def login(client, username="inspector.a", password=PASSWORD, device_id="tab-1"):
    return client.post("/api/v1/auth/token", json=login_body(username, device_id, password))


def bearer(response):
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_login_returns_token_expiry_and_user(client, world):
    response = login(client)
    assert response.status_code == 201
    body = response.get_json()
    user_id = world.a.inspector.user_id
    assert body["user"] == {
        "id": user_id,
        "username": "inspector.a",
        "role": "inspector",
        "office_id": world.a.id,
    }
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)
    assert client.get("/api/v1/jobs/", headers=bearer(response)).status_code == 200


def test_only_a_hash_of_the_token_is_stored(app, client, world):
    token = login(client).get_json()["token"]
    with app.app_context():
        rows = get_db().execute("SELECT token_hash, device_id FROM tokens").fetchall()
    assert [r[1] for r in rows] == ["tab-1"]
    assert token not in {r[0] for r in rows} and len(rows[0][0]) == 64


def test_passwords_are_argon2_hashes(app, world):
    with app.app_context():
        digest = get_db().execute("SELECT password_hash FROM accounts LIMIT 1").fetchone()[0]
    assert digest.startswith("$argon2id$") and PASSWORD not in digest


def test_wrong_password_is_401(client, world):
    assert login(client, password="nope").status_code == 401
    assert login(client, username="ghost").status_code == 401


def test_missing_login_fields_are_422(client, world):
    response = client.post("/api/v1/auth/token", json={"username": "admin"})
    assert response.status_code == 422
    assert {"password", "device_id", "device_name"} <= set(response.get_json()["errors"]["json"])


def test_throttle_is_per_username_and_address(client, world):
    for _ in range(5):
        login(client, username="admin", password="bad")
    assert login(client, username="admin").status_code == 429
    assert login(client, username="inspector.a").status_code == 201


def test_throttle_window_passes(app, client, world):
    moment = [datetime.now(UTC)]
    app.config["CLOCK"] = lambda: moment[0]
    for _ in range(5):
        login(client, password="bad")
    assert login(client).status_code == 429
    moment[0] += timedelta(seconds=301)
    assert login(client).status_code == 201


def test_expired_token_is_refused(app, client, world):
    moment = [datetime.now(UTC)]
    app.config["CLOCK"] = lambda: moment[0]
    app.config["TOKEN_TTL_SECONDS"] = 60
    headers = bearer(login(client))
    assert client.get("/api/v1/jobs/", headers=headers).status_code == 200
    moment[0] += timedelta(seconds=61)
    assert client.get("/api/v1/jobs/", headers=headers).status_code == 401


def test_token_expired_in_database_is_refused(app, client, world):
    headers = bearer(login(client))
    with app.app_context():
        get_db().execute("UPDATE tokens SET expires_at = '2000-01-01T00:00:00+00:00'")
    assert client.get("/api/v1/jobs/", headers=headers).status_code == 401


def test_revoked_device_is_refused_at_once(client, auth, world):
    tablet = bearer(login(client, device_id="tab-9"))
    admin = auth("admin")
    response = client.post("/api/v1/devices/tab-9/revoke", headers=admin)
    assert response.get_json() == {"device_id": "tab-9", "revoked": 1}
    assert client.get("/api/v1/jobs/", headers=tablet).status_code == 401


def test_revoking_unknown_device_is_404(client, auth):
    assert client.post("/api/v1/devices/nope/revoke", headers=auth("admin")).status_code == 404


def test_device_listing_shows_state(client, auth, world):
    login(client, device_id="tab-2")
    admin = auth("admin")
    client.post("/api/v1/devices/tab-2/revoke", headers=admin)
    rows = client.get("/api/v1/devices/?device_id=tab-2", headers=admin).get_json()
    assert [(r["device_id"], r["username"], r["active"]) for r in rows] == [
        ("tab-2", "inspector.a", False)
    ]


def test_logout_revokes_the_token(client, world):
    headers = bearer(login(client))
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/api/v1/jobs/", headers=headers).status_code == 401


def test_deleted_user_is_refused_at_once(client, auth, world):
    tablet = bearer(login(client))
    user_id = world.a.inspector.user_id
    headers = {**auth("admin"), "If-Match": '"1"'}
    assert client.delete(f"/api/v1/users/{user_id}", headers=headers).status_code == 204
    assert client.get("/api/v1/jobs/", headers=tablet).status_code == 401
    assert login(client).status_code == 401


def test_login_and_revoke_are_audited_with_device(client, auth, world):
    login(client, device_id="tab-5")
    admin = auth("admin", device_id="office-pc")
    client.post("/api/v1/devices/tab-5/revoke", headers=admin)
    entries = client.get("/api/v1/audit/", headers=admin).get_json()
    revoke = next(e for e in entries if e["action"] == "revoke")
    assert (revoke["device_id"], revoke["record_id"]) == ("office-pc", "tab-5")
    logins = [e for e in entries if e["action"] == "login" and e["device_id"] == "tab-5"]
    assert logins[0]["user_id"] == world.a.inspector.user_id


def patch_user(client, headers, user_id, body):
    """PATCH a user with the `If-Match` of its current version."""
    version = client.get(f"/api/v1/users/{user_id}", headers=headers).get_json()["version"]
    return client.patch(
        f"/api/v1/users/{user_id}", json=body, headers={**headers, "If-Match": f'"{version}"'}
    )


def test_admin_password_reset_revokes_the_users_tokens(client, auth, world):
    tablet = bearer(login(client))
    user_id = world.a.inspector.user_id
    admin = auth("admin")
    response = patch_user(client, admin, user_id, {"password": "a-new-secret"})
    assert response.status_code == 200, response.get_json()
    assert client.get("/api/v1/jobs/", headers=tablet).status_code == 401
    assert login(client).status_code == 401
    assert login(client, password="a-new-secret").status_code == 201
    entries = client.get("/api/v1/audit/?action=set_password", headers=admin).get_json()
    assert [(e["record_id"], e["changes"]) for e in entries] == [(user_id, {"tokens_revoked": 1})]


def test_changing_other_fields_keeps_the_users_tokens(client, auth, world):
    tablet = bearer(login(client))
    user_id = world.a.inspector.user_id
    response = patch_user(client, auth("admin"), user_id, {"display_name": "林"})
    assert response.status_code == 200, response.get_json()
    assert client.get("/api/v1/jobs/", headers=tablet).status_code == 200


def failed_logins(client, auth):
    entries = client.get("/api/v1/audit/?action=login_failed", headers=auth("admin")).get_json()
    return list(reversed(entries))  # oldest first


def test_failed_login_is_audited_without_the_password(client, auth, world):
    assert login(client, password="wrong-horse", device_id="tab-7").status_code == 401
    [entry] = failed_logins(client, auth)
    assert (entry["user_id"], entry["device_id"]) == (None, "tab-7")
    assert (entry["collection"], entry["record_id"]) == (
        "users",
        world.a.inspector.user_id,
    )
    assert entry["changes"] == {"username": "inspector.a", "remote_addr": "127.0.0.1"}
    assert "wrong-horse" not in str(entry)


def test_failed_login_of_an_unknown_username_is_audited(client, auth, world):
    assert login(client, username="ghost", device_id="tab-8").status_code == 401
    [entry] = failed_logins(client, auth)
    assert (entry["user_id"], entry["record_id"], entry["device_id"]) == (None, None, "tab-8")
    assert entry["changes"]["username"] == "ghost"


def test_login_to_a_disabled_account_is_audited_as_failed(client, auth, world):
    user_id = world.a.inspector.user_id
    admin = auth("admin")
    assert patch_user(client, admin, user_id, {"active": False}).status_code == 200
    assert login(client).status_code == 401
    [entry] = failed_logins(client, auth)
    assert entry["record_id"] == user_id
