"""`/api/v1/auth` — log in a user on a device (a bearer token), log out.

A token is bound to one user and one device and expires after `TOKEN_TTL_SECONDS`. Failed
logins are audited and throttled per username and address, per address and overall (429 with
`Retry-After`, `server.identity.login_throttle`); a login that finds every password-hashing slot
taken is refused at once (503 with `Retry-After`, `server.identity.password_hashing`).
"""

from flask import request

from server.api.schemas import LoginRequest, LoginResponse
from server.errors import Blueprint
from server.identity.auth import ANYONE, require_role
from server.identity.sessions import log_in, log_out

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Log in and out")


@blp.route("/token", methods=["POST"])
@blp.arguments(LoginRequest)
@blp.response(201, LoginResponse)
@blp.refuses(401, 409, 429, 503)
def create_token(body):
    """Log in: get a bearer token for this user and device"""
    return log_in(body, request.remote_addr or "unknown")


@blp.route("/token", methods=["DELETE"])
@require_role(*ANYONE)
@blp.response(204)
def delete_token():
    """Log out: revoke the token of this request"""
    log_out(request.headers["Authorization"].partition(" ")[2].strip())
