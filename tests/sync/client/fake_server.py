"""`FakeServer`: a small in-memory server implementing the client's transport interface.

It follows SYNC-PROTOCOL where the client can tell: gapless per-device mutation ids with stored
results (duplicates answered with the first result, gaps with `retry`), per-field conflicts on
a stale base (the server's value stands), a change log paged by sequence with `removed`, an
epoch that a restore renews (a cursor of another epoch or below the retention floor is `410`),
and tus-style blobs. One device's view only: buckets are reduced to a set of hidden records.
"""

import copy
import hashlib
import uuid

from sync.client.transport import CursorGone, SyncRefused, Transport


class FakeServer(Transport):
    """Server state plus the four transport calls."""

    def __init__(self):
        self.epoch = str(uuid.uuid4())
        self.records = {}  # (collection, id) -> {"data", "version", "deleted"}
        self.fields = {}  # (collection, id) -> {field: (version, writer)}
        self.log = {}  # (collection, id) -> (seq, op)
        self.seq = 0
        self.floor = 0
        self.devices = {}  # device_id -> last_mutation_id
        self.results = {}  # (device_id, mutation_id) -> result
        self.hidden = set()
        self.blobs = {}  # sha256 -> bytearray
        self.complete = set()
        self.reject = lambda mutation: None  # -> error dict to reject a mutation
        self.busy = 0  # answer `retry` to this many pushes
        self.applied = []  # (device_id, mutation_id) in the order they took effect
        self.pushes = []

    # --- writes -------------------------------------------------------------------------

    def write(self, collection, record_id, fields, *, writer="office", op="update"):
        """Write as another writer (or the device, through `push`); returns the record."""
        key = (collection, record_id)
        current = self.records.get(key)
        data = {} if op == "create" or current is None else dict(current["data"])
        data.update(fields, id=record_id)
        version = 1 if current is None else current["version"] + 1
        self.records[key] = {"data": data, "version": version, "deleted": op == "delete"}
        history = self.fields.setdefault(key, {})
        history.update(dict.fromkeys(fields, (version, writer)))
        self._emit(key, "put")
        return self.record(collection, record_id)

    def record(self, collection, record_id):
        """A stored record with its envelope, as results carry it."""
        stored = self.records[(collection, record_id)]
        envelope = {"version": stored["version"], "deleted": stored["deleted"]}
        return {**copy.deepcopy(stored["data"]), **envelope, "updated_seq": self.seq}

    def hide(self, collection, record_id):
        """The record leaves the device's buckets: it pulls `removed`."""
        self.hidden.add((collection, record_id))
        self._emit((collection, record_id), "removed")

    def show(self, collection, record_id):
        """The record enters the device's buckets again."""
        self.hidden.discard((collection, record_id))
        self._emit((collection, record_id), "put")

    def _emit(self, key, op):
        self.seq += 1
        if key in self.hidden and op == "put":
            return
        self.log[key] = (self.seq, op)

    # --- backup and restore -------------------------------------------------------------

    def snapshot(self):
        """Everything a backup would hold."""
        names = ("records", "fields", "log", "seq", "devices", "results", "hidden", "applied")
        return copy.deepcopy({name: getattr(self, name) for name in names})

    def restore(self, snapshot):
        """Go back to a backup: state as it was then, and a new epoch."""
        for name, value in copy.deepcopy(snapshot).items():
            setattr(self, name, value)
        self.epoch = str(uuid.uuid4())

    # --- transport ----------------------------------------------------------------------

    def push(self, body):
        """Apply mutations exactly once, in order (SYNC-PROTOCOL §2)."""
        self.pushes.append(copy.deepcopy(body))
        device, results = body["device_id"], []
        for index, mutation in enumerate(body["mutations"]):
            last = self.devices.get(device, 0)
            mutation_id = mutation["mutation_id"]
            if mutation_id <= last:
                results.append(self.results[(device, mutation_id)])
            elif mutation_id > last + 1 or self.busy:
                results.extend(self._retry(m) for m in body["mutations"][index:])
                break
            else:
                self.results[(device, mutation_id)] = self._apply(device, mutation)
                self.devices[device] = mutation_id
                self.applied.append((device, mutation_id))
                results.append(self.results[(device, mutation_id)])
        self.busy = max(0, self.busy - 1)
        answer = {"epoch": self.epoch, "last_mutation_id": self.devices.get(device, 0)}
        return copy.deepcopy({**answer, "results": results})

    def _retry(self, mutation):
        return {"mutation_id": mutation["mutation_id"], "status": "retry"}

    def _apply(self, device, m):
        key, mutation_id = (m["collection"], m["record_id"]), m["mutation_id"]
        error = self.reject(m)
        live = key in self.records and not self.records[key]["deleted"]
        if error is None and m["op"] != "create" and not live:
            error = {"code": "missing", "message": "no such record"}
        if error is not None:
            return {"mutation_id": mutation_id, "status": "rejected", "error": error}
        op, base = ("update", 1) if m["op"] == "create" and live else (m["op"], m["base_version"])
        fields, status = dict(m["fields"]), "applied"
        if op == "update" and base is not None and base < self.records[key]["version"]:
            status, fields = self._judge(key, base, device, fields)
        self.write(*key, fields, writer=device, op=op)
        return {"mutation_id": mutation_id, "status": status, "record": self.record(*key)}

    def _judge(self, key, base, device, fields):
        history = self.fields.get(key, {})
        contested = {f for f in fields if f in history and history[f][0] > base}
        contested = {f for f in contested if history[f][1] != device}
        kept = {f: v for f, v in fields.items() if f not in contested}
        return ("conflict" if contested else "merged"), kept

    def pull(self, cursor, limit):
        """One page of the change log after the cursor (SYNC-PROTOCOL §3)."""
        epoch, _, seq = (cursor or f"{self.epoch}:0").partition(":")
        if cursor and (epoch != self.epoch or int(seq) < self.floor):
            raise CursorGone("cursor gone")
        after = sorted((s, op, key) for key, (s, op) in self.log.items() if s > int(seq))
        page, rest = after[: limit or 100], after[limit or 100 :]
        changes = [self._change(key, op) for _, op, key in page]
        last = page[-1][0] if page else int(seq)
        return copy.deepcopy(
            {
                "epoch": self.epoch,
                "cursor": f"{self.epoch}:{last}",
                "has_more": bool(rest),
                "remaining": len(rest),
                "changes": changes,
            }
        )

    def _change(self, key, op):
        collection, record_id = key
        if op == "removed":
            return {"collection": collection, "id": record_id, "removed": True}
        stored = self.records[key]
        return {
            "collection": collection,
            "id": record_id,
            "version": stored["version"],
            "deleted": stored["deleted"],
            "data": stored["data"],
        }

    def blob_status(self, sha256):
        """`(complete, offset)` of a blob."""
        if sha256 in self.complete:
            return True, len(self.blobs[sha256])
        return False, len(self.blobs.get(sha256, b""))

    def blob_append(self, sha256, offset, total, data):
        """Append at the held offset; check the hash once complete."""
        held = self.blobs.setdefault(sha256, bytearray())
        if sha256 in self.complete:
            return len(held)
        if offset != len(held):
            return len(held)  # 409: the caller continues from what is held
        held.extend(data)
        if len(held) >= total:
            if hashlib.sha256(held).hexdigest() != sha256:
                del self.blobs[sha256]
                raise SyncRefused(422, {"message": "hash mismatch"})
            self.complete.add(sha256)
        return len(held)
