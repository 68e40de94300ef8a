"""Property (SYNC-PROTOCOL §7.11, client side): random offline edits on several devices,
random syncs through random faults, office edits and a restore from backup — no acknowledged
write is lost, none is applied twice, and every device converges to the server's view."""

import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sync.client.engine import SyncEngine
from sync.client.replica import Replica
from sync.testing.faulty_transport import KINDS, Fault, FaultyTransport
from tests.domain.factories import new_id
from tests.sync.client.fake_server import FakeServer

DEVICES = 2
FAULTS = st.one_of(
    st.none(),
    st.builds(Fault, st.just("push"), st.sampled_from(KINDS[:3]), st.integers(1, 2)),
    st.builds(Fault, st.just("pull"), st.sampled_from(KINDS[:3]), st.integers(1, 2)),
)
NAMES = st.sampled_from(["Harbour", "Market", "Station", "港", "市場"])


class Offices(RuleBasedStateMachine):
    """Devices and the office server, edited and synced in random order."""

    @initialize()
    def start(self):
        self.dir = Path(tempfile.mkdtemp())
        self.server = FakeServer()
        self.backup = None
        self.replicas = [Replica(self.dir / f"d{n}" / "replica.db") for n in range(DEVICES)]
        self.ids = []

    def teardown(self):
        """Every example ends converged: a final fault-free sync of every device."""
        try:
            if hasattr(self, "replicas"):
                self.converge()
        finally:
            for replica in getattr(self, "replicas", []):
                replica.close()
            shutil.rmtree(getattr(self, "dir", ""), ignore_errors=True)

    def engine(self, replica, plan=()):
        transport = FaultyTransport(self.server, plan)
        return SyncEngine(
            replica,
            transport,
            sleep=lambda s: None,
            rng=random.Random(1).uniform,
            batch_size=3,
            page_limit=4,
        )

    @rule(device=st.integers(0, DEVICES - 1), name=NAMES)
    def create(self, device, name):
        record_id = new_id()
        self.replicas[device].save("sites", record_id, {"name": name}, op="create")
        self.ids.append(record_id)

    @precondition(lambda self: self.ids)
    @rule(device=st.integers(0, DEVICES - 1), pick=st.integers(0, 999), name=NAMES)
    def edit(self, device, pick, name):
        replica = self.replicas[device]
        record_id = self.ids[pick % len(self.ids)]
        if replica.get("sites", record_id) is not None:
            replica.save("sites", record_id, {"name": name})

    @precondition(lambda self: self.server.records)
    @rule(pick=st.integers(0, 999), name=NAMES)
    def office_edit(self, pick, name):
        keys = sorted(self.server.records)
        self.server.write(*keys[pick % len(keys)], {"name": name}, writer="office")

    @rule(device=st.integers(0, DEVICES - 1), fault=FAULTS)
    def sync(self, device, fault):
        self.engine(self.replicas[device], [fault] if fault else []).run()

    @rule()
    def take_backup(self):
        self.backup = self.server.snapshot()

    @precondition(lambda self: self.backup is not None)
    @rule()
    def restore_backup(self):
        self.server.restore(self.backup)
        self.backup = None

    @invariant()
    def nothing_applied_twice(self):
        assert len(self.server.applied) == len(set(self.server.applied))

    @rule()
    def converge(self):
        """Sync every device twice without faults: all show exactly the server's records."""
        for _ in range(2):
            for replica in self.replicas:
                assert self.engine(replica).run().outcome == "ok"
        expected = {rid: s["data"]["name"] for (c, rid), s in self.server.records.items()}
        for replica in self.replicas:
            assert {r["id"]: r["name"] for r in replica.query("sites")} == expected
            acked = replica.db.execute(
                "SELECT mutation_id FROM outbox WHERE state = 'acked'"
            ).fetchall()
            device = replica.device_id
            assert all(self.server.results.get((device, m)) for (m,) in acked)
            assert self.server.devices.get(device, 0) >= max([m for (m,) in acked], default=0)


Offices.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestOffices = Offices.TestCase
