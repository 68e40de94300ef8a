"""How sync bodies travel: compact JSON, compressed with zstd (or gzip) both ways.

`encode_body(obj, accept_encoding)` turns an answer (or a request) into bytes and picks the
best encoding the other side accepts: `zstd` when listed, else `gzip`, else none (the
returned encoding is then `None`: send no `Content-Encoding`). Bodies under
`MIN_COMPRESS_BYTES` are sent plain. `obj` may also be JSON text already made (str or
bytes), which is sent as it is — pull builds its page text in SQLite for speed.
Push bodies (a device's mutations, and the answer echoing each record back) are compressed
harder (`PUSH_ZSTD_LEVEL`): they cross mobile data, and a push costs far more server time
than compressing it does; pull pages keep the fast level, as they are made on every pull.
`decode_body(data, content_encoding)` undoes it and raises `SyncRequestError` (400 for bad
bytes or JSON, 413 above `MAX_BODY_BYTES` decompressed, 415 for an unknown encoding).
`parse_json(raw)` is the one reader of JSON that arrives from outside — sync bodies here, and
every API request body (`server.json_body`): it refuses with `JsonRefused`, a message a person
can act on, text that is not UTF-8 JSON, JSON nested deeper than `MAX_JSON_DEPTH`, and
numbers too large for a 64-bit float (orjson reads integers past 64 bits as floats).

    >>> body, encoding = encode_body({"a": "測"}, "gzip, zstd")
    >>> decode_body(body, encoding)
    {'a': '測'}
"""

import gzip
import io
import re
import zlib

import orjson
import zstandard

from sync.errors import SyncRequestError
from sync.gc_pause import gc_paused

MIN_COMPRESS_BYTES = 1024
MAX_BODY_BYTES = 32 * 1024 * 1024
ZSTD_LEVEL = 3
PUSH_ZSTD_LEVEL = 9  # about 10% fewer bytes than level 3, ~10 ms per 1 MB body
GZIP_LEVEL = 6
#: The deepest nesting of arrays and objects a JSON body may have. Real bodies nest about a
#: dozen levels (a push is ~5 above its records' fields, whose free-form objects hold at most
#: `domain.records.base.MAX_OBJECT_DEPTH` = 8, refused by field with a message naming it); this
#: bound only keeps a body's value well clear of the depth where code that walks it (the
#: stdlib `json`, Python's recursion limit of 1,000) would run out of stack.
MAX_JSON_DEPTH = 512
_PREFERENCE = ("zstd", "gzip")
_ALIASES = {"x-gzip": "gzip", "identity": None, "": None}


def dumps(obj):
    """Compact JSON text (no spaces, UTF-8 characters kept as they are); a value JSON has
    no type for (a Decimal, a date) is written as its text."""
    return orjson.dumps(obj, default=str).decode("utf-8")


def loads(text):
    """The value of JSON text that `dumps` wrote (str or bytes) — what the store reads back."""
    return orjson.loads(text)


def accepted_encodings(accept_encoding):
    """The encodings an `Accept-Encoding` header allows (q > 0), lower-case.

    >>> sorted(accepted_encodings("gzip;q=0.5, zstd, br;q=0"))
    ['gzip', 'zstd']
    """
    accepted = set()
    for part in (accept_encoding or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if name and quality > 0:
            accepted.add(_ALIASES.get(name, name) or "identity")
    if "*" in accepted:
        accepted |= set(_PREFERENCE)
    return accepted


def choose_encoding(accept_encoding, size):
    """The encoding to send a body of `size` bytes in, or None for none."""
    if size < MIN_COMPRESS_BYTES:
        return None
    accepted = accepted_encodings(accept_encoding)
    return next((name for name in _PREFERENCE if name in accepted), None)


def _as_bytes(obj):
    if isinstance(obj, bytes):
        return obj
    if isinstance(obj, str):
        return obj.encode("utf-8")
    return orjson.dumps(obj)


def encode_body(obj, accept_encoding=None, *, level=ZSTD_LEVEL):
    """Encode `obj` as compact JSON, compressed if accepted; returns (bytes, encoding|None).

    `level` is the zstd level (gzip always uses `GZIP_LEVEL`).

    MUST pick zstd over gzip when both are accepted, and send small bodies plain.
    """
    raw = _as_bytes(obj)
    encoding = choose_encoding(accept_encoding, len(raw))
    if encoding == "zstd":
        return zstandard.ZstdCompressor(level=level).compress(raw), "zstd"
    if encoding == "gzip":
        return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0), "gzip"
    return raw, None


def _bounded_read(stream, chunk=1 << 20):
    parts, size = [], 0
    while block := stream.read(chunk):
        parts.append(block)
        size += len(block)
        if size > MAX_BODY_BYTES:
            raise SyncRequestError(
                413, f"Body larger than {MAX_BODY_BYTES} bytes once decompressed."
            )
    return b"".join(parts)


def decompress(data, content_encoding):
    """The raw bytes of a body sent with `content_encoding` (bounded by MAX_BODY_BYTES)."""
    name = (content_encoding or "").strip().lower()
    name = _ALIASES.get(name, name)
    try:
        if name is None:
            return data if len(data) <= MAX_BODY_BYTES else _bounded_read(io.BytesIO(data))
        if name == "gzip":
            return _bounded_read(gzip.GzipFile(fileobj=io.BytesIO(data)))
        if name == "zstd":
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
            return _bounded_read(reader)
    except (OSError, EOFError, zlib.error, zstandard.ZstdError) as error:
        raise SyncRequestError(400, f"Body is not valid {name} data: {error}") from error
    raise SyncRequestError(
        415, f"Unsupported Content-Encoding {content_encoding!r}; use zstd, gzip or none."
    )


def decode_body(data, content_encoding=None):
    """Decompress and parse a JSON body; raises `SyncRequestError` on bad input.

    MUST refuse bodies that are not UTF-8 JSON (400) and unknown encodings (415).
    """
    raw = decompress(bytes(data), content_encoding)
    try:
        with gc_paused():
            return parse_json(raw)
    except JsonRefused as error:
        raise SyncRequestError(400, str(error)) from error


class JsonRefused(ValueError):
    """JSON text that is not read; the message says why, in words a person can act on."""


_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def nesting_depth(raw):
    """The deepest nesting of arrays and objects in JSON bytes (strings skipped), e.g. on
    the part of a body before the point where the parser gave up.

    >>> nesting_depth(b'[{"a": "[[["}, [1]]')
    2
    """
    depth = deepest = 0
    for token in _TOKENS.findall(raw):
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def _too_deep(value, limit):
    """Whether `value` nests arrays and objects more than `limit` deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        inner = value.values() if type(value) is dict else value
        for item in inner:
            if type(item) is dict or type(item) is list:
                if depth >= limit:
                    return True
                stack.append((item, depth + 1))
    return False


def _refusal(raw, error):
    """The `JsonRefused` for an orjson decoding error of `raw`."""
    text = str(error)
    if "UTF-8" in text:
        return JsonRefused("Body is not UTF-8 text.")
    if "infinity" in text or "out of range" in text:
        return JsonRefused("Body holds a number too large to read (more than about 300 digits).")
    # orjson stops near 1,024 levels, some inputs earlier with a memory message: judge by
    # the nesting of what it read.
    if nesting_depth(raw[: error.pos + 1]) > MAX_JSON_DEPTH:
        return _nested_too_deep()
    return JsonRefused(f"Body is not valid JSON: {text}.")


def _nested_too_deep():
    return JsonRefused(
        f"Body is not read: its JSON is nested too deep (more than {MAX_JSON_DEPTH} levels "
        "of arrays and objects)."
    )


def parse_json(raw):
    """The value of JSON bytes or text from outside; `JsonRefused` saying what is wrong.

    MUST refuse text that is not UTF-8 JSON, nesting deeper than MAX_JSON_DEPTH and numbers
    past the float range — never raise anything else.

    >>> parse_json(b'{"a": [1, 2.5]}')
    {'a': [1, 2.5]}
    >>> parse_json("[" * 600 + "]" * 600)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    sync.codec.JsonRefused: Body is not read: its JSON is nested too deep (more than 512 ...
    """
    raw = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise _refusal(raw, error) from error
    if type(value) in (dict, list) and _too_deep(value, MAX_JSON_DEPTH):
        raise _nested_too_deep()
    return value
