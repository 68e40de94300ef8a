"""`MeteredTransport`: the real `HttpTransport`, counting the bytes and time of every call.

Counts are per kind of call (`push`, `pull`, `blob`): requests, body bytes sent and received
exactly as they travel (still compressed: the transport reads the raw, undecoded body), an
estimate of the HTTP/1.1 header bytes of both directions (request line, status line and
header lines as sent; TCP/IP framing is not counted), seconds spent inside calls, and when
the first call of each kind started — which is where a run's push phase ends and its pull
phase begins.

    >>> meter = Meter()
    >>> meter.add(sent=120, received=40, headers=300, seconds=0.01, started=5.0)
    >>> meter.body_bytes, meter.first_started
    (160, 5.0)
"""

import time
from dataclasses import dataclass

from sync.client.http_transport import HttpTransport


@dataclass
class Meter:
    """Totals of one kind of call."""

    requests: int = 0
    sent: int = 0
    received: int = 0
    headers: int = 0
    seconds: float = 0.0
    first_started: float | None = None

    @property
    def body_bytes(self):
        """Body bytes both ways (what compression acts on)."""
        return self.sent + self.received

    def add(self, *, sent, received, headers, seconds, started):
        """Count one call."""
        self.requests += 1
        self.sent += sent
        self.received += received
        self.headers += headers
        self.seconds += seconds
        if self.first_started is None:
            self.first_started = started


def header_bytes(response):
    """HTTP/1.1 header bytes of a request and its answer (lines plus CRLFs)."""
    request = response.request
    lines = [f"{request.method} {request.path_url} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    lines.append(f"HTTP/1.1 {response.status_code} {response.reason}")
    lines += [f"{name}: {value}" for name, value in response.raw.headers.items()]
    return sum(len(line.encode("latin-1", "replace")) + 2 for line in lines) + 4


def call_kind(path):
    """`push`, `pull` or `blob` for an API path."""
    if path.startswith("/api/v1/sync/"):
        return path.rsplit("/", 1)[1]
    return "blob"


class MeteredTransport(HttpTransport):
    """`HttpTransport` that counts bytes and time per kind of call in `self.meters`."""

    def __init__(self, *args, clock=time.perf_counter, **kwargs):
        super().__init__(*args, **kwargs)
        self.clock = clock
        self.meters = {"push": Meter(), "pull": Meter(), "blob": Meter()}

    def reset(self):
        """Start counting from zero."""
        self.meters = {kind: Meter() for kind in self.meters}

    def _send(self, method, path, *, headers=None, **kwargs):
        started = self.clock()
        response, body = super()._send(method, path, headers=headers, **kwargs)
        self.meters[call_kind(path)].add(
            sent=len(kwargs.get("data") or b""),
            received=len(body),
            headers=header_bytes(response),
            seconds=self.clock() - started,
            started=started,
        )
        return response, body
