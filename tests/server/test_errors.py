"""One JSON error shape — `{"code", "status", "message", "errors"}` — for every status."""

import pytest
from werkzeug.exceptions import InternalServerError, NotFound

from server.error_pages import error_page
from server.security_headers import CONTENT_SECURITY_POLICY
from tests.conftest import login_body

SHAPE = {"code", "status", "message", "errors"}


def assert_error(response, code):
    assert response.status_code == code
    assert response.is_json, response.data[:200]
    body = response.get_json()
    assert set(body) == SHAPE
    assert body["code"] == code
    assert body["message"]
    return body


def test_400_malformed_json_says_so(client, auth):
    response = client.post(
        "/api/v1/firms/",
        data="{not json",
        headers={**auth("admin"), "Content-Type": "application/json"},
    )
    body = assert_error(response, 400)
    assert "not valid JSON" in body["message"]


def test_401_without_token(client):
    response = client.get("/api/v1/jobs/")
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_403_wrong_role(client, auth):
    assert_error(client.get("/api/v1/audit/", headers=auth("inspector.a")), 403)


def test_404_unknown_path_is_json(client):
    assert_error(client.get("/api/v1/nothing-here"), 404)


def test_404_unknown_record(client, auth):
    url = "/api/v1/firms/00000000-0000-4000-8000-000000000000"
    assert_error(client.get(url, headers=auth("admin")), 404)


def test_405_wrong_method_names_allowed(client):
    response = client.put("/api/v1/meta/")
    assert_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_409_illegal_transition(client, auth, world):
    job = world.a.job
    response = client.post(
        f"/api/v1/jobs/{job['id']}/transition",
        json={"to": "done"},
        headers={**auth("admin"), "If-Match": '"1"'},
    )
    body = assert_error(response, 409)
    assert "requested" in body["message"] and "done" in body["message"]


def test_412_stale_version(client, auth, world):
    firm = world.a.firm
    response = client.patch(
        f"/api/v1/firms/{firm['id']}",
        json={"name": "新名"},
        headers={**auth("admin"), "If-Match": '"7"'},
    )
    assert_error(response, 412)


def test_413_oversize_body(app, client, auth):
    headers = auth("admin")
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/api/v1/firms/", json={"name": "x" * 5000}, headers=headers)
    assert_error(response, 413)


def test_422_lists_fields(client, auth, world):
    response = client.post(
        "/api/v1/firms/",
        json={"office_id": world.a.id, "tax_id": "12", "name": 5, "bogus": 1},
        headers=auth("admin"),
    )
    body = assert_error(response, 422)
    assert {"tax_id", "name", "bogus"} <= set(body["errors"]["json"])


def test_429_too_many_failed_logins(client, world):
    login = login_body("admin", "d", "wrong")
    for _ in range(5):
        assert_error(client.post("/api/v1/auth/token", json=login), 401)
    response = client.post("/api/v1/auth/token", json=login)
    assert_error(response, 429)
    assert int(response.headers["Retry-After"]) > 0


@pytest.fixture
def crashing_app(app):
    @app.route("/api/v1/test-crash")
    def crash():
        raise RuntimeError("secret stack detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def test_500_is_json_without_stack_trace(crashing_app):
    response = crashing_app.test_client().get("/api/v1/test-crash")
    body = assert_error(response, 500)
    assert "secret stack detail" not in response.get_data(as_text=True)
    assert body["message"] == InternalServerError.description


def test_an_unknown_path_under_the_api_answers_the_json_shape(client):
    assert_error(client.get("/api/v1/no/such/thing"), 404)


def test_an_unknown_page_outside_the_api_answers_html(client):
    response = client.get("/console/<script>nothing")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>404 Not Found</h1>" in page and "<script>" not in page
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_an_html_error_page_escapes_what_it_shows(app):
    error = NotFound(description="<b>gone</b> & away")
    with app.test_request_context("/lookup/x"):
        page, status, headers = error_page(error, {})
    assert status == 404 and "&lt;b&gt;gone&lt;/b&gt; &amp; away" in page
    assert headers["Content-Type"] == "text/html; charset=utf-8"
