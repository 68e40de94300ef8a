"""Field ownership: the table names real fields, and the owner wins — else the server's value."""

import pytest

from domain.ownership import (
    ADMIN,
    ANY_FIELD,
    DISPATCHER,
    FIELD_OWNERS,
    INSPECTOR,
    owner_role,
    winning_role,
)
from domain.records import SCHEMAS


def test_table_covers_every_collection():
    assert set(FIELD_OWNERS) == set(SCHEMAS)


@pytest.mark.parametrize(
    ("collection", "field"),
    [
        (collection, field)
        for collection, owners in FIELD_OWNERS.items()
        for field in owners
        if field != ANY_FIELD
    ],
)
def test_every_named_field_exists_in_its_schema(collection, field):
    assert field in SCHEMAS[collection]().fields


@pytest.mark.parametrize(
    ("collection", "field", "owner"),
    [
        ("jobs", "window_start", DISPATCHER),
        ("jobs", "window_end", DISPATCHER),
        ("jobs", "priority", DISPATCHER),
        ("jobs", "site_id", DISPATCHER),
        ("jobs", "status", DISPATCHER),
        ("jobs", "notes", None),
        ("jobs", "needs_review", None),
        ("assignments", "inspector_ids", DISPATCHER),
        ("assignments", "route_order", DISPATCHER),
        ("checks", "points", INSPECTOR),
        ("checks", "verdict", INSPECTOR),
        ("accident_visits", "cause_assessment", INSPECTOR),
        ("firm_visits", "suggestions", INSPECTOR),
        ("instruments", "seal_number", INSPECTOR),
        ("instruments", "due_date", INSPECTOR),
        ("instruments", "serial", ADMIN),
        ("offices", "name_zh", ADMIN),
        ("users", "skills", ADMIN),
        ("vehicles", "equipment", ADMIN),
        ("firms", "tax_id", ADMIN),
        ("sites", "lat", ADMIN),
        ("conflicts", "resolved", DISPATCHER),
        ("conflicts", "winning_value", None),
        ("audit_entries", "changes", None),
        ("spaceships", "anything", None),
    ],
)
def test_owner_role(collection, field, owner):
    assert owner_role(collection, field) == owner


@pytest.mark.parametrize(
    ("collection", "field", "server_writer", "client", "winner"),
    [
        # the owner wins, whichever side it wrote on
        ("jobs", "window_start", INSPECTOR, DISPATCHER, DISPATCHER),
        ("jobs", "window_start", DISPATCHER, INSPECTOR, DISPATCHER),
        ("checks", "points", DISPATCHER, INSPECTOR, INSPECTOR),
        ("checks", "points", INSPECTOR, DISPATCHER, INSPECTOR),
        ("jobs", "status", INSPECTOR, DISPATCHER, DISPATCHER),
        # neither owns it: the server's already-accepted value stands
        ("jobs", "notes", INSPECTOR, DISPATCHER, INSPECTOR),
        ("jobs", "notes", DISPATCHER, INSPECTOR, DISPATCHER),
        ("checks", "points", DISPATCHER, ADMIN, DISPATCHER),
        # both are the same role: first acknowledged write stands
        ("checks", "points", INSPECTOR, INSPECTOR, INSPECTOR),
        ("assignments", "vehicle_id", DISPATCHER, DISPATCHER, DISPATCHER),
    ],
)
def test_winning_role(collection, field, server_writer, client, winner):
    assert winning_role(collection, field, server_writer, client) == winner
