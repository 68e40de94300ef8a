"""Logging in to the console and out, and who may open its pages.

The console uses the same accounts as the API: `accounts.authenticate` checks the argon2
password behind the same login throttle (429 with `Retry-After`) and hashing gate (503);
a failure is counted and audited as for the API (`sessions.record_failed_login`), a success
audited as `login` from the device `console`. Only dispatchers and admins get a session;
an inspector's right password is refused with a sentence, and no session. Each login starts
a fresh Flask session (a new session id and CSRF token), so nothing from before it carries
over. `login_required` sends a browser without a live session to the login page.
"""

from functools import wraps
from urllib.parse import urlsplit

from flask import g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from domain.access import Actor
from server.database.db import get_db
from server.identity import accounts
from server.identity.auth import STAFF
from server.identity.login_throttle import clear_failures
from server.identity.sessions import record_failed_login
from server.records import store
from server.web.blueprint import bp
from server.web.console_sessions import live_user_id, open_session, revoke_session
from server.web.csrf import renew_token
from server.web.language import LANGUAGES, gettext
from sync.server.records import get_record

#: The device every console write and login is audited from.
CONSOLE_DEVICE = "console"
SESSION_ID = "sid"


@bp.before_request
def load_user():
    """Keep the user of a live console session (and their Actor) on `g`, or None."""
    g.console_user = g.console_actor = None
    session_id = session.get(SESSION_ID)
    user_id = live_user_id(get_db(), session_id) if session_id else None
    user = get_record(get_db(), "users", user_id) if user_id else None
    if user is None or user.get("deleted") or user["role"] not in STAFF:
        return
    g.console_user = user
    g.console_actor = Actor(user["id"], user["role"], user.get("office_id"), CONSOLE_DEVICE)


def login_required(view):
    """Send a browser without a live staff session to the login page."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("console_actor") is None:
            return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def local_target(target, default):
    """`target` if it is a path of the console (never another site), else `default`."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/console"):
        return default
    return target


@bp.route("/login", methods=["GET"])
def login():
    if g.console_actor is not None:
        return redirect(url_for("console.board"))
    return render_template("console/login.html", next=request.args.get("next", ""))


@bp.route("/login", methods=["POST"])
def login_post():
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    target = request.form.get("next", "")
    if not username or not password:
        return _login_refused(gettext("Enter your username and password."), 400, username)
    address = request.remote_addr or "unknown"
    db = get_db()
    try:
        account, accepted = accounts.authenticate(db, username, password, address)
    except HTTPException as refusal:
        return _throttled(refusal, username)
    if not accepted:
        body = {"username": username, "device_id": CONSOLE_DEVICE}
        record_failed_login(db, body, account, address)
        return _login_refused(gettext("Wrong username or password."), 401, username)
    user = store.fetch(db, "users", account["user_id"])
    if user["role"] not in STAFF:
        message = gettext("The console is for dispatchers and administrators.")
        return _login_refused(message, 403, username)
    _start_session(db, user, username, address)
    return redirect(local_target(target, url_for("console.board")))


def _start_session(db, user, username, address):
    with store.transaction(db):
        clear_failures(db, username, address)
        session_id = open_session(db, user["id"])
        actor = Actor(user["id"], user["role"], user.get("office_id"), CONSOLE_DEVICE)
        details = {"device_name": CONSOLE_DEVICE, "remote_addr": address}
        store.audit(db, actor, "login", "users", user["id"], details)
    language = session.get("lang")
    session.clear()
    session[SESSION_ID] = session_id
    if language:
        session["lang"] = language
    renew_token()


def _throttled(refusal, username):
    """The login page again with the throttle's or the hashing gate's refusal."""
    if refusal.code not in (429, 503):
        raise refusal
    headers = (getattr(refusal, "data", None) or {}).get("headers", {})
    seconds = headers.get("Retry-After", "1")
    if refusal.code == 429:
        message = gettext("Too many failed logins: try again in %(s)s s.", s=seconds)
    else:
        message = gettext("The server is busy: try again in %(s)s s.", s=seconds)
    page, status, _ = _login_refused(message, refusal.code, username)
    return page, status, {"Retry-After": seconds}


def _login_refused(message, status, username):
    page = render_template(
        "console/login.html", error=message, username=username, next=request.form.get("next", "")
    )
    return page, status, {}


@bp.route("/logout", methods=["POST"])
def logout():
    session_id = session.get(SESSION_ID)
    actor = g.console_actor
    if session_id:
        db = get_db()
        with store.transaction(db):
            revoke_session(db, session_id)
            if actor is not None:
                store.audit(db, actor, "logout", "users", actor.user_id)
    session.clear()
    return redirect(url_for("console.login"))


@bp.route("/language/<code>", methods=["GET"])
def language(code):
    """Switch the session's language, back to the page it was switched on."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(local_target(request.args.get("next"), url_for("console.board")))
