"""CSRF protection of the console: one random token per browser session, on every POST.

`csrf_token()` is the session's token (made on first use, kept in the signed session
cookie, renewed at login); every form carries it in the hidden field `csrf_token` and every
htmx request in the `X-CSRF-Token` header (`static/console.js`). `refuse_without_token`
runs before each console view: a POST (or any unsafe method) without the right token is
refused with 400 and changes nothing. The session cookie is `SameSite=Lax` too, but the
token does not rely on it.
"""

import hmac
import secrets

from flask import abort, request, session

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
REFUSED = "The form's security token is missing or wrong: reload the page and try again."


def csrf_token():
    """The session's CSRF token (made now if it has none)."""
    if SESSION_KEY not in session:
        session[SESSION_KEY] = secrets.token_urlsafe(32)
    return session[SESSION_KEY]


def renew_token():
    """A fresh token (at login: a token seen before it no longer counts)."""
    session[SESSION_KEY] = secrets.token_urlsafe(32)
    return session[SESSION_KEY]


def refuse_without_token():
    """400 for an unsafe request whose token is missing or not the session's."""
    if request.method in SAFE_METHODS:
        return
    sent = request.form.get(FORM_FIELD) or request.headers.get(HEADER) or ""
    expected = session.get(SESSION_KEY)
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description=REFUSED)
