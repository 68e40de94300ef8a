"""The audit log's one writer: who did what, when, from which device, field → [old, new].

Record writes (`sync.server.records.write_record`) and the server's other events (logins,
revocations, demo loads: `server.records.store.audit`) append through `append_audit`, stamped by the
one clock of `sync.server.clock`. Runs inside the caller's transaction.
"""

from sync.codec import dumps
from sync.server.clock import utc_now

INSERT_AUDIT = (
    "INSERT INTO audit_log (at, user_id, device_id, action, collection, record_id, changes) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def audit_row(actor, action, collection, record_id, changes, at=None):
    """The parameters of one audit entry (`INSERT_AUDIT`)."""
    return (
        at or utc_now(),
        actor.user_id,
        actor.device_id,
        action,
        collection,
        record_id,
        dumps(changes or {}),
    )


def append_audit(db, actor, action, collection=None, record_id=None, changes=None, at=None):
    """Append one audit entry (inside the caller's transaction)."""
    db.execute(INSERT_AUDIT, audit_row(actor, action, collection, record_id, changes, at))
