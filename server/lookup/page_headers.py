"""Headers of every public answer (lookup, QR codes, bulletin board, their JSON).

A lookup answer is about one application: no cache keeps it (`Cache-Control: no-store`) and
no link followed from it tells another site the address it came from, whose query holds the
code (`Referrer-Policy: no-referrer`). The pages' Content-Security-Policy lets them load
their own images (the QR code) and send their form to themselves, and nothing else — no
scripts at all; the server-wide headers (`server.security_headers`) give way to it.
"""

#: The public pages: their own images and form target, inline styles, no scripts.
PAGE_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def private_answer(response):
    """Keep a lookup answer out of caches and referrers (an `after_request` hook)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def public_page(response):
    """The pages' policy, with `private_answer`'s headers (an `after_request` hook)."""
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return private_answer(response)
