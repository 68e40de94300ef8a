"""A real server half on a sqlite-utils file database, and devices syncing with it in process.

`ServerWorld.open(tmp_path)` is the office world of `tests.office_world` (one office with an
admin, a dispatcher and two inspectors; its job is the first inspector's) on a file database
with a blob store. `world.device(inspector)` makes a replica and a `SyncEngine` talking to
the server through `InProcessTransport` (wrapped in a `FaultyTransport` when given a plan).
`world.view(actor)` is what a fresh full pull gives that actor, to compare a device's replica
with; `backup()` and `restore()` rewind the server.
"""

import random
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from domain.access import Actor
from sync.client.engine import SyncEngine
from sync.client.replica import Replica
from sync.server.blobs import BlobStore
from sync.server.schema import ensure_schema, renew_epoch
from sync.testing.faulty_transport import FaultyTransport
from sync.testing.inprocess_transport import InProcessTransport
from tests.office_world import World
from tests.sync.server_view import full_pull


def open_server_db(path):
    """The office database (usable from the test's threads, one at a time)."""
    db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False))
    db.execute("PRAGMA synchronous = OFF")  # the tests never kill the server's process
    return db


@dataclass
class Device:
    """One tablet: its replica, engine, transport and the inspector using it."""

    replica: Replica
    engine: SyncEngine
    transport: object
    actor: Actor

    def records(self):
        """(collection, id) → version of every record on the device."""
        rows = self.replica.db.execute("SELECT collection, id, version FROM records").fetchall()
        return {(c, i): v for c, i, v in rows}


@dataclass
class ServerWorld(World):
    """The office world on a file database, with its blob store and the tablets made for it."""

    root: Path | None = None
    blobs: BlobStore | None = None
    devices: int = 0

    @classmethod
    def open(cls, root, *plans, inspectors=2):
        """The offices of `plans` (one, with two inspectors, by default) in `root`/server.sqlite."""
        db = open_server_db(root / "server.sqlite")
        ensure_schema(db)
        blobs = BlobStore(db, root / "blobs")
        return cls.seed(db, *plans, inspectors=inspectors, root=root, blobs=blobs)

    def device(self, inspector, plan=(), *, path=None, **engine_options):
        """A tablet for `inspector` (a new replica unless `path` names one)."""
        self.devices += 1
        path = path or self.root / f"device-{self.devices}" / "replica.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        replica = Replica(path, hook=engine_options.pop("hook", None))
        actor = Actor(inspector.user_id, inspector.role, inspector.office_id, replica.device_id)
        transport = InProcessTransport(self.db, actor, self.blobs)
        if plan:
            transport = FaultyTransport(transport, plan)
        engine_options.setdefault("sleep", lambda seconds: None)
        engine_options.setdefault("rng", random.Random(3).uniform)
        return Device(replica, SyncEngine(replica, transport, **engine_options), transport, actor)

    def view(self, actor):
        """(collection, id) → version of everything a fresh full pull gives `actor`."""
        return {key: change["version"] for key, change in full_pull(self.db, actor).items()}

    def backup(self):
        """An online backup of the server database (SQLite backup API)."""
        path = self.root / f"backup-{uuid.uuid4().hex}.sqlite"
        with sqlite3.connect(path) as target:
            self.db.conn.backup(target)
        return path

    def restore(self, path, *, new_epoch=True):
        """Restore the database from a backup; it gets a new epoch, as a restore does
        (`new_epoch=False` rewinds the test's server instead, epoch and all)."""
        with sqlite3.connect(path) as source:
            source.backup(self.db.conn)
        return renew_epoch(self.db) if new_epoch else None
