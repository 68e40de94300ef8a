"""Fixtures of the sync server tests: a fresh database and the small office of `support`."""

import pytest
import sqlite_utils

from sync.server.schema import ensure_schema
from tests.domain import factories as f
from tests.sync.server.support import World, actor


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_schema(database)
    return database


@pytest.fixture
def world(db):
    office = f.make_office()
    w = World(
        db,
        office["id"],
        actor("inspector", office["id"]),
        actor("inspector", office["id"]),
        actor("dispatcher", office["id"]),
        actor("admin", None),
    )
    w.put("offices", office)
    for person in (w.inspector_a, w.inspector_b, w.dispatcher):
        w.put("users", f.make_user(id=person.user_id, role=person.role, office_id=office["id"]))
    firm = w.put("firms", f.make_firm(office_id=office["id"]))
    site = w.put("sites", f.make_site(office_id=office["id"], firm_id=firm["id"]))
    w.refs.update(firm=firm, site=site)
    w.refs["instrument"] = w.put("instruments", f.make_sphygmomanometer(site_id=site["id"]))
    w.refs["job"] = w.new_job(w.inspector_a)
    return w
