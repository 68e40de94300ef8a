"""The app factory, configuration, database set-up, the OpenAPI document and the docs page."""

import json
import re

from server import create_app
from server.database.db import ConnectionPool, get_db
from server.database.migrations import MIGRATIONS, applied, migrate


def test_factory_takes_test_config(app):
    assert app.testing
    assert app.config["ARGON2_TIME_COST"] == 1


def test_factory_reads_flask_prefixed_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DATABASE", str(tmp_path / "env.sqlite"))
    monkeypatch.setenv("FLASK_TOKEN_TTL_SECONDS", "60")
    app = create_app()
    assert app.config["DATABASE"] == str(tmp_path / "env.sqlite")
    assert app.config["TOKEN_TTL_SECONDS"] == 60
    assert (tmp_path / "env.sqlite").exists()


def test_database_is_in_wal_mode_and_migrated(app):
    with app.app_context():
        db = get_db()
        assert db.journal_mode == "wal"
        assert applied(db) == set(range(1, len(MIGRATIONS) + 1))
        assert {"accounts", "tokens", "login_attempts", "audit_log", "records"} <= set(
            db.table_names()
        )


def test_migrations_run_once(app):
    with app.app_context():
        assert migrate(get_db()) == []


def test_a_connection_is_lent_to_one_app_context_at_a_time(app):
    with app.app_context():
        first = get_db()
        assert get_db() is first
        with app.app_context():
            assert get_db() is not first  # overlapping contexts never share one
    with app.app_context():
        assert get_db() is first  # given back at teardown, its cache still warm


def test_a_transaction_left_open_is_rolled_back_before_the_connection_is_lent_again(app):
    with app.app_context():
        db = get_db()
        db.conn.execute("BEGIN IMMEDIATE")
        db.conn.execute("INSERT INTO meta (key, value) VALUES ('left-open', 'x')")
    with app.app_context():
        assert get_db() is db and not db.conn.in_transaction
        assert db.execute("SELECT count(*) FROM meta WHERE key = 'left-open'").fetchone()[0] == 0


def test_the_pool_keeps_only_so_many_idle_connections(tmp_path):
    pool = ConnectionPool(tmp_path / "pool.sqlite", size=2)
    lent = [pool.take() for _ in range(4)]
    for db in lent:
        pool.give_back(db)
    assert pool.idle.qsize() == 2
    pool.close()
    assert pool.idle.qsize() == 0


def test_meta_exposes_epoch_and_limits(client):
    body = client.get("/api/v1/meta/").get_json()
    assert len(body["epoch"]) == 36
    assert body["max_page_size"] == 200
    assert body["max_content_length"] > 0


def test_epoch_is_stable_across_restarts(app):
    first = app.test_client().get("/api/v1/meta/").get_json()["epoch"]
    again = create_app({"DATABASE": app.config["DATABASE"], "TESTING": True})
    assert again.test_client().get("/api/v1/meta/").get_json()["epoch"] == first


def test_openapi_document_has_a_summary_on_every_operation(client):
    spec = client.get("/openapi.json").get_json()
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "patch", "put", "delete")
    ]
    assert len(operations) > 25
    assert all(op.get("summary") for _, _, op in operations), [
        (p, m) for p, m, op in operations if not op.get("summary")
    ]
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_secured_operations_name_their_roles(client):
    spec = client.get("/openapi.json").get_json()
    revoke = spec["paths"]["/api/v1/devices/{device_id}/revoke"]["post"]
    assert revoke["x-roles"] == ["admin"]
    assert revoke["security"] == [{"bearerAuth": []}]


def test_docs_page_lists_operations_without_external_scripts(client):
    response = client.get("/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "/api/v1/jobs/{job_id}/transition" in page
    assert "Move a job to another status" in page
    assert "<script" not in page


def test_every_schema_reference_in_the_openapi_document_resolves(client):
    spec = client.get("/openapi.json").get_json()
    referenced = set(re.findall(r"#/components/schemas/(\w+)", json.dumps(spec)))
    assert referenced and referenced <= set(spec["components"]["schemas"])
    assert {"PushRequest", "PushAnswer", "PullAnswer"} <= referenced


def test_root_leads_to_the_docs_page(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/docs")
    assert "HEAD" in client.get("/docs").get_data(as_text=True)
