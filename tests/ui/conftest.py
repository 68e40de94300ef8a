"""Fixtures of the tablet app's screen tests, which run in a process of their own.

Kivy opens a window as soon as a widget module is imported, so these tests never share a
process with the server's: `make test` runs them in a second pytest process (`VERIFIELD_UI=1
pytest tests/ui`), and tests/conftest.py leaves this folder out otherwise. The window is an
off-screen SDL surface rendered by Mesa, so screenshots are real renderings.
"""

from field_app import ui_environment

ui_environment.headless()

from datetime import date  # noqa: E402

import pytest  # noqa: E402

from server.demo.people import password_of  # noqa: E402
from tests.e2e.conftest import demo_office  # noqa: E402
from tests.ui.harness import Tablet  # noqa: E402


@pytest.fixture
def tablet(tmp_path):
    """`tablet(**app_options)` → a `Tablet` on a fresh data folder; closed after the test."""
    made = []

    def make(**options):
        device = Tablet(tmp_path / "tablet", **options)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()


TODAY = date(2026, 12, 2)


@pytest.fixture
def office(app):
    """The office server with the demo branch (a week around `TODAY`) on a loopback port."""
    with demo_office(app, TODAY) as live:
        yield live


@pytest.fixture
def signed_in(tablet, office):
    """`signed_in(username)` → a tablet signed in to `office` and synced once."""

    def make(username="inspector.chen", **options):
        device = tablet(today=TODAY, **options)
        screen = device.screen
        device.type_into(screen.ids.server_url, office.url)
        device.type_into(screen.ids.username, username)
        device.type_into(screen.ids.password, password_of("inspector"))
        assert screen.submit(background=False), screen.ids.error.text
        status = device.ctx.sync_engine().run()
        assert status.outcome == "ok", status.last_error
        device.show("today")
        return device

    return make
