"""Console fixtures: a browser-like test client logged in to `/console` (`console(username)`).

`console("dispatcher.a")` logs in through the login form (the CSRF token read from the
page, as a browser sends it) and returns a `Console`: the Flask test client with the session
cookie, the page's token, and `post(path, data)` that sends the token with the form.
"""

import re
from dataclasses import dataclass

import pytest

from tests.conftest import PASSWORD

DAY = "2030-01-01"


def token_of(page):
    """The CSRF token a console page carries."""
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found, "the page carries no CSRF token"
    return found.group(1)


@dataclass
class Console:
    client: object
    token: str

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path, data=None, **kwargs):
        """POST a form with the session's CSRF token."""
        return self.client.post(path, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def htmx(self, path, data=None):
        """POST as htmx does: the token in the header, the answer a fragment."""
        headers = {"HX-Request": "true", "X-CSRF-Token": self.token}
        return self.client.post(path, data=data or {}, headers=headers)


def log_in(client, username, password=PASSWORD):
    """Log in through the form; returns the answer of the POST."""
    page = client.get("/console/login").get_data(as_text=True)
    form = {"username": username, "password": password, "csrf_token": token_of(page)}
    return client.post("/console/login", data=form)


@pytest.fixture
def console(app, world):
    """`console(username)` → a `Console` logged in as that person."""

    def open_console(username):
        client = app.test_client()
        answer = log_in(client, username)
        assert answer.status_code == 302, answer.get_data(as_text=True)
        board = client.get(f"/console/board?day={DAY}").get_data(as_text=True)
        return Console(client, token_of(board))

    return open_console
