"""Browser sessions of the dispatcher's console, kept on the server so a logout ends them.

The session cookie (Flask's signed cookie) carries only a random session id; the database
keeps its SHA-256 with the user and an expiry (`CONSOLE_SESSION_HOURS`). A session counts
while it is unrevoked, unexpired and its account active; logging out revokes it at once, so
a copied cookie is worth nothing afterwards.

    >>> len(session_digest("abc"))
    64
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app

from server.database.clock import iso, now


def session_digest(session_id):
    """The SHA-256 (hex) under which a session id is stored."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(db, user_id):
    """Start a session for the user (in the caller's transaction); returns its id."""
    session_id = secrets.token_urlsafe(32)
    started = now()
    hours = current_app.config["CONSOLE_SESSION_HOURS"]
    db.execute(
        "INSERT INTO console_sessions (session_hash, user_id, created_at, expires_at) "
        "VALUES (?, ?, ?, ?)",
        [session_digest(session_id), user_id, iso(started), iso(started + timedelta(hours=hours))],
    )
    return session_id


def live_user_id(db, session_id):
    """The user id of a live session (unrevoked, unexpired, account active), or None."""
    row = db.execute(
        "SELECT s.user_id FROM console_sessions s JOIN accounts a USING (user_id) "
        "WHERE s.session_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND a.active",
        [session_digest(session_id), iso(now())],
    ).fetchone()
    return row[0] if row else None


def revoke_session(db, session_id):
    """End one session (a logout)."""
    db.execute(
        "UPDATE console_sessions SET revoked_at = ? WHERE session_hash = ? AND revoked_at IS NULL",
        [iso(now()), session_digest(session_id)],
    )
