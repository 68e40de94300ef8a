"""Users: their public record (synced) and their login account (server-only), kept together.

A user's public fields (username, name, role, office, skills) are a `users` record written
through the sync core, so devices know their colleagues; the password hash and the active flag
live in `accounts`. Creating, changing and deleting a user changes both in one transaction
(a password is hashed before it opens, so no write waits for argon2). Deleting (soft) or
disabling a user, and setting a new password, revoke every token of the user at once: a
password reset locks out whoever knew the old one, on every device.
"""

from flask_smorest import abort

from server.identity import accounts
from server.identity.password_hashing import hash_password
from server.records import store

#: Body fields that belong to the account, not to the synced record.
ACCOUNT_ONLY = ("password",)
#: The shortest password an account may have (API and command line alike).
MIN_PASSWORD_LENGTH = 8


def _split(body):
    fields = {k: v for k, v in body.items() if k not in ACCOUNT_ONLY}
    return fields, body.get("password")


def _check_username(db, username, user_id=None):
    if username is not None and accounts.username_taken(db, username, except_user=user_id):
        abort(409, message=f"The username {username!r} is taken.", errors={"username": [username]})


def _check_password(password):
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        abort(
            422,
            message=f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
            errors={"password": [f"Shorter than {MIN_PASSWORD_LENGTH} characters."]},
        )


def create_user(db, actor, body):
    """Create a user record and its account; returns the record."""
    fields, password = _split(body)
    _check_password(password)
    fields.setdefault("id", store.new_id())
    store.validate("users", fields)
    _check_username(db, fields["username"])
    digest = hash_password(password)
    with store.transaction(db):
        record = store.create(db, "users", fields, actor)
        accounts.store_account(
            db, record["id"], record["username"], digest, active=record.get("active", True)
        )
    return record


def update_user(db, actor, user_id, body, version=None):
    """Change a user's public fields and/or password; returns the record."""
    fields, password = _split(body)
    _check_password(password)
    store.fetch(db, "users", user_id)
    _check_username(db, fields.get("username"), user_id)
    digest = hash_password(password) if password is not None else None
    with store.transaction(db):
        record = store.update(db, "users", user_id, fields, actor, expected_version=version)
        accounts.set_account(
            db, user_id, username=fields.get("username"), active=fields.get("active")
        )
        if digest is not None:
            _reset_password(db, actor, user_id, digest)
        if fields.get("active") is False:
            accounts.revoke_user(db, user_id)
    return record


def _reset_password(db, actor, user_id, digest):
    """Store the new password and revoke the user's tokens; audited with how many."""
    accounts.set_account(db, user_id, password_hash=digest)
    revoked = accounts.revoke_user(db, user_id)
    store.audit(db, actor, "set_password", "users", user_id, {"tokens_revoked": revoked})


def delete_user(db, actor, user_id, version=None):
    """Soft-delete a user: tombstone the record, disable the account, revoke its tokens."""
    with store.transaction(db):
        store.delete(db, "users", user_id, actor, expected_version=version)
        accounts.set_account(db, user_id, active=False)
        accounts.revoke_user(db, user_id)
