"""Helpers of the sync server tests: someone of no world's office, and mutations to push.

The tests' office itself is `tests.office_world.World` (see this folder's conftest);
`world.push(actor, *mutations)` numbers the mutations made here from the device's next id.
"""

from domain.access import Actor
from tests.domain.factories import new_id


def actor(role, office_id):
    return Actor(new_id(), role, office_id, new_id())


def create(collection, data, record_id=None):
    """A create mutation (without its id)."""
    return {
        "collection": collection,
        "record_id": record_id or new_id(),
        "op": "create",
        "base_version": None,
        "fields": data,
    }


def update(collection, record_id, base_version, data):
    """An update mutation (without its id)."""
    return {
        "collection": collection,
        "record_id": record_id,
        "op": "update",
        "base_version": base_version,
        "fields": data,
    }
