"""`Replica`: the tablet's local copy of the records its user may see, with the outbox of edits.

The app reads and writes only here; the sync engine moves changes between it and the server.
Every `save` writes the record and its outbox mutation in one local transaction, with the
mutation id assigned there, so an edit is never shown without being queued, nor queued without
being shown. Unpushed edits stay visible (`get` shows them) until the server answers.

    >>> import tempfile, pathlib
    >>> replica = Replica(pathlib.Path(tempfile.mkdtemp()) / "replica.db")
    >>> rid = "5f0c1a8e-0000-4000-8000-000000000001"
    >>> replica.save("sites", rid, {"name": "Harbour"}, op="create")["name"]
    'Harbour'
    >>> replica.counts()["pending"]
    1
"""

import hashlib
import os
import tempfile
import threading
from pathlib import Path

import orjson

from sync.client.local_records import ENVELOPE, ensure_row, load_row, rebase
from sync.client.outbox import add_mutation, fold_rejected
from sync.client.replica_schema import connect, ensure_schema, get_meta, set_meta, transaction
from sync.client.replica_sync import SyncSide

OPS = ("create", "update", "delete")
CHUNK = 1 << 20


class ReplicaOfAnotherUser(Exception):
    """The replica belongs to another user: each user of a tablet has a replica of their own."""


class Replica(SyncSide):
    """Local SQLite replica (WAL) at `path`; blobs are stored in `blob_dir` (default: beside it).

    `hook(step)` is called at named steps inside the sync transactions; tests raise from it
    to simulate the app being killed there.
    """

    def __init__(self, path, *, blob_dir=None, hook=None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.blob_dir = Path(blob_dir) if blob_dir else self.path.parent / "blobs"
        self.hook = hook or (lambda step: None)
        self._local = threading.local()
        self._connections = []
        self._connections_lock = threading.Lock()
        ensure_schema(self.db)

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
        return get_meta(self.db, "device_id")

    @property
    def user_id(self):
        """The id of the user this replica belongs to (None until `bind_user`)."""
        return get_meta(self.db, "user_id")

    def bind_user(self, user_id):
        """Make the replica `user_id`'s on first use; refuse it to any other user.

        Its device id, outbox and mutation ids are one user's stream on the server: a second
        person sharing the tablet gets a replica of their own (ReplicaOfAnotherUser here).
        """
        with transaction(self.db) as db:
            owner = get_meta(db, "user_id")
            if owner is None:
                set_meta(db, "user_id", user_id)
            elif owner != user_id:
                raise ReplicaOfAnotherUser(
                    f"This replica belongs to user {owner}, not {user_id}: "
                    "open the replica of the user who logged in."
                )

    def save(self, collection, record_id, fields, *, op="update"):
        """Write a local edit and its outbox mutation in one transaction; return the visible record.

        `create` needs fields of a record not shown yet; `update` sends only `fields` (the
        changed ones) with `base_version` = the version the edit was made on; `delete`
        ignores `fields`. A save on a record with rejected edits carries their fields along.
        Deleting a record the server never accepted sends nothing and returns None.
        """
        if op not in OPS:
            raise ValueError(f"unknown op {op!r}; expected one of {', '.join(OPS)}")
        fields = {k: v for k, v in dict(fields).items() if k not in ENVELOPE and k != "id"}
        with transaction(self.db) as db:
            row = load_row(db, collection, record_id)
            self._check_save(row, collection, record_id, op)
            fields = fold_rejected(db, collection, record_id, fields)
            fields = {} if op == "delete" else fields
            if row is not None and row["version"] is None and op != "create":
                op, fields = self._never_accepted(db, collection, record_id, op, fields)
            if op is None:  # deleting a record the server never had: nothing to send
                rebase(db, collection, record_id)
                return None
            base_version = None if op == "create" else (row["version"] or 1)
            add_mutation(db, collection, record_id, op, base_version, fields)
            self.hook("save:mutation")
            ensure_row(db, collection, record_id)
            rebase(db, collection, record_id)
            self.hook("save:record")
        return self.get(collection, record_id)

    @staticmethod
    def _check_save(row, collection, record_id, op):
        if op == "create" and row is not None and not row["deleted"]:
            raise ValueError(f"{collection}/{record_id} already exists")
        if op != "create" and row is None:
            raise KeyError(f"{collection}/{record_id} is not on this device")

    @staticmethod
    def _never_accepted(db, collection, record_id, op, fields):
        """An edit of a record the server never accepted (its create was rejected): an update
        becomes a create, a delete needs no mutation — unless the create is still pending,
        which the edit then simply follows."""
        pending_create = db.execute(
            "SELECT 1 FROM outbox WHERE collection = ? AND record_id = ? AND op = 'create' "
            "AND state = 'pending'",
            [collection, record_id],
        ).fetchone()
        if pending_create:
            return op, fields
        if op == "delete":
            return None, {}
        visible = orjson.loads(load_row(db, collection, record_id)["data"])
        visible.pop("id", None)
        return "create", {**visible, **fields}

    def get(self, collection, record_id):
        """The visible copy (pending edits applied) with `version` and `deleted`, or None."""
        row = load_row(self.db, collection, record_id)
        if row is None:
            return None
        deleted = bool(row["deleted"])
        return {**orjson.loads(row["data"]), "version": row["version"], "deleted": deleted}

    def query(self, collection, *, where=None, include_deleted=False):
        """Visible records of a collection whose fields equal `where` (field → value), by id."""
        clauses, params = ["collection = ?"], [collection]
        if not include_deleted:
            clauses.append("deleted = 0")
        for field, value in (where or {}).items():
            if not field.isidentifier():
                raise ValueError(f"not a field name: {field!r}")
            clauses.append(f"json_extract(data, '$.{field}') = ?")
            params.append(value)
        rows = self.db.execute(
            f"SELECT data, version, deleted FROM records WHERE {' AND '.join(clauses)} ORDER BY id",
            params,
        ).fetchall()
        return [{**orjson.loads(d), "version": v, "deleted": bool(x)} for d, v, x in rows]

    def sync_state(self, collection, record_id):
        """What the app shows beside a record: pending edits and the errors of rejected ones."""
        rows = self.db.execute(
            "SELECT state, error FROM outbox WHERE collection = ? AND record_id = ? "
            "AND state IN ('pending', 'rejected') ORDER BY mutation_id",
            [collection, record_id],
        ).fetchall()
        return {
            "pending": sum(1 for state, _ in rows if state == "pending"),
            "errors": [
                orjson.loads(error) for state, error in rows if state == "rejected" and error
            ],
        }

    def discard_rejected(self, collection, record_id):
        """Give up the rejected edits of a record: it shows the server's copy again."""
        with transaction(self.db) as db:
            db.execute(
                "UPDATE outbox SET state = 'superseded' WHERE collection = ? AND record_id = ? "
                "AND state = 'rejected'",
                [collection, record_id],
            )
            rebase(db, collection, record_id)

    def notices(self, kind=None, *, include_seen=False):
        """Rejected and conflicting mutations and refused blobs, oldest first."""
        clauses = ["1 = 1" if include_seen else "seen = 0"]
        params = []
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        cursor = self.db.execute(
            f"SELECT * FROM notices WHERE {' AND '.join(clauses)} ORDER BY id", params
        )
        names = [c[0] for c in cursor.description]
        notices = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return [{**n, "detail": orjson.loads(n["detail"])} for n in notices]

    def dismiss_notice(self, notice_id):
        """Mark a notice as seen by a person."""
        with transaction(self.db) as db:
            db.execute("UPDATE notices SET seen = 1 WHERE id = ?", [notice_id])

    def counts(self):
        """Pending and rejected mutations and unseen conflict notices."""
        db = self.db
        pending, rejected = db.execute(
            "SELECT count(*) FILTER (WHERE state = 'pending'), "
            "count(*) FILTER (WHERE state = 'rejected') FROM outbox"
        ).fetchone()
        conflicts = db.execute(
            "SELECT count(*) FROM notices WHERE kind = 'conflict' AND seen = 0"
        ).fetchone()[0]
        return {"pending": pending, "rejected": rejected, "conflicts": conflicts}

    def add_blob(self, content):
        """Store an attachment (bytes, or a file's path) in the blob dir; return its SHA-256."""
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, temp = tempfile.mkstemp(dir=self.blob_dir, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(content):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        sha256 = digest.hexdigest()
        os.replace(temp, self.blob_path(sha256))
        with transaction(self.db) as db:
            db.execute(
                "INSERT OR IGNORE INTO blobs (sha256, path, size) VALUES (?, ?, ?)",
                [sha256, sha256, size],
            )
        return sha256

    def blob_path(self, sha256):
        """Where the bytes of a stored blob are."""
        return self.blob_dir / sha256


def _chunks(content):
    if isinstance(content, bytes | bytearray | memoryview):
        yield bytes(content)
        return
    with open(content, "rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk
