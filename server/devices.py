"""Devices as the admin sees them: the tokens issued to each, and revocation.

Revoking is immediate (the token check reads the database on every request) and audited.
"""

from flask_smorest import abort

from server import accounts, store
from server.paging import offset_of


def list_page(db, args, paging):
    """One page of device tokens, with the total for the pagination header."""
    rows, paging.item_count = accounts.list_tokens(
        db,
        user_id=args.get("user_id"),
        device_id=args.get("device_id"),
        limit=paging.page_size,
        offset=offset_of(paging),
    )
    return rows


def revoke(db, actor, device_id):
    """Revoke all live tokens of a device (404 if no token was ever issued to it)."""
    if not accounts.device_known(db, device_id):
        abort(404, message=f"No device {device_id!r} has ever logged in.")
    with store.transaction(db):
        count = accounts.revoke_device(db, device_id)
        store.audit(db, actor, "revoke", "devices", device_id, {"revoked_tokens": [0, count]})
    return {"device_id": device_id, "revoked": count}
