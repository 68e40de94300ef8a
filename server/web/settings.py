"""The console's settings, defaulted on the app when the console blueprint is registered.

`SECRET_KEY` signs the session cookie. None lives in the repository: set `FLASK_SECRET_KEY`
in production so sessions survive a restart; without it a random key is made at start (every
console user logs in again after a restart). The cookie is HttpOnly and SameSite=Lax, and
Secure when `CONSOLE_COOKIE_SECURE` is true (serve the console over HTTPS, then set it).
"""

import secrets

DEFAULTS = {
    "CONSOLE_SESSION_HOURS": 12,
    "CONSOLE_COOKIE_SECURE": False,
    # Days ahead the re-verification due list looks by default.
    "CONSOLE_DUE_DAYS": 30,
}


def configure(app):
    """Fill in the console's settings the app was not given."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["CONSOLE_COOKIE_SECURE"])
    app.config["SESSION_COOKIE_NAME"] = "verifield_console"
