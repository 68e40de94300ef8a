"""Over real HTTP (Waitress on loopback): bodies past either cap, and the security headers.

A body a little over `MAX_CONTENT_LENGTH` reaches Flask, which refuses it; one past
Waitress's own cap (`server.serving.body_limit`) is refused by Waitress from its
`Content-Length` before a byte of it is read. Both answer 413 in the one JSON error shape.
"""

import json
import socket
from urllib.parse import urlsplit

import requests

from server.serving import body_limit
from tests.e2e.conftest import TIMEOUT

SHAPE = {"code", "status", "message", "errors"}
JSON = {"Content-Type": "application/json"}


def raw_exchange(base_url, request_head):
    """Send a request head (no body) on a fresh connection; return the status line, headers
    and body of the answer (read until the server closes)."""
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=TIMEOUT) as sock:
        sock.sendall(request_head.encode("ascii"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return status, {k.lower(): v for k, v in headers.items()}, body


def test_a_body_a_little_over_the_app_limit_is_413_json(live_server):
    limit = live_server.app.config["MAX_CONTENT_LENGTH"]
    url = f"{live_server.url}/api/v1/auth/token"
    response = requests.post(url, data=b"x" * (limit + 1), headers=JSON, timeout=TIMEOUT)
    assert response.status_code == 413
    assert set(response.json()) == SHAPE


def test_a_body_past_the_server_cap_is_413_json_before_it_is_read(live_server):
    declared = body_limit(live_server.app) + 1
    head = (
        "POST /api/v1/firms/ HTTP/1.1\r\nHost: localhost\r\n"
        f"Content-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
    )
    status, headers, body = raw_exchange(live_server.url, head)
    assert status.split()[1] == "413"
    assert headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    error = json.loads(body)
    assert set(error) == SHAPE and error["code"] == 413 and "larger" in error["message"]
    assert requests.get(f"{live_server.url}/api/v1/meta/", timeout=TIMEOUT).status_code == 200


def test_a_malformed_request_is_400_json(live_server):
    status, headers, body = raw_exchange(live_server.url, "GET / HTTP/1.1\r\nbad header\r\n\r\n")
    assert status.split()[1] == "400"
    assert set(json.loads(body)) == SHAPE


def test_pages_and_answers_carry_the_security_headers(live_server):
    page = requests.get(f"{live_server.url}/docs", timeout=TIMEOUT)
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    answer = requests.get(f"{live_server.url}/api/v1/meta/", timeout=TIMEOUT)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
