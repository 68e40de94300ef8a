"""The CLI commands, run through `app.test_cli_runner()`, and `python -m server`'s banner."""

import sqlite3

from server.__main__ import banner
from server.database.db import get_db
from server.database.migrations import MIGRATIONS
from server.identity import accounts
from server.records import store
from sync.server.schema import get_epoch
from tests.conftest import login_body

SITE_FIELDS = ("office_id", "firm_id", "name", "address", "kind")


def test_init_db_is_idempotent(app):
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "0 migration(s) run now" in result.output
    assert f"schema version {len(MIGRATIONS)}" in result.output


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
    login = login_body("lin.cli", "d", "cli-password")
    response = client.post("/api/v1/auth/token", json=login)
    assert response.get_json()["user"]["office_id"] == world.b.id


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


def stored_sites(app):
    with app.app_context():
        return {site["id"] for site in store.list_all(get_db(), "sites")}


def test_backup_then_restore_brings_the_copy_back_with_a_new_epoch(app, world, tmp_path):
    runner = app.test_cli_runner()
    copy = tmp_path / "backup.sqlite"
    backed_up = runner.invoke(args=["backup", str(copy)])
    assert backed_up.exit_code == 0, backed_up.output
    before = stored_sites(app)
    with app.app_context():
        epoch = get_epoch(get_db())
        site = {k: v for k, v in world.a.site.items() if k in SITE_FIELDS}
        store.create(get_db(), "sites", site, world.admin)
    assert len(stored_sites(app)) == len(before) + 1
    restored = runner.invoke(args=["restore", str(copy), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert stored_sites(app) == before
    with app.app_context():
        assert get_epoch(get_db()) != epoch
    assert "new epoch" in restored.output


def test_restore_refuses_a_file_that_is_not_a_verifield_database(app, world, tmp_path):
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.close()
    before = stored_sites(app)
    result = app.test_cli_runner().invoke(args=["restore", str(other), "--yes"])
    assert result.exit_code != 0 and "not a Verifield database" in result.output
    assert stored_sites(app) == before


def test_purge_expired_reports_how_many_tombstones_went(app, world):
    result = app.test_cli_runner().invoke(args=["purge-expired", "--days", "30"])
    assert result.exit_code == 0 and "Purged 0 deleted record(s)" in result.output
    refused = app.test_cli_runner().invoke(args=["purge-expired", "--days", "0"])
    assert refused.exit_code != 0


def test_create_user_refuses_a_short_password(app, world):
    args = ["create-user", "--username", "short.pw", "--role", "inspector", "--office", "SUAO"]
    result = app.test_cli_runner().invoke(args=[*args, "--password", "seven77"])
    assert result.exit_code != 0 and "at least 8 characters" in result.output
