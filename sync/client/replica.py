"""`Replica`: the tablet's local copy of the records its user may see, with the outbox of edits.

The app reads and writes only here (and runs `sync.client.engine.SyncEngine`, which moves
changes between the replica and the server). Every `save` writes the record and its outbox
mutation in one local transaction, with the mutation id assigned there, so an edit is never
shown without being queued, nor queued without being shown. Unpushed edits stay visible
(`get` shows them) until the server answers. Opening a replica file migrates it to the
app's version (`sync.client.database`), every row kept.

    >>> import tempfile, pathlib
    >>> replica = Replica(pathlib.Path(tempfile.mkdtemp()) / "replica.db")
    >>> rid = "5f0c1a8e-0000-4000-8000-000000000001"
    >>> replica.save("sites", rid, {"name": "Harbour"}, op="create")["name"]
    'Harbour'
    >>> replica.counts()["pending"]
    1
"""

import threading
from pathlib import Path

import orjson

from domain.records import OPS
from sync.client import blobs, meta, notices, outbox, records
from sync.client.database import connect, migrate
from sync.client.meta import ReplicaOfAnotherUser
from sync.transaction import transaction

__all__ = ["Replica", "ReplicaOfAnotherUser"]


class Replica:
    """Local SQLite replica (WAL) at `path`; blobs are stored in `blob_dir` (default: beside it).

    `hook(step)` is called at named steps inside the local transactions of saves and sync;
    tests raise from it to simulate the app being killed there.
    """

    def __init__(self, path, *, blob_dir=None, hook=None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.blob_dir = Path(blob_dir) if blob_dir else self.path.parent / "blobs"
        self.hook = hook or (lambda step: None)
        self._local = threading.local()
        self._connections = []
        self._connections_lock = threading.Lock()
        migrate(self.db)

    @property
    def db(self):
        """This thread's connection (SQLite connections are never shared across threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = connect(self.path)
            with self._connections_lock:
                self._connections.append(db)
        return db

    def close(self):
        """Close every connection this replica opened."""
        with self._connections_lock:
            for db in self._connections:
                db.conn.close()
            self._connections.clear()
        self._local = threading.local()

    @property
    def device_id(self):
        """This device's id, made when the replica was created."""
        return meta.get_meta(self.db, "device_id")

    @property
    def user_id(self):
        """The id of the user this replica belongs to (None until `bind_user`)."""
        return meta.get_meta(self.db, "user_id")

    def meta(self, key, default=None):
        """One of the replica's single values (`sync.client.meta`), e.g. `last_success_at`."""
        return meta.get_meta(self.db, key, default)

    def bind_user(self, user_id):
        """Make the replica `user_id`'s on first use; refuse it to any other user.

        Its device id, outbox and mutation ids are one user's stream on the server: a second
        person sharing the tablet gets a replica of their own (ReplicaOfAnotherUser here).
        """
        with transaction(self.db) as db:
            meta.bind_user(db, user_id)

    def save(self, collection, record_id, fields, *, op="update"):
        """Write a local edit and its outbox mutation in one transaction; return the visible record.

        `create` needs fields of a record not shown yet; `update` sends only `fields` (the
        changed ones) with `base_version` = the version the edit was made on; `delete`
        ignores `fields`. A save on a record with rejected edits carries their fields along.
        Deleting a record the server never accepted sends nothing and returns None.
        """
        if op not in OPS:
            raise ValueError(f"unknown op {op!r}; expected one of {', '.join(OPS)}")
        fields = {k: v for k, v in dict(fields).items() if k not in records.ENVELOPE and k != "id"}
        with transaction(self.db) as db:
            row = records.load_row(db, collection, record_id)
            _check_save(row, collection, record_id, op)
            fields = outbox.fold_rejected(db, collection, record_id, fields)
            fields = {} if op == "delete" else fields
            if row is not None and row["version"] is None and op != "create":
                op, fields = _never_accepted(db, row, op, fields)
            if op is None:  # deleting a record the server never had: nothing to send
                records.rebase(db, collection, record_id)
                return None
            base_version = None if op == "create" else (row["version"] or 1)
            outbox.add_mutation(db, collection, record_id, op, base_version, fields)
            self.hook("save:mutation")
            records.ensure_row(db, collection, record_id)
            records.rebase(db, collection, record_id)
            self.hook("save:record")
        return self.get(collection, record_id)

    def get(self, collection, record_id):
        """The visible copy (pending edits applied) with `version` and `deleted`, or None."""
        return records.visible(self.db, collection, record_id)

    def query(self, collection, *, where=None, include_deleted=False):
        """Visible records of a collection whose fields equal `where` (field → value), by id."""
        return records.query(self.db, collection, where=where, include_deleted=include_deleted)

    def sync_state(self, collection, record_id):
        """What the app shows beside a record: pending edits and the errors of rejected ones."""
        return outbox.record_state(self.db, collection, record_id)

    def sync_badges(self):
        """`{(collection, id): badge}` of every record that is not simply sent: `conflict`
        (an unseen conflict), `rejected` (edits the server refused), `on_device` (edits
        waiting to be sent). A record on the device that is not listed is sent."""
        badges = {}
        for key, states in outbox.unsettled_by_record(self.db).items():
            badges[key] = "rejected" if states["rejected"] else "on_device"
        for key in notices.unseen_conflict_keys(self.db):
            badges[key] = "conflict"
        return badges

    def unsent_records(self):
        """How many records have edits the server has not accepted yet (pending or rejected)."""
        return len(outbox.unsettled_by_record(self.db))

    def children_by_job(self):
        """`{job id: [(collection, id), ...]}`: the live records hanging off each job."""
        return records.children_by_job(self.db)

    def discard_rejected(self, collection, record_id):
        """Give up the rejected edits of a record: it shows the server's copy again."""
        with transaction(self.db) as db:
            outbox.supersede_rejected(db, collection, record_id)
            records.rebase(db, collection, record_id)

    def notices(self, kind=None, *, include_seen=False):
        """Rejected and conflicting mutations and refused blobs, oldest first."""
        return notices.listing(self.db, kind, include_seen=include_seen)

    def dismiss_notice(self, notice_id):
        """Mark a notice as seen by a person."""
        with transaction(self.db) as db:
            notices.dismiss(db, notice_id)

    def counts(self):
        """Pending and rejected mutations and unseen conflict notices."""
        return {**outbox.counts(self.db), "conflicts": notices.unseen_conflicts(self.db)}

    def add_blob(self, content):
        """Store an attachment (bytes, or a file's path) in the blob dir; return its SHA-256."""
        sha256, size = blobs.write_file(self.blob_dir, content)
        with transaction(self.db) as db:
            blobs.add(db, sha256, size)
        return sha256

    def blob_path(self, sha256):
        """Where the bytes of a stored blob are."""
        return self.blob_dir / sha256


def _check_save(row, collection, record_id, op):
    if op == "create" and row is not None and not row["deleted"]:
        raise ValueError(f"{collection}/{record_id} already exists")
    if op != "create" and row is None:
        raise KeyError(f"{collection}/{record_id} is not on this device")


def _never_accepted(db, row, op, fields):
    """An edit of a record the server never accepted (its create was rejected): an update
    becomes a create, a delete needs no mutation — unless the create is still pending,
    which the edit then simply follows."""
    if outbox.has_pending_create(db, row["collection"], row["id"]):
        return op, fields
    if op == "delete":
        return None, {}
    visible = orjson.loads(row["data"])
    visible.pop("id", None)
    return "create", {**visible, **fields}
