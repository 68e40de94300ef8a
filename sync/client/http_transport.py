"""`HttpTransport`: the transport over HTTP with `requests`, for the tablet talking to the office.

Every request carries `Authorization: Bearer <token>` and `X-Schema-Version`; JSON bodies are
compressed both ways (zstd, else gzip) through the shared codec. Blobs use tus-style
`HEAD`/`PATCH` with `Upload-Offset` and `Upload-Length`. Statuses become the errors of
`sync.client.transport`; connection resets and timeouts are `TransportError`.

    >>> transport = HttpTransport("https://office.example/", "device-token")
    >>> transport.url("/api/v1/sync/push")
    'https://office.example/api/v1/sync/push'
"""

import requests

from sync.client.pulled_change import decode_page
from sync.client.transport import RawPage, Transport, TransportError, error_for_status
from sync.codec import PUSH_ZSTD_LEVEL, decode_body, decompress, encode_body
from sync.errors import SyncRequestError
from sync.gc_pause import gc_paused

ACCEPT_ENCODING = "zstd, gzip"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
NETWORK_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)


class HttpTransport(Transport):
    """Sync over HTTP: `POST …/sync/push`, `GET …/sync/pull`, `HEAD`/`PATCH …/blobs/<sha256>`."""

    #: The engine may fetch pull pages on worker threads, the next one as soon as the headers
    #: of the current one (`pull_raw`) say where it starts.
    concurrent_pull = True
    #: The engine may send the next push batch on a worker thread while it applies the
    #: answer to the one before (`sync.client.push.PushSender`).
    concurrent_push = True

    def __init__(self, base_url, token, *, session=None, schema_version=1, timeout=30):
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout
        self.headers = {
            "Authorization": f"Bearer {token}",
            "X-Schema-Version": str(schema_version),
            "Accept-Encoding": ACCEPT_ENCODING,
        }

    def url(self, path):
        """The absolute URL of an API path."""
        return self.base_url + path

    def push(self, body):
        """Send a push body; return the server's answer (SYNC-PROTOCOL §2)."""
        data, encoding = encode_body(body, ACCEPT_ENCODING, level=PUSH_ZSTD_LEVEL)
        headers = {"Content-Type": "application/json"}
        if encoding:  # small bodies go plain (encoding None)
            headers["Content-Encoding"] = encoding
        return self._json(*self._send("POST", "/api/v1/sync/push", headers=headers, data=data))

    def pull(self, cursor, limit):
        """Fetch one page of changes (SYNC-PROTOCOL §3), as plain JSON values."""
        params = _pull_params(cursor, limit)
        return self._json(*self._send("GET", "/api/v1/sync/pull", params=params))

    def pull_raw(self, cursor, limit):
        """Fetch one page without parsing it yet: the next cursor comes from the headers.

        `decode()` reads it for storage — each record's data kept as JSON bytes
        (`PulledChange`) — or raises TransportError if it cannot be read.
        """
        params = _pull_params(cursor, limit)
        response, body = self._send("GET", "/api/v1/sync/pull", params=params)
        if response.status_code != 200:
            raise error_for_status(response.status_code, _error_body(response, body))
        return RawPage(
            next_cursor=response.headers.get("X-Sync-Cursor"),
            has_more=response.headers.get("X-Sync-Has-More") == "true",
            decode=lambda: _page_for_storage(response, body),
        )

    def blob_status(self, sha256):
        """`(complete, offset)` from `HEAD /api/v1/blobs/<sha256>`."""
        response, body = self._send("HEAD", f"/api/v1/blobs/{sha256}")
        if response.status_code == 200:
            return True, int(response.headers.get("Content-Length") or 0)
        if response.status_code == 404:
            return False, int(response.headers.get("Upload-Offset") or 0)
        raise error_for_status(response.status_code, _error_body(response, body))

    def blob_append(self, sha256, offset, total, data):
        """`PATCH` bytes at `offset`; return the offset the server holds afterwards.

        A `409` (the server holds a different offset) also returns the server's offset, so
        the caller continues from there.
        """
        headers = {
            "Upload-Offset": str(offset),
            "Upload-Length": str(total),
            "Content-Type": OFFSET_CONTENT_TYPE,
            "Tus-Resumable": "1.0.0",
        }
        response, body = self._send("PATCH", f"/api/v1/blobs/{sha256}", headers=headers, data=data)
        if response.status_code in (200, 201):
            return int(response.headers.get("Upload-Offset") or total)
        if response.status_code in (204, 409):
            return int(response.headers["Upload-Offset"])
        raise error_for_status(response.status_code, _error_body(response, body))

    def _send(self, method, path, *, headers=None, **kwargs):
        """Send one request; return the response and its body exactly as sent (still encoded)."""
        try:
            response = self.session.request(
                method,
                self.url(path),
                headers={**self.headers, **(headers or {})},
                timeout=self.timeout,
                stream=True,
                **kwargs,
            )
            # The codec, not urllib3, undoes Content-Encoding: read the raw bytes.
            body = response.raw.read(decode_content=False) if method != "HEAD" else b""
            response.close()  # hand the connection back to the pool
        except NETWORK_ERRORS as error:
            raise TransportError(f"{method} {path}: {error}") from error
        return response, body

    def _json(self, response, body):
        if response.status_code != 200:
            raise error_for_status(response.status_code, _error_body(response, body))
        try:
            return decode_body(body, response.headers.get("Content-Encoding"))
        except Exception as error:  # a cut or garbled answer: the outcome is unknown
            raise TransportError(f"unreadable answer: {error}") from error


def _pull_params(cursor, limit):
    """The pull query string: the cursor and the limit, each only when given."""
    return {key: value for key, value in (("cursor", cursor), ("limit", limit)) if value}


def _page_for_storage(response, body):
    """A pulled page whose records stay JSON bytes (`PulledChange`); TransportError if the
    answer cannot be read (it was cut or garbled: the outcome is unknown)."""
    try:
        with gc_paused():
            return decode_page(decompress(bytes(body), response.headers.get("Content-Encoding")))
    except (ValueError, SyncRequestError) as error:
        raise TransportError(f"unreadable answer: {error}") from error


def _error_body(response, body):
    """The server's JSON error body, or a stand-in built from the status line."""
    try:
        decoded = decode_body(body, response.headers.get("Content-Encoding"))
    except Exception:
        decoded = None
    if isinstance(decoded, dict):
        return decoded
    return {"code": response.status_code, "message": response.reason or ""}
