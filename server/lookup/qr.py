"""The QR code printed on a notice: the lookup page's address with the number and code in it.

Scanning it opens `/lookup?number=...&code=...`, which answers at once (the same page, the
same limits). `lookup_url` is the address itself, for notices that print it as text too;
`qr_image` draws it with segno (pure Python, no other dependency) as SVG or PNG.

    >>> lookup_url("https://verify.example.org/", "KEELUNG-20261202-0001", "123456")
    'https://verify.example.org/lookup?number=KEELUNG-20261202-0001&code=123456'
    >>> qr_image("https://verify.example.org/lookup", "svg")[:4]
    b'<svg'
"""

import io
from urllib.parse import urlencode

import segno

#: Image kinds served, with their content types.
CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
#: Pixels per module (PNG) or user units per module (SVG), and the quiet zone in modules.
SCALE = 8
BORDER = 4


def lookup_url(base, number, code):
    """The address of the lookup page answering `number` and `code`, under `base`."""
    query = urlencode({"number": number, "code": code})
    return f"{base.rstrip('/')}/lookup?{query}"


def qr_image(url, kind):
    """The QR code of `url` as `kind` ("svg" or "png") bytes; error correction M (15 %)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    if kind == "svg":
        code.save(out, kind="svg", scale=SCALE, border=BORDER, xmldecl=False, title=url)
    else:
        code.save(out, kind="png", scale=SCALE, border=BORDER)
    return out.getvalue()
