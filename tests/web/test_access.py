"""Logging in to the console, its session cookie, CSRF refusals, log out, languages."""

from server.web.console_sessions import session_digest
from tests.conftest import PASSWORD
from tests.web.conftest import DAY, log_in, token_of


def test_a_page_without_a_session_sends_the_browser_to_log_in(client, world):
    answer = client.get(f"/console/board?day={DAY}")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/console/login?next=/console/board")


def test_the_login_page_is_in_traditional_chinese_by_default_and_switches_to_english(client):
    page = client.get("/console/login").get_data(as_text=True)
    assert "登入" in page and 'lang="zh-Hant-TW"' in page
    client.get("/console/language/en?next=/console/login")
    page = client.get("/console/login").get_data(as_text=True)
    assert "Log in" in page and "登入" not in page and 'lang="en"' in page


def test_a_dispatcher_logs_in_with_a_session_cookie_that_is_httponly_and_lax(client, world):
    answer = log_in(client, "dispatcher.a")
    assert answer.status_code == 302 and answer.headers["Location"] == "/console/board"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = client.get(f"/console/board?day={DAY}")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    login = world.db.execute(
        "SELECT device_id FROM audit_log WHERE action = 'login' AND user_id = ?",
        [world.a.dispatcher.user_id],
    ).fetchone()
    assert login == ("console",)


def test_the_cookie_is_secure_when_configured(tmp_path):
    from server import create_app

    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "v.sqlite"), "CONSOLE_COOKIE_SECURE": True}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_a_wrong_password_is_refused_counted_and_throttled(client, world, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        answer = log_in(client, "dispatcher.a", "wrong")
        assert answer.status_code == 401
        assert "帳號或密碼錯誤" in answer.get_data(as_text=True)
    failed = world.db.execute("SELECT count(*) FROM audit_log WHERE action = 'login_failed'")
    assert failed.fetchone()[0] == app.config["LOGIN_MAX_FAILURES"]
    answer = log_in(client, "dispatcher.a", PASSWORD)
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) >= 1
    assert client.get(f"/console/board?day={DAY}").status_code == 302


def test_an_inspector_gets_no_console_session(client, world):
    answer = log_in(client, "inspector.a")
    assert answer.status_code == 403
    assert "派工台僅供派工員與管理員使用" in answer.get_data(as_text=True)
    assert client.get(f"/console/board?day={DAY}").status_code == 302
    assert world.db.execute("SELECT count(*) FROM console_sessions").fetchone()[0] == 0


def test_an_admin_logs_in_and_picks_an_office(console, world):
    admin = console("admin")
    page = admin.get(f"/console/board?office={world.b.id}&day={DAY}")
    assert page.status_code == 200
    assert world.b.record["name_zh"] in page.get_data(as_text=True)


def test_a_login_without_the_csrf_token_is_refused(client, world):
    client.get("/console/login")
    form = {"username": "dispatcher.a", "password": PASSWORD}
    answer = client.post("/console/login", data=form)
    assert answer.status_code == 400
    assert "security token" in answer.get_data(as_text=True)
    assert world.db.execute("SELECT count(*) FROM console_sessions").fetchone()[0] == 0


def test_every_post_without_the_token_or_with_a_wrong_one_is_refused(console, world):
    dispatcher = console("dispatcher.a")
    job = world.a.job
    paths = [
        "/console/board/plan",
        "/console/board/move",
        "/console/board/lock",
        "/console/due/jobs",
        "/console/conflicts/x",
        "/console/logout",
        f"/console/plans/{job['id']}/apply",
    ]
    before = world.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for path in paths:
        data = {"office": world.a.id, "day": DAY, "job_id": job["id"], "scope": "both"}
        assert dispatcher.client.post(path, data=data).status_code == 400, path
        wrong = {**data, "csrf_token": "not-the-token"}
        assert dispatcher.client.post(path, data=wrong).status_code == 400, path
        headers = {"X-CSRF-Token": "not-the-token", "HX-Request": "true"}
        assert dispatcher.client.post(path, data=data, headers=headers).status_code == 400
    assert world.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert dispatcher.get(f"/console/board?day={DAY}").status_code == 200  # still logged in


def test_the_token_is_renewed_at_login(client, world):
    before = token_of(client.get("/console/login").get_data(as_text=True))
    log_in(client, "dispatcher.a")
    after = token_of(client.get(f"/console/board?day={DAY}").get_data(as_text=True))
    assert before != after


def test_log_out_ends_the_session_even_for_a_copied_cookie(console, world, app):
    dispatcher = console("dispatcher.a")
    copied = dispatcher.client.get_cookie("verifield_console").value
    assert dispatcher.post("/console/logout").status_code == 302
    assert dispatcher.get(f"/console/board?day={DAY}").status_code == 302
    thief = app.test_client()
    thief.set_cookie("verifield_console", copied)
    assert thief.get(f"/console/board?day={DAY}").status_code == 302
    rows = world.db.execute("SELECT session_hash, revoked_at FROM console_sessions").fetchall()
    assert len(rows) == 1 and rows[0][1] is not None
    assert rows[0][0] != copied and len(rows[0][0]) == len(session_digest("x"))


def test_a_disabled_account_loses_its_session(console, world):
    dispatcher = console("dispatcher.a")
    world.db.execute(
        "UPDATE accounts SET active = 0 WHERE user_id = ?", [world.a.dispatcher.user_id]
    )
    world.db.conn.commit()
    assert dispatcher.get(f"/console/board?day={DAY}").status_code == 302


def test_next_never_leads_off_the_console(client, world):
    page = client.get("/console/login").get_data(as_text=True)
    form = {
        "username": "dispatcher.a",
        "password": PASSWORD,
        "csrf_token": token_of(page),
        "next": "https://evil.example/console",
    }
    assert client.post("/console/login", data=form).headers["Location"] == "/console/board"
    answer = client.get("/console/language/en?next=//evil.example/")
    assert answer.headers["Location"] == "/console/board"


def test_an_unknown_page_is_an_html_error(console):
    answer = console("dispatcher.a").get("/console/jobs/no-such-job")
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("text/html")
