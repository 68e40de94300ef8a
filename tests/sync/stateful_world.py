"""A real office server and several tablets for the stateful sync test (SYNC-PROTOCOL §7.11).

`StatefulWorld.open(root)` is the in-process office server of `tests.sync.client.inprocess_world`
(the office world of `tests.office_world` on a file database) with three inspectors, a second
site with an instrument of its own, and jobs assigned across the inspectors. Its tablets are real
`Replica` + `SyncEngine` pairs talking to the server through `InProcessTransport`, wrapped in
a `Recorder` (which keeps the ledger of what the server acknowledged, even when the answer is
then lost on the way back) and, per run, a `FaultyTransport`.

`problems(world)` is the invariant checker: it returns a list of human-readable problems
(empty when the world is sound), so a test can assert on it either way.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from domain.access import Actor
from sync.client.engine import SyncEngine
from sync.client.records import SERVER_TEXT
from sync.client.replica import Replica
from sync.server.records import get_record
from sync.server.schema import get_epoch
from sync.testing.faulty_transport import FaultyTransport
from sync.testing.inprocess_transport import InProcessTransport
from tests.domain import factories as f
from tests.office_world import OfficePlan
from tests.sync.client.doubles import PassThrough
from tests.sync.client.inprocess_world import ServerWorld
from tests.sync.server_view import full_pull

SETTLING = ("applied", "merged", "conflict")
MARK = "v:"  # every value a test writes starts with it and is unique: a lost write shows
INSPECTORS = 3
DEVICE_OWNERS = (0, 1, 0)  # tablet n belongs to inspector DEVICE_OWNERS[n] (two share one)
JOBS = 5
CONFLICT_ID = re.compile(r"conflict ([0-9a-f-]{36})")


@dataclass
class Ack:
    """One server answer to a device's mutation (kept as the latest answer for its id)."""

    mutation: dict
    result: dict
    generation: int


@dataclass
class Tablet:
    """One device: its replica file, replica, engine, recording transport and user."""

    path: Path
    replica: Replica
    engine: SyncEngine
    recorder: "Recorder"
    actor: Actor

    @property
    def device_id(self):
        return self.actor.device_id


class Recorder(PassThrough):
    """Passes calls to the server half and writes every non-retry push result to the ledger."""

    def __init__(self, world, inner, device_id):
        super().__init__(inner)
        self.world = world
        self.device_id = device_id

    def push(self, body):
        answer = self.inner.push(body)
        sent = {m["mutation_id"]: m for m in body["mutations"]}
        for result in answer.get("results", []):
            if result["status"] != "retry":
                mutation = sent[result["mutation_id"]]
                key = (self.device_id, result["mutation_id"])
                self.world.ledger[key] = Ack(mutation, result, self.world.generation)
        return answer


@dataclass
class OfficeWrite:
    """A write the dispatcher made at the office (directly on the server)."""

    collection: str
    record_id: str
    fields: dict
    generation: int


@dataclass
class StatefulWorld(ServerWorld):
    """The office server with more work, its tablets, and the ledger of acknowledged writes."""

    ledger: dict = field(default_factory=dict)
    office_writes: list = field(default_factory=list)
    generation: int = 0  # +1 at every restore from a backup
    counter: int = 0
    sites: list = field(default_factory=list)  # site ids
    jobs: list = field(default_factory=list)  # job ids
    assignments: dict = field(default_factory=dict)  # job id → its assignment's id
    tablets: list = field(default_factory=list)

    @classmethod
    def open(cls, root, devices=3):
        """The office of `tests.office_world` with more work, and `devices` tablets."""
        plan = OfficePlan(job={"status": "scheduled"})
        world = super().open(root, plan, inspectors=INSPECTORS)
        world._add_work()
        world.tablets = [world._tablet(n) for n in range(devices)]
        return world

    # --- the office -------------------------------------------------------------------

    def _add_work(self):
        """A second site with its instrument, and jobs spread over both and every inspector."""
        office = self.a
        second = self.put("sites", f.make_site(office_id=office.id, firm_id=office.firm["id"]))
        sites = [office.site, second]
        instruments = [
            office.instrument,
            self.put("instruments", self.kind.instrument(site_id=second["id"])),
        ]
        self.sites = [site["id"] for site in sites]
        self.jobs = [office.job["id"]]
        self.assignments = {office.job["id"]: office.assignment["id"]}
        for n in range(1, JOBS):
            job = self.new_job(site=sites[n % 2], instrument=instruments[n % 2], status="scheduled")
            assignment = self.assign(job["id"], office.inspectors[n % INSPECTORS])
            self.jobs.append(job["id"])
            self.assignments[job["id"]] = assignment["id"]

    def value(self, label):
        """A value never written before (so a lost write cannot hide behind an equal one)."""
        self.counter += 1
        return f"{MARK}{label}-{self.counter}"

    def office_edit(self, collection, record_id, fields):
        """The dispatcher changes a record at the office (the server's own write path)."""
        record = self.edit(collection, record_id, fields)
        self.office_writes.append(OfficeWrite(collection, record_id, fields, self.generation))
        return record

    # --- tablets ----------------------------------------------------------------------

    def _tablet(self, n, path=None):
        path = path or self.root / f"tablet-{n}" / "replica.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        replica = Replica(path)
        inspector = self.a.inspectors[DEVICE_OWNERS[n]]
        actor = Actor(inspector.user_id, "inspector", self.a.id, replica.device_id)
        recorder = Recorder(self, InProcessTransport(self.db, actor, self.blobs), actor.device_id)
        engine = SyncEngine(
            replica,
            recorder,
            sleep=lambda seconds: None,
            rng=lambda low, high: 0.0,
            batch_size=3,
            page_limit=4,
            chunk_size=64,
            max_attempts=4,
        )
        return Tablet(path, replica, engine, recorder, actor)

    def reopen(self, n):
        """The app was killed: open tablet n's replica again from its file."""
        self.tablets[n].replica.close()
        self.tablets[n] = self._tablet(n, self.tablets[n].path)
        return self.tablets[n]

    def sync(self, n, plan=()):
        """One run of tablet n's engine through the given faults; returns its status."""
        tablet = self.tablets[n]
        tablet.engine.transport = FaultyTransport(tablet.recorder, plan)
        return tablet.engine.run()

    def close(self):
        for tablet in self.tablets:
            tablet.replica.close()
        self.db.conn.close()

    # --- backup and restore -----------------------------------------------------------

    def restore(self, path):
        """Restore the server database from a backup; it gets a new epoch."""
        self.generation += 1
        return super().restore(path)

    # --- convergence ------------------------------------------------------------------

    def last_seq(self):
        row = self.db.execute("SELECT max(seq) FROM changes").fetchone()
        return (row[0] or 0, get_epoch(self.db))

    def converge(self, rounds=8):
        """Sync every tablet without faults until a whole round changes nothing.

        Returns the outcomes of the last round (a list of problems if it never settles).
        """
        for _ in range(rounds):
            before = self.last_seq()
            statuses = [self.sync(n) for n in range(len(self.tablets))]
            settled = all(s.outcome == "ok" and s.pending == 0 for s in statuses)
            if settled and self.last_seq() == before:
                return []
        return [f"never quiescent: {[(s.outcome, s.pending, s.last_error) for s in statuses]}"]

    def pulled(self, actor):
        """(collection, id) → change of everything a fresh full pull gives `actor`."""
        return full_pull(self.db, actor)

    def visit_fields(self, inspector, job, **overrides):
        """Fields of a valid draft accident visit of `job`."""
        data = f.make_accident_visit(
            job_id=job["id"], inspector_id=inspector.user_id, photo_hashes=[], **overrides
        )
        data.pop("id")
        return data


# === the invariant checker ================================================================


def problems(world):
    """Everything wrong with the world after convergence (an empty list when it is sound)."""
    found = []
    for check in (
        acknowledged_writes_kept,
        nothing_silently_overwritten,
        nothing_applied_twice,
        devices_converged,
        rejections_visible,
        blobs_complete,
    ):
        found += check(world)
    return found


def _stored_results(db):
    rows = db.execute("SELECT device_id, mutation_id, result FROM mutation_results").fetchall()
    return {(d, m): json.loads(r) for d, m, r in rows}


def _audit(db, collection, record_id):
    rows = db.execute(
        "SELECT device_id, action, changes FROM audit_log WHERE collection = ? AND record_id = ? "
        "ORDER BY id",
        [collection, record_id],
    ).fetchall()
    return [(d, a, json.loads(c)) for d, a, c in rows]


def _conflicts(db):
    rows = db.execute(
        "SELECT id, data FROM records WHERE collection = 'conflicts' AND deleted = 0"
    ).fetchall()
    return {i: json.loads(d) for i, d in rows}


def _value_kept(history, conflicts, device_id, collection, record_id, name, value):
    """True when this device's value was written to the record, or kept as a conflict loser."""
    written = any(
        d == device_id and name in changes and changes[name][1] == value
        for d, _, changes in history
    )
    lost = any(
        c["collection"] == collection
        and c["record_id"] == record_id
        and c["field"] == name
        and c["losing_value"] == value
        and c["losing_device_id"] == device_id
        for c in conflicts.values()
    )
    return written or lost


def _marked(fields):
    return {k: v for k, v in fields.items() if isinstance(v, str) and v.startswith(MARK)}


def acknowledged_writes_kept(world):
    """(1) Every acknowledged mutation is still answered by the server, and its effect — or
    its losing values in `conflicts` — is there."""
    db, found = world.db, []
    stored, conflicts = _stored_results(db), _conflicts(db)
    for (device_id, mutation_id), ack in sorted(world.ledger.items()):
        where = f"mutation {mutation_id} of {device_id[:8]}"
        now = stored.get((device_id, mutation_id))
        if now is None:
            found.append(f"{where} was acknowledged ({ack.result['status']}) but is forgotten")
            continue
        if ack.generation == world.generation and now != ack.result:
            found.append(f"{where}: answered {ack.result['status']}, now stores {now['status']}")
        if now["status"] not in SETTLING:
            continue
        m = ack.mutation
        record = get_record(db, m["collection"], m["record_id"])
        if record is None:
            found.append(f"{where}: {m['op']} acknowledged, {m['collection']} record is gone")
            continue
        if m["op"] == "delete" and not record["deleted"]:
            found.append(f"{where}: delete acknowledged, record is live")
        history = _audit(db, m["collection"], m["record_id"])
        for name, value in _marked(m["fields"]).items():
            if not _value_kept(
                history, conflicts, device_id, m["collection"], m["record_id"], name, value
            ):
                found.append(f"{where}: {m['collection']}.{name}={value!r} lost")
        for message in (now.get("error") or {}).get("fields", {}).values():
            for conflict_id in CONFLICT_ID.findall(" ".join(message)):
                if conflict_id not in conflicts:
                    found.append(f"{where}: conflict entry {conflict_id} is missing")
    for write in world.office_writes:
        if write.generation != world.generation:
            continue  # a restore rewound the office's own writes made after its backup
        history = _audit(db, write.collection, write.record_id)
        for name, value in _marked(write.fields).items():
            if not _value_kept(
                history,
                conflicts,
                world.a.dispatcher.device_id,
                write.collection,
                write.record_id,
                name,
                value,
            ):
                found.append(f"office write {write.collection}.{name}={value!r} lost")
    return found


def nothing_silently_overwritten(world):
    """A device's write over another writer's newer value of the same field (made after the
    device's base version) must have kept that value in a conflict entry."""
    db, found = world.db, []
    conflicts = list(_conflicts(db).values())
    for (device_id, mutation_id), ack in sorted(world.ledger.items()):
        m, record = ack.mutation, ack.result.get("record")
        if ack.generation != world.generation or m["op"] != "update" or not record:
            continue
        history = _audit(db, m["collection"], m["record_id"])
        version, base = record["version"], m["base_version"]
        if len(history) < version or history[version - 1][0] != device_id:
            continue  # the update changed nothing, or lost every field
        for name in history[version - 1][2]:
            between = [h for h in history[base : version - 1] if name in h[2]]
            if not between or between[-1][0] == device_id:
                continue
            overwritten = between[-1][2][name][1]
            if not any(
                c["record_id"] == m["record_id"]
                and c["field"] == name
                and c["losing_value"] == overwritten
                for c in conflicts
            ):
                found.append(
                    f"mutation {mutation_id} of {device_id[:8]} overwrote "
                    f"{m['collection']}.{name}={overwritten!r} without a conflict entry"
                )
    return found


def nothing_applied_twice(world):
    """(2) Mutation ids are processed once each, gaplessly; every record is created once and
    every write audited once (the audit entries of a record count its versions)."""
    db, found = world.db, []
    for tablet in world.tablets:
        rows = db.execute(
            "SELECT mutation_id FROM mutation_results WHERE device_id = ? ORDER BY mutation_id",
            [tablet.device_id],
        ).fetchall()
        ids = [r[0] for r in rows]
        last = db.execute(
            "SELECT last_mutation_id FROM devices WHERE device_id = ?", [tablet.device_id]
        ).fetchone()
        if ids != list(range(1, (last[0] if last else 0) + 1)):
            found.append(f"device {tablet.device_id[:8]}: results for ids {ids}, last {last}")
    creates = Counter(
        db.execute("SELECT collection, record_id FROM audit_log WHERE action = 'create'").fetchall()
    )
    found += [f"{key} created {n} times" for key, n in creates.items() if n != 1]
    audited = {
        (c, i): n
        for c, i, n in db.execute(
            "SELECT collection, record_id, count(*) FROM audit_log GROUP BY collection, record_id"
        ).fetchall()
    }
    for c, i, version in db.execute("SELECT collection, id, version FROM records").fetchall():
        if audited.get((c, i)) != version:
            found.append(f"{c}/{i} at version {version} has {audited.get((c, i))} audit entries")
    losers = Counter(
        (c["record_id"], c["field"], c["losing_value"], c["losing_device_id"])
        for c in _conflicts(db).values()
        if _marked({"value": c["losing_value"]})  # unique values: one entry per lost write
    )
    found += [f"conflict {key} stored {n} times" for key, n in losers.items() if n != 1]
    return found


def _device_rows(replica):
    cursor = replica.db.execute(
        f"SELECT collection, id, version, deleted, data, server_deleted, {SERVER_TEXT} FROM records"
    )
    return {(r[0], r[1]): r[2:] for r in cursor.fetchall()}


def _unsettled(replica):
    rows = replica.db.execute(
        "SELECT DISTINCT collection, record_id FROM outbox WHERE state IN ('pending', 'rejected')"
    ).fetchall()
    return {tuple(r) for r in rows}


def devices_converged(world):
    """(3) Each device holds exactly what a fresh pull gives its user, at the same versions
    and with the same data (records with rejected edits show them on the server's copy)."""
    found = []
    for n, tablet in enumerate(world.tablets):
        counts = tablet.replica.counts()
        if counts["pending"]:
            found.append(f"tablet {n}: {counts['pending']} mutations never pushed")
        view = world.pulled(tablet.actor)
        rows = _device_rows(tablet.replica)
        unsettled = _unsettled(tablet.replica)
        for key, (version, deleted, data, server_deleted, server_data) in sorted(rows.items()):
            change = view.get(key)
            if version is None:
                if key not in unsettled:
                    found.append(f"tablet {n}: {key} never accepted, with no rejected edit")
                continue
            if change is None:
                found.append(f"tablet {n}: holds {key} v{version}, not in its buckets")
            elif (change["version"], change["deleted"]) != (version, bool(server_deleted)):
                found.append(f"tablet {n}: {key} v{version}, server v{change['version']}")
            elif json.loads(server_data) != change["data"]:
                found.append(f"tablet {n}: {key} differs from the server's data")
            elif key not in unsettled and (json.loads(data), bool(deleted)) != (
                change["data"],
                change["deleted"],
            ):
                found.append(f"tablet {n}: {key} shows data the server does not hold")
        for key in sorted(set(view) - set(rows)):
            found.append(f"tablet {n}: missing {key} v{view[key]['version']}")
    return found


def rejections_visible(world):
    """(4) Every mutation the server refused is shown as refused on its device."""
    found = []
    stored = _stored_results(world.db)
    for n, tablet in enumerate(world.tablets):
        db = tablet.replica.db
        noticed = {
            r[0]
            for r in db.execute(
                "SELECT mutation_id FROM notices WHERE kind = 'rejected'"
            ).fetchall()
        }
        states = dict(db.execute("SELECT mutation_id, state FROM outbox").fetchall())
        for (device_id, mutation_id), result in sorted(stored.items()):
            if device_id != tablet.device_id or result["status"] != "rejected":
                continue
            if mutation_id not in noticed:
                found.append(f"tablet {n}: rejected mutation {mutation_id} has no notice")
            if states.get(mutation_id) not in ("rejected", "superseded"):
                found.append(
                    f"tablet {n}: rejected mutation {mutation_id} is {states.get(mutation_id)}"
                )
    return found


def blobs_complete(world):
    """Every blob a live record references reached the server (no record stays incomplete)."""
    rows = world.db.execute(
        "SELECT collection, id FROM records WHERE deleted = 0 "
        "AND json_extract(data, '$.incomplete') = 1"
    ).fetchall()
    return [f"{c}/{i} is still incomplete (a blob never arrived)" for c, i in rows]
