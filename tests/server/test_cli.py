"""The CLI commands, run through `app.test_cli_runner()`, and `python -m server`'s banner."""

from server import accounts, store
from server.__main__ import banner
from server.db import get_db


def test_init_db_is_idempotent(app):
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "0 migration(s) run" in result.output


def test_create_user_then_login(app, client, world):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--username",
            "lin.cli",
            "--role",
            "dispatcher",
            "--office",
            "SUAO",
            "--password",
            "cli-password",
        ]
    )
    assert result.exit_code == 0, result.output
    login = {
        "username": "lin.cli",
        "password": "cli-password",
        "device_id": "d",
        "device_name": "pc",
    }
    response = client.post("/api/v1/auth/token", json=login)
    assert response.get_json()["user"]["office_id"] == world["offices"]["b"]["id"]


def test_create_user_prompts_for_missing_password(app, world):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--username",
            "chen.cli",
            "--role",
            "inspector",
            "--office",
            "KEELUNG",
        ],
        input="secret-pw\nsecret-pw\n",
    )
    assert result.exit_code == 0, result.output


def test_create_user_refuses_bad_input(app, world):
    runner = app.test_cli_runner()
    bad_office = runner.invoke(
        args=[
            "create-user",
            "--username",
            "x.y",
            "--role",
            "admin",
            "--office",
            "NOWHERE",
            "--password",
            "pw-pw-pw-pw",
        ]
    )
    assert bad_office.exit_code != 0 and "no office" in bad_office.output
    bad_name = runner.invoke(
        args=[
            "create-user",
            "--username",
            "Bad Name",
            "--role",
            "admin",
            "--office",
            "SUAO",
            "--password",
            "pw-pw-pw-pw",
        ]
    )
    assert bad_name.exit_code != 0 and "username" in bad_name.output


def test_revoke_device(app, client, auth, world):
    headers = auth("inspector.a", device_id="tab-cli")
    result = app.test_cli_runner().invoke(args=["revoke-device", "tab-cli"])
    assert "Revoked 1 token" in result.output
    assert client.get("/api/v1/jobs/", headers=headers).status_code == 401
    with app.app_context():
        assert not accounts.device_known(get_db(), "nope")


def test_load_demo_command(app):
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0 and "4 offices" in result.output
    with app.app_context():
        assert store.count_records(get_db(), "offices") == 4


def test_banner_prints_url_and_a_login_per_role(app):
    text = banner(app, {"offices": 4})
    assert "http://127.0.0.1:5000/" in text
    for login in ("admin-demo", "dispatcher.keelung", "inspector.chen"):
        assert login in text
