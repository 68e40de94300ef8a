"""Fixtures of the notices tests: a real SMTP server on loopback, the app sending to it.

`sink` is a running `tests.notices.smtp_sink.Sink`; `app` (overriding tests/conftest.py's)
is the office server on a temp database with its notices relay set to the sink, short
retry delays and its SMS log in tmp_path; `worker` is a `NoticeWorker` of that app.
"""

import pytest

from server import create_app
from server.notices.running import build_worker
from tests.notices.smtp_sink import smtp_sink


@pytest.fixture
def sink():
    with smtp_sink() as running:
        yield running


def notice_config(tmp_path, port, **overrides):
    """The test config of an app whose notices go to an SMTP server on `port`."""
    return {
        "TESTING": True,
        "DATABASE": str(tmp_path / "verifield.sqlite"),
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        "NOTICES_SMTP_HOST": "127.0.0.1",
        "NOTICES_SMTP_PORT": port,
        "NOTICES_SMTP_TIMEOUT": 5,
        "NOTICES_MAIL_FROM": "Verifield <notices@keelung.example.org>",
        "NOTICES_SMS_LOG": str(tmp_path / "sms.jsonl"),
        "NOTICES_PUBLIC_URL": "https://office.example.org",
        "NOTICES_RETRY_BASE_SECONDS": 0.0,
        "NOTICES_MAX_ATTEMPTS": 5,
        **overrides,
    }


@pytest.fixture
def app(tmp_path, sink):
    return create_app(notice_config(tmp_path, sink.port))


@pytest.fixture
def worker(app):
    built = build_worker(app, scans=False)
    yield built
    built.close()
    built.db.close()
