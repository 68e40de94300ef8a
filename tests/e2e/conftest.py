"""End-to-end fixtures: the real office server on a loopback port, and tablets syncing with it.

`live_server` serves the `app` of tests/conftest.py (with its `world`) through
`server.serving.make_http_server` — Waitress, keep-alive, TCP_NODELAY — and yields a `Live`
holding the base URL and the app. `tablet(username)` logs a user in over HTTP
(`POST /api/v1/auth/token`, a real bearer token bound to the replica's device id) and builds a
`Replica` in tmp_path with a `SyncEngine` on an `HttpTransport` whose `requests` session is a
`TapSession`: it logs every exchange as it went on the wire and runs planned interceptions
(lose an answer, cut an upload, hold a request, act after one).
"""

import contextlib
import itertools
import sqlite3
import threading
from dataclasses import dataclass, field

import pytest
import requests

from domain.access import Actor
from server.database.db import connect, get_db
from server.demo import load_demo
from server.serving import make_http_server
from sync.client.engine import SyncEngine
from sync.client.http_transport import HttpTransport
from sync.client.replica import Replica
from tests.conftest import PASSWORD, login_body
from tests.e2e.wire import TapSession
from tests.sync.client.doubles import PassThrough
from tests.sync.server_view import full_pull

TIMEOUT = 10


@dataclass
class Live:
    """A running server: its base URL and the Flask app behind it."""

    url: str
    app: object

    def db(self):
        """A fresh connection to the server's database (close it when done)."""
        return connect(self.app.config["DATABASE"])

    @contextlib.contextmanager
    def database(self):
        """The server's database for the duration of a `with` block."""
        db = self.db()
        try:
            yield db
        finally:
            db.close()

    def count(self, collection):
        """How many records of a collection the server holds (tombstones included)."""
        with self.database() as db:
            sql = "SELECT count(*) FROM records WHERE collection = ?"
            return db.execute(sql, [collection]).fetchone()[0]

    def scalar(self, sql, params=()):
        """The first column of the first row of a query on the server's database."""
        with self.database() as db:
            return db.execute(sql, list(params)).fetchone()[0]


@contextlib.contextmanager
def demo_office(app, today):
    """The demo branch (a week around `today`) loaded into `app`, served as by `serving`."""
    with app.app_context():
        load_demo(get_db(), today=today)
    with serving(app) as live:
        yield live


@contextlib.contextmanager
def serving(app):
    """Serve `app` on a free loopback port until the block ends; yields a `Live`."""
    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live_server(app, world):
    """The app with its small world, served over real HTTP on loopback."""
    with serving(app) as live:
        yield live


def log_in(base_url, username, device_id, password=PASSWORD):
    """`POST /api/v1/auth/token` over HTTP; returns the login answer (token, user)."""
    body = login_body(username, device_id, password)
    response = requests.post(f"{base_url}/api/v1/auth/token", json=body, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    return response.json()


class Api:
    """The REST API as one logged-in person at the office (dispatcher or admin) uses it."""

    def __init__(self, base_url, username, password=PASSWORD):
        self.base_url = base_url
        login = log_in(base_url, username, f"pc-{username}", password)
        self.user = login["user"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {login['token']}"

    def call(self, method, path, expect=200, **kwargs):
        """Send one request; assert its status; return the JSON answer (or None)."""
        response = self.session.request(method, self.base_url + path, timeout=TIMEOUT, **kwargs)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, json, expect=200):
        """POST; a job transition names the job's current version (If-Match) as a change must."""
        record_path = path.removesuffix("/transition")
        headers = self.if_match(record_path) if record_path != path else {}
        return self.call("POST", path, expect=expect, json=json, headers=headers)

    def patch(self, path, json, expect=200):
        """PATCH with the If-Match of the record's current version, read just before."""
        return self.call("PATCH", path, expect=expect, json=json, headers=self.if_match(path))

    def if_match(self, record_path):
        """The If-Match header of a record's current version."""
        return {"If-Match": f'"{self.get(record_path)["version"]}"'}


@pytest.fixture
def api(live_server):
    """`api(username)` → an `Api` logged in over HTTP."""
    return lambda username, password=PASSWORD: Api(live_server.url, username, password)


@dataclass
class Tablet:
    """One inspector's (or dispatcher's) device: replica, engine, HTTP transport, wire log."""

    replica: Replica
    engine: SyncEngine
    transport: HttpTransport
    session: TapSession
    user: dict
    token: str
    pushes: list = field(default_factory=list)  # (body, answer) of every answered push

    @property
    def actor(self):
        """The server-side Actor of this device's token."""
        user = self.user
        return Actor(user["id"], user["role"], user["office_id"], self.replica.device_id)

    def records(self):
        """(collection, id) → version of every record on the device."""
        rows = self.replica.db.execute("SELECT collection, id, version FROM records").fetchall()
        return {(c, i): v for c, i, v in rows}

    def log_in_again(self, base_url, password=PASSWORD):
        """A new token for the same device (after a revocation); the engine keeps its replica."""
        login = log_in(base_url, self.user["username"], self.replica.device_id, password)
        self.token = login["token"]
        self.transport.headers["Authorization"] = f"Bearer {self.token}"


class AnswerLog(PassThrough):
    """Passes every call to the HTTP transport and keeps each push's (body, answer)."""

    def __init__(self, inner, pushes):
        super().__init__(inner)
        self.pushes = pushes

    def push(self, body):
        answer = self.inner.push(body)
        self.pushes.append((body, answer))
        return answer


def make_tablet(base_url, directory, username, password=PASSWORD, **options):
    """Log `username` in on a new replica in `directory`; returns a `Tablet`."""
    schema_version = options.pop("schema_version", 1)
    replica = Replica(directory / "replica.db")
    login = log_in(base_url, username, replica.device_id, password)
    replica.bind_user(login["user"]["id"])
    session = TapSession()
    transport = HttpTransport(
        base_url, login["token"], session=session, schema_version=schema_version, timeout=TIMEOUT
    )
    options.setdefault("sleep", lambda seconds: None)
    pushes = []
    engine = SyncEngine(replica, AnswerLog(transport, pushes), **options)
    return Tablet(replica, engine, transport, session, login["user"], login["token"], pushes)


@pytest.fixture
def tablet(live_server, tmp_path):
    """`tablet(username, **engine_options)` → a logged-in `Tablet` syncing over HTTP."""
    numbers = itertools.count(1)
    made = []

    def make(username, password=PASSWORD, **options):
        directory = tmp_path / "tablets" / f"{username}-{next(numbers)}"
        device = make_tablet(live_server.url, directory, username, password, **options)
        made.append(device)
        return device

    yield make
    for device in made:
        device.replica.close()
        device.session.close()


def server_view(live, actor):
    """(collection, id) → version of everything a fresh full pull gives `actor` (in process)."""
    return {key: change["version"] for key, change in server_changes(live, actor).items()}


def server_changes(live, actor):
    """(collection, id) → the change a fresh full pull from cursor None gives `actor`."""
    with live.database() as db:
        return full_pull(db, actor, limit=5000)


def copy_database(source_path, target_path):
    """Copy one SQLite database onto another with the online backup API."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    with contextlib.closing(source), contextlib.closing(target):
        source.backup(target)
    return target_path


def backup_database(live, target):
    """An online backup of the server's database at `target`."""
    return copy_database(live.app.config["DATABASE"], target)


def restore_database(live, backup):
    """Copy a backup back into place (between requests); the epoch is renewed separately."""
    copy_database(backup, live.app.config["DATABASE"])


def draft_check(world, username="inspector.a", office="a", **overrides):
    """Fields of a draft fuel-dispenser check of an office's job, as a tablet saves them."""
    notes = "Nozzle 3 drips slightly; seal intact. " * 20  # > 1 KiB: compressed on the wire
    fields = {"recorded_at": "2030-01-01T10:00:00+08:00", "notes": notes, **overrides}
    return world.check(world.office(office).job, world.person(username), **fields)
