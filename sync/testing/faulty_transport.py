"""`FaultyTransport`: wraps any transport and injects faults at planned calls, for tests.

A plan is a list of `Fault`s; each names the method and which call of it (1-based) goes
wrong, and how:

- `before_send`: the request never leaves the device (`TransportError`; the server saw nothing).
- `lose_response`: the server handles the request and commits, then the answer is lost
  (`TransportError`) — the case idempotent mutation ids exist for.
- `server_error`: the server answers 5xx without doing anything (`TransportError`).
- `cut_upload`: only the first `keep_bytes` of a `blob_append` reach the server, then the
  connection drops (`TransportError`).

Faults are deterministic: the same plan and the same calls fail the same way every time.

    >>> plan = [Fault("push", "lose_response", call=1)]
    >>> plan[0].method, plan[0].call
    ('push', 1)
"""

from dataclasses import dataclass

from sync.client.transport import Transport, TransportError

KINDS = ("before_send", "lose_response", "server_error", "cut_upload")
METHODS = ("push", "pull", "blob_status", "blob_append")


@dataclass(frozen=True)
class Fault:
    """One planned failure: `kind` on the `call`-th call of `method`."""

    method: str
    kind: str
    call: int = 1
    keep_bytes: int = 0

    def __post_init__(self):
        if self.method not in METHODS or self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.method}/{self.kind}")
        if self.kind == "cut_upload" and self.method != "blob_append":
            raise ValueError("cut_upload only applies to blob_append")


class FaultyTransport(Transport):
    """A transport that behaves like `inner` except at the calls its plan names."""

    def __init__(self, inner, plan=()):
        self.inner = inner
        self.plan = list(plan)
        self.calls = dict.fromkeys(METHODS, 0)
        self.injected = []

    def push(self, body):
        """`inner.push`, unless a fault is planned for this call."""
        return self._call("push", lambda: self.inner.push(body))

    def pull(self, cursor, limit):
        """`inner.pull`, unless a fault is planned for this call."""
        return self._call("pull", lambda: self.inner.pull(cursor, limit))

    def blob_status(self, sha256):
        """`inner.blob_status`, unless a fault is planned for this call."""
        return self._call("blob_status", lambda: self.inner.blob_status(sha256))

    def blob_append(self, sha256, offset, total, data):
        """`inner.blob_append`; a `cut_upload` delivers only the first `keep_bytes`."""
        fault = self._next_fault("blob_append")
        if fault is not None and fault.kind == "cut_upload":
            if fault.keep_bytes:
                self.inner.blob_append(sha256, offset, total, data[: fault.keep_bytes])
            raise TransportError(f"injected: upload cut after {fault.keep_bytes} bytes")
        return self._run(fault, lambda: self.inner.blob_append(sha256, offset, total, data))

    @property
    def pending_faults(self):
        """Planned faults that have not fired yet."""
        return [fault for fault in self.plan if fault not in self.injected]

    def _call(self, method, call):
        return self._run(self._next_fault(method), call)

    def _next_fault(self, method):
        self.calls[method] += 1
        for fault in self.plan:
            if fault.method == method and fault.call == self.calls[method]:
                self.injected.append(fault)
                return fault
        return None

    def _run(self, fault, call):
        if fault is None:
            return call()
        if fault.kind in ("before_send", "server_error"):
            status = "503 from server" if fault.kind == "server_error" else "no connection"
            raise TransportError(f"injected: {status}")
        call()  # lose_response: the server did the work; the answer never arrives
        raise TransportError("injected: response lost after the server committed")
