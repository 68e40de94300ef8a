"""Deciding an update made on a stale base version, field by field, and keeping the loser.

For each sent field that another writer changed after `base_version`, field ownership
(`domain.ownership.winning_role`) decides which value stands; the other value is written
to the `conflicts` collection with both values, both roles and users, the losing device,
the base and server versions and the time — it is never dropped. Changes made by the same
device since the base are its own earlier edits, not a conflict. A sent value equal to the
stored one changes nothing and is not a conflict.
"""

from domain.ids import new_record_id
from domain.ownership import winning_role
from domain.records import validate_record
from sync.server.clock import utc_now
from sync.server.field_history import changed_since
from sync.server.outcome import SERVER
from sync.server.records import write_record


def effective_changes(stored_data, fields):
    """The sent fields whose value differs from what is stored."""
    return {k: v for k, v in fields.items() if k not in stored_data or stored_data[k] != v}


def _contested(db, collection, record_id, base_version, fields, actor):
    others = changed_since(db, collection, record_id, base_version, fields)
    return {
        field: writer
        for field, writer in others.items()
        if actor.device_id is None or writer["device_id"] != actor.device_id
    }


def _loss(collection, record_id, field, sent, stored, writer, actor, base, version):
    client_wins = (
        winning_role(collection, field, writer["role"], actor.role) == actor.role
        and actor.role != writer["role"]
    )
    theirs = {
        "value": stored,
        "role": writer["role"],
        "user_id": writer["user_id"],
        "device_id": writer["device_id"],
    }
    mine = {
        "value": sent,
        "role": actor.role,
        "user_id": actor.user_id,
        "device_id": actor.device_id,
    }
    win, lose = (mine, theirs) if client_wins else (theirs, mine)
    entry = {
        "collection": collection,
        "record_id": record_id,
        "field": field,
        "winning_value": win["value"],
        "losing_value": lose["value"],
        "winning_role": win["role"],
        "losing_role": lose["role"],
        "winning_user_id": win["user_id"],
        "losing_user_id": lose["user_id"],
        "losing_device_id": lose["device_id"],
        "base_version": base,
        "server_version": version,
        "created_at": utc_now(),
    }
    return client_wins, entry


def resolve_stale(db, collection, record_id, stored, fields, base_version, actor):
    """(fields to write, conflict entries) for an update made on `base_version`.

    MUST keep every losing value in an entry; MUST NOT consult any clock.
    """
    contested = _contested(db, collection, record_id, base_version, fields, actor)
    kept, losses = dict(fields), []
    for field, writer in sorted(contested.items()):
        client_wins, entry = _loss(
            collection,
            record_id,
            field,
            fields[field],
            stored.data.get(field),
            writer,
            actor,
            base_version,
            stored.version,
        )
        if not client_wins:
            del kept[field]
        losses.append(entry)
    return kept, losses


def store_conflicts(db, entries):
    """Write the conflict entries (as the server); returns their ids."""
    ids = []
    for entry in entries:
        conflict_id = new_record_id()
        loaded = validate_record("conflicts", {**entry, "id": conflict_id})
        write_record(db, "conflicts", conflict_id, loaded, actor=SERVER, op="create")
        ids.append(conflict_id)
    return ids


def conflict_error(entries, ids):
    """The `error` object of a `conflict` result: which value stood, where the other is."""
    fields = {
        e["field"]: [
            f"{e['winning_role']}'s value stands; {e['losing_role']}'s value is kept in "
            f"conflict {conflict_id} for review."
        ]
        for e, conflict_id in zip(entries, ids, strict=True)
    }
    return {
        "code": "conflict",
        "message": "Another writer changed the same fields.",
        "fields": fields,
    }
