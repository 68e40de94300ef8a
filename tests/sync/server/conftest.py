"""Fixtures of the sync server tests: a fresh database and the tests' office world in it."""

import pytest
import sqlite_utils

from sync.server.schema import ensure_schema
from tests.office_world import World


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_schema(database)
    return database


@pytest.fixture
def world(db):
    """One office (Keelung) with an admin, a dispatcher and two inspectors; its job is the
    first inspector's."""
    return World.seed(db, inspectors=2)
