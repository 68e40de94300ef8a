"""Accounts, device tokens and login throttling — the server's own tables.

Passwords are hashed with argon2id (`argon2-cffi`), with cost parameters from the app config
(tests use cheap ones). A device token is 32 random bytes; only its SHA-256 is stored, with
the user, the device and an expiry. Failed logins are counted per username and remote address
in a sliding window; past the limit, `login` refuses with 429 and a `Retry-After`.

    >>> token_digest("abc")[:8]
    'ba7816bf'
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_smorest import abort

from server.clock import iso, now


def password_hasher():
    """The app's argon2 hasher, built once from the `ARGON2_*` settings."""
    hasher = current_app.extensions.get("verifield.hasher")
    if hasher is None:
        config = current_app.config
        hasher = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_COST"],
            parallelism=config["ARGON2_PARALLELISM"],
        )
        current_app.extensions["verifield.hasher"] = hasher
    return hasher


def token_digest(token):
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(db, user_id, username, password, *, active=True):
    """Store login credentials for a user record (inside the caller's transaction)."""
    db.execute(
        "INSERT INTO accounts (user_id, username, password_hash, active, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [user_id, username, password_hasher().hash(password), int(active), iso(now())],
    )


def set_account(db, user_id, *, username=None, password=None, active=None):
    """Change an account's username, password or active flag (only the ones given)."""
    if username is not None:
        db.execute("UPDATE accounts SET username = ? WHERE user_id = ?", [username, user_id])
    if password is not None:
        digest = password_hasher().hash(password)
        db.execute("UPDATE accounts SET password_hash = ? WHERE user_id = ?", [digest, user_id])
    if active is not None:
        db.execute("UPDATE accounts SET active = ? WHERE user_id = ?", [int(active), user_id])


def username_taken(db, username, *, except_user=None):
    """True when another account already uses `username`."""
    row = db.execute(
        "SELECT user_id FROM accounts WHERE username = ? AND user_id IS NOT ?",
        [username, except_user],
    ).fetchone()
    return row is not None


def _password_matches(account, password):
    """Verify a password against an account's hash (or a dummy, to even out timing)."""
    try:
        return password_hasher().verify(account["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return False


def _throttle(db, username, remote_addr):
    """429 when this username and address have failed too often in the window."""
    config = current_app.config
    since = now() - timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    count, oldest = db.execute(
        "SELECT count(*), min(at) FROM login_attempts "
        "WHERE username = ? AND remote_addr = ? AND at > ?",
        [username, remote_addr, iso(since)],
    ).fetchone()
    if count >= config["LOGIN_MAX_FAILURES"]:
        retry = datetime.fromisoformat(oldest) - since
        seconds = max(1, int(retry.total_seconds()) + 1)
        abort(
            429,
            message=f"Too many failed logins; try again in {seconds} s.",
            headers={"Retry-After": str(seconds)},
        )


def _record_failure(db, username, remote_addr):
    db.execute(
        "INSERT INTO login_attempts (username, remote_addr, at) VALUES (?, ?, ?)",
        [username, remote_addr, iso(now())],
    )


def authenticate(db, username, password, remote_addr):
    """The active account matching the credentials; 401 or 429 otherwise."""
    _throttle(db, username, remote_addr)
    row = db.execute("SELECT * FROM accounts WHERE username = ?", [username]).fetchone()
    columns = ("user_id", "username", "password_hash", "active", "created_at")
    account = dict(zip(columns, row, strict=True)) if row else {"password_hash": _dummy_hash()}
    if not (_password_matches(account, password) and account.get("active")):
        _record_failure(db, username, remote_addr)
        abort(401, message="Wrong username or password, or the account is disabled.")
    db.execute(
        "DELETE FROM login_attempts WHERE username = ? AND remote_addr = ?",
        [username, remote_addr],
    )
    return account


def _dummy_hash():
    """A hash no password matches, with the app's cost: verifying against it takes as long
    as a real check, so a missing username is not told apart by its timing."""
    digest = current_app.extensions.get("verifield.dummy_hash")
    if digest is None:
        digest = password_hasher().hash(secrets.token_hex(16))
        current_app.extensions["verifield.dummy_hash"] = digest
    return digest


def issue_token(db, user_id, device_id, device_name):
    """Make a token for the user on the device; returns `(token, expires_at)`."""
    token = secrets.token_urlsafe(32)
    issued = now()
    expires = issued + timedelta(seconds=current_app.config["TOKEN_TTL_SECONDS"])
    db.execute(
        "INSERT INTO tokens (token_hash, user_id, device_id, device_name, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        [token_digest(token), user_id, device_id, device_name, iso(issued), iso(expires)],
    )
    db.execute(
        "INSERT INTO devices (device_id, user_id, name, created_at, last_seen_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
        "user_id = excluded.user_id, name = excluded.name, last_seen_at = excluded.last_seen_at",
        [device_id, user_id, device_name, iso(issued), iso(issued)],
    )
    return token, iso(expires)


def live_token(db, token):
    """The token's row (user id, device id) if it is known, unrevoked, unexpired and its
    account active; otherwise None."""
    row = db.execute(
        "SELECT t.user_id, t.device_id FROM tokens t JOIN accounts a USING (user_id) "
        "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND a.active",
        [token_digest(token), iso(now())],
    ).fetchone()
    return {"user_id": row[0], "device_id": row[1]} if row else None


def revoke_token(db, token):
    """Revoke one token (a logout)."""
    db.execute(
        "UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        [iso(now()), token_digest(token)],
    )


def revoke_device(db, device_id):
    """Revoke every live token of a device; returns how many were revoked."""
    cursor = db.execute(
        "UPDATE tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
        [iso(now()), device_id],
    )
    return cursor.rowcount


def device_known(db, device_id):
    """True when any token was ever issued to the device."""
    row = db.execute("SELECT 1 FROM tokens WHERE device_id = ? LIMIT 1", [device_id])
    return row.fetchone() is not None


def list_tokens(db, *, user_id=None, device_id=None, limit=50, offset=0):
    """Tokens, newest first, with their user's name and state; returns `(rows, total)`."""
    where, params = ["1 = 1"], []
    for column, value in (("t.user_id", user_id), ("t.device_id", device_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    clause = " AND ".join(where)
    total = db.execute(f"SELECT count(*) FROM tokens t WHERE {clause}", params).fetchone()[0]
    cursor = db.execute(
        "SELECT t.device_id, t.device_name, t.user_id, a.username, t.created_at, "
        f"t.expires_at, t.revoked_at FROM tokens t JOIN accounts a USING (user_id) "
        f"WHERE {clause} ORDER BY t.created_at DESC, t.rowid DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    columns = [c[0] for c in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor]
    moment = iso(now())
    for row in rows:
        row["active"] = row["revoked_at"] is None and row["expires_at"] > moment
    return rows, total


def revoke_user(db, user_id):
    """Revoke every live token of a user (on delete or disable)."""
    db.execute(
        "UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        [iso(now()), user_id],
    )
