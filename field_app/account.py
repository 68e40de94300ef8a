"""Signing in and out on the tablet: the login API, the user's replica, and the refusals.

First run: the inspector gives the server's address, their username and password; the app
opens (or makes) that user's replica, logs in with the replica's device id (the server pairs
the device with the user), binds the replica to the user and keeps the token in the profile.
Later runs open the replica straight away, offline too. Sign-out is refused while anything is
unsent, and the refusal says how many records wait. No Kivy here.
"""

import contextlib
import platform

from field_app.i18n import _, ngettext
from field_app.profile import SignedIn
from sync.client import Replica, ReplicaOfAnotherUser

LOGIN_PATH = "/api/v1/auth/token"
TIMEOUT_SECONDS = 15


class SignInFailed(Exception):
    """Signing in did not work; the message says what to do (in the app's language)."""


class SignOutRefused(Exception):
    """Records wait to be sent; `unsent` says how many."""

    def __init__(self, unsent):
        self.unsent = unsent
        super().__init__(
            ngettext(
                "{n} record is not sent yet. Sync first, then sign out.",
                "{n} records are not sent yet. Sync first, then sign out.",
                unsent,
            ).format(n=unsent)
        )


def normalise_url(url):
    """The server address as typed, trimmed, with `http://` if no scheme was given."""
    url = (url or "").strip().rstrip("/")
    if not url:
        raise SignInFailed(_("Enter the server address, for example http://192.168.1.10:5000."))
    if "://" not in url:
        url = "http://" + url
    return url


def sign_in(profile, server_url, username, password, *, session=None):
    """Log `username` in on this tablet; return `(SignedIn, Replica)` and remember them."""
    server_url = normalise_url(server_url)
    username = (username or "").strip().lower()
    if not username or not password:
        raise SignInFailed(_("Enter your username and password."))
    replica = Replica(profile.replica_path(username))
    try:
        answer = _login(session or _http(), server_url, username, password, replica.device_id)
        user = answer["user"]
        replica.bind_user(user["id"])
    except (SignInFailed, ReplicaOfAnotherUser) as problem:
        replica.close()
        if isinstance(problem, ReplicaOfAnotherUser):
            raise SignInFailed(
                _("This tablet holds another account's data under that username.")
            ) from problem
        raise
    signed_in = SignedIn(
        username=username,
        user_id=user["id"],
        role=user["role"],
        office_id=user.get("office_id"),
        token=answer["token"],
        expires_at=answer.get("expires_at"),
        display_name=user.get("display_name") or username,
    )
    settings = profile.load()
    settings.server_url, settings.signed_in = server_url, signed_in
    profile.save(settings)
    return signed_in, replica


def open_signed_in(profile):
    """`(SignedIn, Replica)` of the person signed in on this tablet, or None (offline-safe)."""
    signed_in = profile.load().signed_in
    if signed_in is None:
        return None
    return signed_in, Replica(profile.replica_path(signed_in.username))


def sign_out(profile, replica, *, session=None):
    """Forget the token, unless records wait to be sent (`SignOutRefused`). The replica
    file stays: signing in again later finds everything as it was."""
    unsent = replica.unsent_records()
    if unsent:
        raise SignOutRefused(unsent)
    settings = profile.load()
    if settings.signed_in is not None:
        _log_out(session or _http(), settings.server_url, settings.signed_in.token)
    settings.signed_in = None
    profile.save(settings)
    replica.close()


def _http():
    """`requests`, imported when the network is first needed (not at the app's start)."""
    import requests

    return requests


def _login(http, server_url, username, password, device_id):
    body = {
        "username": username,
        "password": password,
        "device_id": device_id,
        "device_name": f"Verifield tablet ({platform.node() or 'unnamed'})",
    }
    try:
        response = http.post(server_url + LOGIN_PATH, json=body, timeout=TIMEOUT_SECONDS)
    except _http().RequestException as problem:
        raise SignInFailed(
            _("Cannot reach the server at {url}. Check the address and the network.").format(
                url=server_url
            )
        ) from problem
    if response.status_code == 201:
        return response.json()
    raise SignInFailed(_refusal_text(response))


def _refusal_text(response):
    if response.status_code == 401:
        return _("Wrong username or password.")
    if response.status_code == 409:
        return _("This tablet is paired with another user. Ask an administrator to unpair it.")
    if response.status_code in (429, 503):
        wait = response.headers.get("Retry-After", "60")
        return _("The server is busy. Try again in {seconds} s.").format(seconds=wait)
    try:
        message = response.json().get("message", "")
    except ValueError:
        message = response.text[:200]
    return _("The server refused the sign-in ({status}): {message}").format(
        status=response.status_code, message=message
    )


def _log_out(http, server_url, token):
    """Revoke the token on the server if it can be reached; offline, it simply expires."""
    with contextlib.suppress(_http().RequestException):
        http.delete(
            server_url + LOGIN_PATH,
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT_SECONDS,
        )
