"""The console's Flask blueprint: pages under `/console`, their templates and static files.

Before every view the browser session's user is loaded (`access.load_user`) and an unsafe
request without the session's CSRF token is refused (`csrf`). Every answer carries a
Content-Security-Policy that lets a page run only the console's own scripts (no inline
script, nothing from elsewhere) and post forms only to this server. Session cookie
settings (HttpOnly, SameSite=Lax, Secure when `CONSOLE_COOKIE_SECURE`) and the secret that
signs the cookie are set when the blueprint is registered (`settings.configure`).
"""

from flask import Blueprint

from server.web import settings
from server.web.csrf import csrf_token, refuse_without_token
from server.web.language import HTML_LANG, NAMES, current_language, gettext

bp = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

#: Scripts and styles from this server only; forms post only here; no frames.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


@bp.record_once
def _configure(state):
    settings.configure(state.app)


bp.before_request(refuse_without_token)


@bp.after_request
def _policy(response):
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.context_processor
def _template_helpers():
    language = current_language()
    return {
        "_": gettext,
        "csrf_token": csrf_token,
        "language": language,
        "html_lang": HTML_LANG[language],
        "language_names": NAMES,
    }
