"""Headers every answer carries so a browser never runs or re-types what the server sends.

`X-Content-Type-Options: nosniff` keeps a browser from reading a JSON answer (or a blob) as
HTML or script; the Content-Security-Policy lets a page load nothing at all — no scripts, no
frames, no forms — but the inline style sheet of the `/docs` page. `add_security_headers`
is registered as an `after_request` hook by `server.errors.VerifieldApi`.
"""

#: No scripts, images, fonts, frames or form targets; only the docs page's inline CSS.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def add_security_headers(response):
    """Add `nosniff` and the Content-Security-Policy to an answer (kept if a view set them)."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response
