"""Logging in and out: credentials in, a device token out, every step audited.

`log_in` checks the password (throttled: `server.identity.login_throttle`), issues a token bound to
the user and the device, and records the login in the audit log with the device id and the
remote address. A failed login is counted for the throttle and audited as `login_failed`
with the username tried (never the password), the device id and the address, without a user
(the tried user's id as `record_id` when the username exists); both are committed before the
401 leaves. `log_out` revokes the presented token.
"""

from flask_smorest import abort

from domain.access import Actor
from server.database.db import get_db
from server.identity import accounts, devices
from server.identity.auth import current_actor
from server.identity.login_throttle import clear_failures, record_failure
from server.records import store

#: The 401 of a failed login: it does not say which part was wrong.
LOGIN_FAILED = "Wrong username or password, or the account is disabled."


def log_in(body, remote_addr):
    """The login response for valid credentials: token, expiry and the user's summary."""
    db = get_db()
    account, accepted = accounts.authenticate(db, body["username"], body["password"], remote_addr)
    if not accepted:
        record_failed_login(db, body, account, remote_addr)
        abort(401, message=LOGIN_FAILED)
    user = store.fetch(db, "users", account["user_id"])
    devices.refuse_paired_elsewhere(db, user, body["device_id"], body["device_name"])
    with store.transaction(db):
        clear_failures(db, body["username"], remote_addr)
        token, expires_at = accounts.issue_token(
            db, user["id"], body["device_id"], body["device_name"]
        )
        actor = Actor(user["id"], user["role"], user.get("office_id"), body["device_id"])
        details = {"device_name": body["device_name"], "remote_addr": remote_addr}
        store.audit(db, actor, "login", "users", user["id"], details)
    summary = {k: user.get(k) for k in ("id", "username", "role", "office_id")}
    return {"token": token, "expires_at": expires_at, "user": summary}


def record_failed_login(db, body, account, remote_addr):
    """Count the failure and audit it, committed on its own (the 401 follows); `body`
    names the username and device tried (the console's login page records its own too)."""
    with store.transaction(db):
        record_failure(db, body["username"], remote_addr)
        nobody = Actor(None, "anonymous", None, body["device_id"])
        tried = {"username": body["username"], "remote_addr": remote_addr}
        user_id = account["user_id"] if account else None
        store.audit(db, nobody, "login_failed", "users", user_id, tried)


def log_out(token):
    """Revoke the token the request was made with."""
    db = get_db()
    with store.transaction(db):
        accounts.revoke_token(db, token)
        actor = current_actor()
        store.audit(db, actor, "logout", "users", actor.user_id)
