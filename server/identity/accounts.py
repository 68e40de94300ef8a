"""Accounts and device tokens — the server's own tables.

Passwords are hashed with argon2id (`server.identity.password_hashing`: cost from the app
config, tests use cheap ones; a bounded number of hashes at once). A device token is 32 random
bytes; only its SHA-256 is stored, with the user, the device and an expiry. `authenticate` asks
`server.identity.login_throttle` first (429 with `Retry-After` past a limit) and checks the
password only then; the caller records a failure.

    >>> token_digest("abc")[:8]
    'ba7816bf'
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_smorest import abort

from server.database.clock import iso, now
from server.identity import login_throttle
from server.identity.password_hashing import hash_password, password_matches

ACCOUNT_COLUMNS = ("user_id", "username", "password_hash", "active", "created_at")


def token_digest(token):
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(db, user_id, username, password, *, active=True):
    """Hash the password and store login credentials for a user record (in the caller's
    transaction; `store_account` when the hash was made beforehand)."""
    store_account(db, user_id, username, hash_password(password), active=active)


def store_account(db, user_id, username, password_hash, *, active=True):
    """Store login credentials, the password already hashed (`hash_password`)."""
    db.execute(
        "INSERT INTO accounts (user_id, username, password_hash, active, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [user_id, username, password_hash, int(active), iso(now())],
    )


def set_account(db, user_id, *, username=None, password_hash=None, active=None):
    """Change an account's username, password (already hashed) or active flag (those given)."""
    if username is not None:
        db.execute("UPDATE accounts SET username = ? WHERE user_id = ?", [username, user_id])
    if password_hash is not None:
        db.execute(
            "UPDATE accounts SET password_hash = ? WHERE user_id = ?", [password_hash, user_id]
        )
    if active is not None:
        db.execute("UPDATE accounts SET active = ? WHERE user_id = ?", [int(active), user_id])


def username_taken(db, username, *, except_user=None):
    """True when another account already uses `username`."""
    row = db.execute(
        "SELECT user_id FROM accounts WHERE username = ? AND user_id IS NOT ?",
        [username, except_user],
    ).fetchone()
    return row is not None


def find_account(db, username):
    """The account of a username as a dict, or None."""
    row = db.execute("SELECT * FROM accounts WHERE username = ?", [username]).fetchone()
    return dict(zip(ACCOUNT_COLUMNS, row, strict=True)) if row else None


def authenticate(db, username, password, remote_addr):
    """`(account, accepted)`: the username's account (None if unknown) and whether the
    password matched an active account. 429 when throttled, 503 when no hashing slot is free;
    a refusal checks no password. Writes nothing: the caller records the outcome."""
    login_throttle.check(db, username, remote_addr)
    account = find_account(db, username)
    digest = account["password_hash"] if account else _dummy_hash()
    accepted = password_matches(digest, password) and bool(account and account["active"])
    return account, accepted


def _dummy_hash():
    """A hash no password matches, with the app's cost: verifying against it takes as long
    as a real check, so a missing username is not told apart by its timing."""
    digest = current_app.extensions.get("verifield.dummy_hash")
    if digest is None:
        digest = hash_password(secrets.token_hex(16))
        current_app.extensions["verifield.dummy_hash"] = digest
    return digest


#: Why a login on a device paired with someone else gets no token (409).
PAIRED_ELSEWHERE = "This device is paired with another user; an administrator must re-pair it."


def issue_token(db, user_id, device_id, device_name):
    """Make a token for the user on the device; returns `(token, expires_at)`.

    A device not paired yet is paired with the user; a device paired with another user gets
    no token (409, nothing written): only an administrator re-pairs it (`unpair_device`).
    The user's own stream row on the device (`devices`) is created or refreshed; no other
    user's row is touched.
    """
    owner = paired_user(db, device_id)
    if owner not in (None, user_id):
        abort(409, message=PAIRED_ELSEWHERE)
    token = secrets.token_urlsafe(32)
    issued = now()
    expires = issued + timedelta(seconds=current_app.config["TOKEN_TTL_SECONDS"])
    db.execute(
        "INSERT INTO tokens (token_hash, user_id, device_id, device_name, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        [token_digest(token), user_id, device_id, device_name, iso(issued), iso(expires)],
    )
    if owner is None:
        _pair_device(db, device_id, user_id, iso(issued))
    _note_device_stream(db, device_id, user_id, device_name, iso(issued))
    return token, iso(expires)


def paired_user(db, device_id):
    """The id of the user the device is paired with, or None when it is not paired."""
    row = db.execute("SELECT user_id FROM device_pairings WHERE device_id = ?", [device_id])
    found = row.fetchone()
    return found[0] if found else None


def _pair_device(db, device_id, user_id, at):
    db.execute(
        "INSERT INTO device_pairings (device_id, user_id, paired_at) VALUES (?, ?, ?)",
        [device_id, user_id, at],
    )


def _note_device_stream(db, device_id, user_id, device_name, at):
    """Create or refresh the user's stream row on the device (the push state is its own)."""
    db.execute(
        "INSERT INTO devices (device_id, user_id, name, created_at, last_seen_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id, user_id) DO UPDATE SET "
        "name = excluded.name, last_seen_at = excluded.last_seen_at",
        [device_id, user_id, device_name, at, at],
    )


def unpair_device(db, device_id):
    """Release the device from its user; returns that user's id (None if it was not paired).

    Every stream stays as it is: the next login pairs the device with its user, whose stream
    there goes on from where that user's own stream stood (0 for a new one).
    """
    owner = paired_user(db, device_id)
    db.execute("DELETE FROM device_pairings WHERE device_id = ?", [device_id])
    return owner


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
    """Revoke every live token of a user (on delete, disable or a password reset); returns
    how many were revoked."""
    cursor = db.execute(
        "UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        [iso(now()), user_id],
    )
    return cursor.rowcount
