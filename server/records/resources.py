"""The generic operations behind every record endpoint: list, read, create, update, delete.

Each takes the collection and the parsed request, applies the caller's permissions
(`server.records.permissions`), and goes through `server.records.store`, so a view is one call.
Reads return the record in its sync shape (domain fields plus `version`, `deleted`,
`updated_seq`); the view sets the status and the ETag (`server.api.etags`). A PATCH or DELETE
with `If-Match` of an older version is a 412.
"""

from server.database.db import get_db
from server.identity.auth import current_actor
from server.records import permissions, queries, store
from server.records.paging import offset_of


def list_page(query, paging):
    """One page of the records `query` selects that the caller may read."""
    query = permissions.scope_query(current_actor(), query)
    records, paging.item_count = queries.run_query(
        get_db(), query, limit=paging.page_size, offset=offset_of(paging)
    )
    return records


def read(collection, record_id):
    """One record the caller may read."""
    db = get_db()
    record = store.fetch(db, collection, record_id)
    permissions.check_read(db, current_actor(), collection, record)
    return record


def _authorize(db, actor, collection, op):
    """The permission check the store runs on the record it read (`server.records.permissions`)."""

    def authorize(stored, fields=None):
        permissions.check_write(db, actor, collection, op, stored, fields)

    return authorize


def create(collection, fields):
    """Store a new record after validation and the office check; returns it."""
    db, actor = get_db(), current_actor()
    record = store.create(
        db, collection, fields, actor, authorize=_authorize(db, actor, collection, "create")
    )
    return record


def update(collection, record_id, fields, version=None):
    """Apply a partial change (PATCH) to a record; returns the new record.

    The store reads the record once, loads the change once and writes it with the row it
    read; the permission check runs on that row.
    """
    db, actor = get_db(), current_actor()
    authorize = _authorize(db, actor, collection, "update")
    record = store.update(
        db, collection, record_id, fields, actor, expected_version=version, authorize=authorize
    )
    return record


def delete(collection, record_id, version=None):
    """Soft-delete a record (devices receive the tombstone by sync)."""
    db, actor = get_db(), current_actor()
    authorize = _authorize(db, actor, collection, "delete")
    store.delete(db, collection, record_id, actor, expected_version=version, authorize=authorize)
