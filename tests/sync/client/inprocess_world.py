"""A real server half on a sqlite-utils file database, and devices syncing with it in process.

`ServerWorld` holds one office (Keelung) with an admin, a dispatcher and inspectors A and B,
a firm, a site, an instrument and a job assigned to A. `world.device(inspector)` makes a
replica and a `SyncEngine` talking to the server through `InProcessTransport` (wrapped in a
`FaultyTransport` when given a plan). `world.view(actor)` is what a fresh full pull gives
that actor, to compare a device's replica with.
"""

import random
import sqlite3
import uuid
from dataclasses import dataclass

import sqlite_utils

from domain.access import Actor
from domain.records import validate_record
from sync.client.engine import SyncEngine
from sync.client.replica import Replica
from sync.server.blobs import BlobStore
from sync.server.records import write_record
from sync.server.schema import ensure_schema, renew_epoch
from sync.testing.faulty_transport import FaultyTransport
from sync.testing.inprocess_transport import InProcessTransport
from tests.domain import factories as f
from tests.domain.factories import new_id
from tests.sync.server_view import full_pull


def open_server_db(path):
    """The office database (usable from the test's threads, one at a time)."""
    return sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False))


def sphygmo_points(offset=1):
    """A full sphygmomanometer programme, every reading `offset` mmHg off (±3 passes)."""
    return [
        {"name": f"{p}mmHg", "indicated": p + offset, "reference": p}
        for p in (0, 10, 50, 100, 150, 200, 250)
    ]


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


class ServerWorld:
    """The office server's database with a small office in it."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.db = open_server_db(tmp_path / "server.sqlite")
        ensure_schema(self.db)
        self.blobs = BlobStore(self.db, tmp_path / "blobs")
        office = f.make_office()
        self.office_id = office["id"]
        self.admin = Actor(new_id(), "admin", None, new_id())
        self.dispatcher = Actor(new_id(), "dispatcher", self.office_id, new_id())
        self.inspector_a = Actor(new_id(), "inspector", self.office_id)
        self.inspector_b = Actor(new_id(), "inspector", self.office_id)
        self.put("offices", office)
        self.firm = self.put("firms", f.make_firm(office_id=self.office_id))
        self.site = self.put(
            "sites", f.make_site(office_id=self.office_id, firm_id=self.firm["id"])
        )
        self.instrument = self.put("instruments", f.make_sphygmomanometer(site_id=self.site["id"]))
        self.job = self.new_job(self.inspector_a)
        self.devices = 0

    def put(self, collection, data, actor=None):
        """Store a valid record directly (as the admin unless told)."""
        loaded = validate_record(collection, data)
        return write_record(
            self.db, collection, loaded["id"], loaded, actor=actor or self.admin, op="create"
        )

    def edit(self, collection, record_id, fields, actor=None):
        """Update a stored record as someone at the office."""
        return write_record(
            self.db, collection, record_id, fields, actor=actor or self.dispatcher, op="update"
        )

    def new_job(self, inspector):
        """A job at the site with the instrument, assigned to `inspector`."""
        job = self.put(
            "jobs",
            f.make_job(
                office_id=self.office_id,
                site_id=self.site["id"],
                instrument_ids=[self.instrument["id"]],
            ),
        )
        self.assignment = self.put(
            "assignments",
            f.make_assignment(job_id=job["id"], inspector_ids=[inspector.user_id], vehicle_id=None),
            actor=self.dispatcher,
        )
        return job

    def check_fields(self, inspector, **overrides):
        """Fields of a valid draft check of the job (no blobs unless given)."""
        fields = {
            "job_id": self.job["id"],
            "instrument_id": self.instrument["id"],
            "instrument_type": "sphygmomanometer",
            "instrument_params": {},
            "points": sphygmo_points(),
            "photo_hashes": [],
            "signature_hash": None,
            "inspector_id": inspector.user_id,
        }
        data = f.make_check(**{**fields, **overrides})
        data.pop("id")
        return data

    def device(self, inspector, plan=(), *, path=None, **engine_options):
        """A tablet for `inspector` (a new replica unless `path` names one)."""
        self.devices += 1
        path = path or self.tmp_path / f"device-{self.devices}" / "replica.db"
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

    def count(self, collection):
        """How many records of a collection the server holds (tombstones included)."""
        sql = "SELECT count(*) FROM records WHERE collection = ?"
        return self.db.execute(sql, [collection]).fetchone()[0]

    def backup(self):
        """An online backup of the server database (SQLite backup API)."""
        path = self.tmp_path / f"backup-{uuid.uuid4().hex}.sqlite"
        with sqlite3.connect(path) as target:
            self.db.conn.backup(target)
        return path

    def restore(self, path, *, new_epoch=True):
        """Restore the database from a backup; it gets a new epoch, as a restore does
        (`new_epoch=False` rewinds the test's server instead, epoch and all)."""
        with sqlite3.connect(path) as source:
            source.backup(self.db.conn)
        return renew_epoch(self.db) if new_epoch else None
