"""Fixtures of the sync client tests: a fake server, a replica on a temp file, and an engine
factory that never really sleeps."""

import random

import pytest

from sync.client.engine import SyncEngine
from sync.client.replica import Replica
from tests.sync.client.fake_server import FakeServer


@pytest.fixture
def server():
    return FakeServer()


@pytest.fixture
def replica_path(tmp_path):
    return tmp_path / "device" / "replica.db"


@pytest.fixture
def replica(replica_path):
    replica_path.parent.mkdir(parents=True, exist_ok=True)
    opened = Replica(replica_path)
    yield opened
    opened.close()


@pytest.fixture
def slept():
    return []


@pytest.fixture
def make_engine(slept):
    """`make_engine(replica, transport, **options)` with recorded, instant sleeps."""

    def make(replica, transport, **options):
        options.setdefault("sleep", slept.append)
        options.setdefault("rng", random.Random(7).uniform)
        return SyncEngine(replica, transport, **options)

    return make
