"""The conflict queue: sync conflicts a person resolves, and the choice recorded.

A conflict (`sync.server.conflicts`) keeps the value that stood and the value that lost,
with both writers' roles and users and the losing device. `open_conflicts` lists the
unresolved ones of an office (the office of the conflicted record; an admin's list has
every office) with who wrote each value and when: the winner's write is found in the
record's audit log, the loser's time is when its push reached the server.

`resolve(db, actor, conflict_id, keep, note)` records the choice in one transaction:
`resolved`, `resolved_by` (the person, never taken from the form) and `resolution_note`
(the note, or a sentence saying which value was kept); when the losing value is kept it is
written to the record as well (checked and audited like any write; 409 when that field has
changed again since the conflict, so a newer value is never overwritten unseen).
"""

from dataclasses import dataclass

from flask_smorest import abort

from domain.access import ADMIN
from server.records import permissions, store
from sync.server.buckets import office_of
from sync.server.records import get_record, list_records

CHOICES = ("winning", "losing")
ALL = 100_000


@dataclass
class Side:
    """One value of a conflict and who wrote it, when."""

    value: object
    role: str
    who: str
    at: str
    device: str = ""


@dataclass
class Entry:
    conflict: dict
    record: dict | None
    winner: Side
    loser: Side


def _name(db, user_id):
    user = get_record(db, "users", user_id) if user_id else None
    return (user or {}).get("display_name") or user_id or "?"


def _written_at(db, conflict):
    """When the standing value was written: the winner's last audited change of the field
    at or before the conflict."""
    rows, _ = store.list_audit(
        db,
        filters={"collection": conflict["collection"], "record_id": conflict["record_id"]},
        limit=200,
        offset=0,
    )
    for row in rows:
        changed = conflict["field"] in (row["changes"] or {})
        by_winner = row["user_id"] == conflict.get("winning_user_id")
        if row["at"] <= conflict["created_at"] and changed and by_winner:
            return row["at"]
    return ""


def entry_of(db, conflict):
    """The conflict with both sides described."""
    record = get_record(db, conflict["collection"], conflict["record_id"])
    winner = Side(
        conflict.get("winning_value"),
        conflict["winning_role"],
        _name(db, conflict.get("winning_user_id")),
        _written_at(db, conflict),
    )
    loser = Side(
        conflict.get("losing_value"),
        conflict["losing_role"],
        _name(db, conflict.get("losing_user_id")),
        conflict["created_at"],
        conflict.get("losing_device_id") or "",
    )
    return Entry(conflict, record, winner, loser)


def open_conflicts(db, actor):
    """The unresolved conflicts the actor resolves, oldest first."""
    found = []
    for conflict in list_records(db, "conflicts", filters={"resolved": False}, limit=ALL):
        if actor.role == ADMIN or _office(db, conflict) == actor.office_id:
            found.append(entry_of(db, conflict))
    return found


def _office(db, conflict):
    return office_of(db, conflict["collection"], conflict["record_id"])


def resolve(db, actor, conflict_id, keep, note):
    """Record the person's choice (`keep`: winning or losing); returns the conflict."""
    if keep not in CHOICES:
        abort(422, message="Choose which value to keep: the standing one or the other one.")
    with store.transaction(db):
        conflict = store.fetch(db, "conflicts", conflict_id)
        if conflict.get("resolved"):
            abort(409, message="This conflict was resolved already.")
        if actor.role != ADMIN and _office(db, conflict) != actor.office_id:
            abort(403, message="This conflict is about another office's record.")
        if keep == "losing":
            _apply_losing_value(db, actor, conflict)
        kept = conflict["winning_value"] if keep == "winning" else conflict["losing_value"]
        fields = {
            "resolved": True,
            "resolved_by": actor.user_id,
            "resolution_note": note.strip() or f"Kept the {keep} value: {kept!r}.",
        }
        permissions.check_write(db, actor, "conflicts", "update", conflict, fields)
        return store.update(db, "conflicts", conflict_id, fields, actor)


def _apply_losing_value(db, actor, conflict):
    record = store.fetch(db, conflict["collection"], conflict["record_id"])
    field = conflict["field"]
    if record.get(field) != conflict["winning_value"]:
        abort(
            409,
            message=f"{field} has changed again since this conflict "
            f"(now {record.get(field)!r}); look at the record before choosing.",
        )
    change = {field: conflict["losing_value"]}
    permissions.check_write(db, actor, conflict["collection"], "update", record, change)
    store.update(db, conflict["collection"], record["id"], change, actor)
