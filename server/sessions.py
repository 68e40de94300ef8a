"""Logging in and out: credentials in, a device token out, every step audited.

`log_in` checks the password (throttled per username and address), issues a token bound to
the user and the device, and records the login in the audit log with the device id; a failed
login is audited too, without a user. `log_out` revokes the presented token.
"""

from server import accounts, store
from server.auth import current_actor
from server.db import get_db
from sync.server.records import Actor


def log_in(body, remote_addr):
    """The login response for valid credentials: token, expiry and the user's summary."""
    db = get_db()
    account = accounts.authenticate(db, body["username"], body["password"], remote_addr)
    user = store.fetch(db, "users", account["user_id"])
    with store.transaction(db):
        token, expires_at = accounts.issue_token(
            db, user["id"], body["device_id"], body["device_name"]
        )
        actor = Actor(user["id"], user["role"], user.get("office_id"), body["device_id"])
        store.audit(db, actor, "login", "users", user["id"], {"device_name": body["device_name"]})
    summary = {k: user.get(k) for k in ("id", "username", "role", "office_id")}
    return {"token": token, "expires_at": expires_at, "user": summary}


def log_out(token):
    """Revoke the token the request was made with."""
    db = get_db()
    with store.transaction(db):
        accounts.revoke_token(db, token)
        actor = current_actor()
        store.audit(db, actor, "logout", "users", actor.user_id)
