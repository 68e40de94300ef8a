"""Devices as the admin sees them: the tokens issued to each, revocation, and pairing.

A device is paired with the user of its first login; a login by anyone else on it is refused
(409) and audited, until an administrator unpairs it. Revoking is immediate (the token check
reads the database on every request) and audited; so is unpairing, which revokes the
device's tokens too.
"""

from flask_smorest import abort

from domain.access import Actor
from server.identity import accounts
from server.records import store
from server.records.paging import offset_of


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


def _known_device(db, device_id):
    """404 unless a token was ever issued to the device."""
    if not accounts.device_known(db, device_id):
        abort(404, message=f"No device {device_id!r} has ever logged in.")


def revoke(db, actor, device_id):
    """Revoke all live tokens of a device (404 if no token was ever issued to it)."""
    _known_device(db, device_id)
    with store.transaction(db):
        count = accounts.revoke_device(db, device_id)
        store.audit(db, actor, "revoke", "devices", device_id, {"revoked_tokens": [0, count]})
    return {"device_id": device_id, "revoked": count}


def refuse_paired_elsewhere(db, user, device_id, device_name):
    """409 when the device is paired with another user than `user` — audited, nothing else
    written (the login's user and device are in the audit entry, the paired user too)."""
    owner = accounts.paired_user(db, device_id)
    if owner is None or owner == user["id"]:
        return
    actor = Actor(user["id"], user["role"], user.get("office_id"), device_id)
    changes = {"device_name": device_name, "paired_user_id": owner}
    with store.transaction(db):
        store.audit(db, actor, "login_refused", "devices", device_id, changes)
    abort(409, message=accounts.PAIRED_ELSEWHERE)


def unpair(db, actor, device_id):
    """Release a device from its user and revoke its tokens (404 if it never logged in).

    The next login on it pairs it with that login's user, whose stream there goes on from
    where that user's own stream stood (0 for a new one) — never from another user's.
    """
    _known_device(db, device_id)
    with store.transaction(db):
        owner = accounts.unpair_device(db, device_id)
        count = accounts.revoke_device(db, device_id)
        changes = {"paired_user_id": [owner, None], "revoked_tokens": [0, count]}
        store.audit(db, actor, "unpair", "devices", device_id, changes)
    return {"device_id": device_id, "unpaired_user_id": owner, "revoked": count}
