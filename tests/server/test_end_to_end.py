"""The real server on a loopback port (`server.serving`), driven with `requests`."""

import threading

import pytest
import requests

from server.serving import make_http_server
from tests.conftest import login_body


@pytest.fixture
def live_url(app, world):
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_login_and_list_over_http(live_url, world):
    login = login_body("dispatcher.a", "pc-1")
    response = requests.post(f"{live_url}/api/v1/auth/token", json=login, timeout=10)
    assert response.status_code == 201
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    jobs = requests.get(f"{live_url}/api/v1/jobs/", headers=headers, timeout=10)
    assert jobs.status_code == 200 and len(jobs.json()) == 2
    assert "X-Pagination" in jobs.headers
    missing = requests.get(f"{live_url}/api/v1/nope", timeout=10)
    assert missing.status_code == 404 and missing.json()["code"] == 404


def test_a_body_over_the_limit_is_refused_and_the_server_goes_on(live_url, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    url = f"{live_url}/api/v1/auth/token"
    json_body = {"Content-Type": "application/json"}
    over = requests.post(url, data=b"x" * (limit + 1), headers=json_body, timeout=30)
    assert over.status_code == 413 and over.json()["code"] == 413  # Flask: the JSON shape
    far_over = requests.post(url, data=b"x" * (2 * limit + 1), headers=json_body, timeout=30)
    assert far_over.status_code == 413  # Waitress, before buffering it
    assert requests.get(f"{live_url}/api/v1/nope", timeout=10).status_code == 404
