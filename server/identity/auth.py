"""Bearer-token authentication and the `@require_role(...)` decorator.

Every API route but login and meta names the roles that may call it. The decorator reads
`Authorization: Bearer <token>`, looks the token up by its SHA-256 (a revoked or expired token,
or a disabled account, is refused at once with 401), loads the user's public record for role
and office, keeps the caller on `g.actor` (a `domain.access.Actor`), and answers 403 to a
role not in the list. It also marks the operation as secured in the OpenAPI document.

    >>> bearer_token("Bearer abc")
    'abc'
    >>> bearer_token("Basic abc") is None
    True
"""

from copy import deepcopy
from functools import wraps

from flask import g, request
from flask_smorest import abort

from domain.access import ADMIN, DISPATCHER, ROLES, Actor
from server.database.db import get_db
from server.identity import accounts
from sync.server.records import get_record

#: Who may call a route: the office's staff, or anyone logged in.
STAFF = (DISPATCHER, ADMIN)
ANYONE = ROLES


def bearer_token(header):
    """The token of an `Authorization: Bearer ...` header value, or None."""
    scheme, _, token = (header or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def load_actor(token):
    """The Actor a live token stands for, or None."""
    db = get_db()
    row = accounts.live_token(db, token) if token else None
    user = get_record(db, "users", row["user_id"]) if row else None
    if user is None or user.get("deleted"):
        return None
    return Actor(
        user_id=user["id"],
        role=user["role"],
        office_id=user.get("office_id"),
        device_id=row["device_id"],
    )


def current_actor():
    """The authenticated caller of this request."""
    return g.actor


def require_role(*roles):
    """Refuse the call (401 / 403) unless a live token of one of `roles` is presented."""

    def decorator(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            actor = load_actor(bearer_token(request.headers.get("Authorization")))
            if actor is None:
                abort(401, message="A valid bearer token is required (log in again).")
            if actor.role not in roles:
                abort(403, message=f"This needs the role {' or '.join(roles)}.")
            g.actor = actor
            return func(*args, **kwargs)

        wrapper._apidoc = deepcopy(getattr(func, "_apidoc", {}))
        manual = wrapper._apidoc.setdefault("manual_doc", {})
        manual["security"] = [{"bearerAuth": []}]
        manual["x-roles"] = list(roles)
        return wrapper

    return decorator
