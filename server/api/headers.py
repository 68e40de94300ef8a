"""Integers read from headers and query strings: ASCII digits only, and not too many of them.

`str.isdigit()` is true of `²` and `٣`, which `int()` then refuses, and `int()` refuses more
than 4,300 digits; either way a naive reader answers 500. `decimal_integer` reads only 0-9,
at most `MAX_DIGITS` of them (any 64-bit count fits), and says None for anything else;
`header_int` is a required non-negative integer header, refused with 400 naming the header
(for `Upload-Offset`, `Upload-Length` and the like).

    >>> decimal_integer("42"), decimal_integer("²"), decimal_integer("9" * 5000)
    (42, None, None)
"""

from flask import request
from flask_smorest import abort

#: The most digits an integer from a header or query may have (10**18 fits in 63 bits).
MAX_DIGITS = 18


def decimal_integer(text, *, max_digits=MAX_DIGITS):
    """The non-negative integer `text` writes in ASCII digits (spaces around allowed), or None."""
    text = (text or "").strip()
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def header_int(name):
    """A required non-negative integer header, or 400 saying which header is wrong."""
    raw = request.headers.get(name, "")
    value = decimal_integer(raw)
    if value is None:
        message = f"Header {name} must be a non-negative integer (at most {MAX_DIGITS} digits 0-9)."
        abort(400, message=message, errors={name: [message]})
    return value
