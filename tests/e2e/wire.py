"""`TapSession`: a `requests.Session` that logs what went on the wire and runs planned faults.

Every exchange is logged as an `Exchange` (method, path, status, the encodings of the request
and answer bodies, the `Upload-Offset` sent). `intercept(method, path, call, handler)` runs
`handler(send, method, url, kwargs)` instead of the `call`-th matching request; `send()`
makes the real request. Ready-made handlers:

- `lose_answer(lost)`: the server handles and commits the request, then the answer is lost
  (`requests.ConnectionError`); the answer body is kept in `lost` for the test to compare.
- `cut_body(keep_bytes)`: the request goes out on a raw socket with its full `Content-Length`
  but only the first `keep_bytes` of the body, then the device's side of the connection
  closes — the server sees a body cut mid-transfer.
- `hold(entered, release)`: the request waits until `release` is set (after setting `entered`).
- `then(action)`: the request goes through, then `action()` runs before the device reads it.
"""

import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from sync.codec import decode_body


@dataclass(frozen=True)
class Exchange:
    """One request as it went on the wire, and the status it got (None: no answer)."""

    method: str
    path: str
    status: int | None
    sent_encoding: str | None
    answer_encoding: str | None
    upload_offset: int | None


class TapSession(requests.Session):
    """A session that logs exchanges and runs the handler planned for a call."""

    def __init__(self):
        super().__init__()
        self.log = []
        self.counts = {}
        self.plan = {}
        self._lock = threading.Lock()

    def intercept(self, method, path, call, handler):
        """Run `handler` for the `call`-th request of `method` on a path starting with `path`."""
        self.plan[(method, path, call)] = handler

    def exchanges(self, method=None, path=""):
        """The logged exchanges of a method on paths starting with `path`."""
        return [
            e
            for e in self.log
            if (method is None or e.method == method) and e.path.startswith(path)
        ]

    def request(self, method, url, **kwargs):
        handler = self._planned(method, urlsplit(url).path)
        if handler is None:
            return self._send(method, url, kwargs)
        return handler(lambda: self._send(method, url, kwargs), method, url, kwargs)

    def _planned(self, method, path):
        with self._lock:
            for (m, prefix, call), handler in self.plan.items():
                if m == method and path.startswith(prefix):
                    self.counts[(m, prefix)] = self.counts.get((m, prefix), 0) + 1
                    if self.counts[(m, prefix)] == call:
                        return handler
        return None

    def _send(self, method, url, kwargs):
        headers = kwargs.get("headers") or {}
        try:
            response = super().request(method, url, **kwargs)
        except requests.RequestException:
            self._record(method, url, headers, None)
            raise
        self._record(method, url, headers, response)
        return response

    def _record(self, method, url, headers, response):
        offset = headers.get("Upload-Offset")
        exchange = Exchange(
            method,
            urlsplit(url).path,
            None if response is None else response.status_code,
            headers.get("Content-Encoding"),
            None if response is None else response.headers.get("Content-Encoding"),
            None if offset is None else int(offset),
        )
        with self._lock:
            self.log.append(exchange)


def lose_answer(lost):
    """A handler: the server commits, the device never gets the answer."""

    def handler(send, method, url, kwargs):
        response = send()
        body = response.raw.read(decode_content=False)
        lost.append(decode_body(body, response.headers.get("Content-Encoding")))
        response.close()
        raise requests.ConnectionError("injected: connection reset after the server answered")

    return handler


def cut_body(keep_bytes, answers):
    """A handler: only `keep_bytes` of the body reach the server, then the device hangs up.

    What the server answered to the cut request (if anything) is appended to `answers`.
    """

    def handler(send, method, url, kwargs):
        parts = urlsplit(url)
        data = kwargs.get("data") or b""
        headers = {**kwargs.get("headers", {}), "Content-Length": str(len(data))}
        head = [f"{method} {parts.path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data[:keep_bytes])
            sock.shutdown(socket.SHUT_WR)  # the device's side is gone mid-body
            answers.append(_read_all(sock))
        raise requests.ConnectionError(f"injected: upload cut after {keep_bytes} bytes")

    return handler


def _read_all(sock):
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def hold(entered, release):
    """A handler: wait for `release` inside the request (after setting `entered`)."""

    def handler(send, method, url, kwargs):
        entered.set()
        release.wait(10)
        return send()

    return handler


def then(action):
    """A handler: send the request, then run `action()` before the device reads the answer."""

    def handler(send, method, url, kwargs):
        response = send()
        action()
        return response

    return handler
