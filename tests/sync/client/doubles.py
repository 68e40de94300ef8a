"""Test doubles for the sync client: a simulated crash, a hook that crashes at the n-th step,
and transport wrappers that record calls or run something in the middle of one."""

import threading

from sync.client.transport import Transport


class SimulatedCrash(BaseException):
    """The app is killed: not an `Exception`, so nothing in the engine catches it."""


class StepRecorder:
    """A replica hook that records every step, and crashes at step number `crash_at`."""

    def __init__(self, crash_at=None):
        self.steps = []
        self.crash_at = crash_at

    def __call__(self, step):
        self.steps.append(step)
        if self.crash_at is not None and len(self.steps) == self.crash_at:
            raise SimulatedCrash(step)


class PassThrough(Transport):
    """A transport that hands every call to `inner`; subclasses override what they watch."""

    def __init__(self, inner):
        self.inner = inner

    def push(self, body):
        return self.inner.push(body)

    def pull(self, cursor, limit):
        return self.inner.pull(cursor, limit)

    def blob_status(self, sha256):
        return self.inner.blob_status(sha256)

    def blob_append(self, sha256, offset, total, data):
        return self.inner.blob_append(sha256, offset, total, data)


class RecordingTransport(PassThrough):
    """Passes every call through and records `(method, args)`."""

    def __init__(self, inner):
        super().__init__(inner)
        self.calls = []

    def push(self, body):
        self.calls.append(("push", [m["mutation_id"] for m in body["mutations"]]))
        return self.inner.push(body)

    def pull(self, cursor, limit):
        self.calls.append(("pull", cursor))
        return self.inner.pull(cursor, limit)

    def blob_status(self, sha256):
        self.calls.append(("blob_status", sha256))
        return self.inner.blob_status(sha256)

    def blob_append(self, sha256, offset, total, data):
        self.calls.append(("blob_append", offset, len(data)))
        return self.inner.blob_append(sha256, offset, total, data)


class BeforePull(RecordingTransport):
    """Runs `action()` once, just before the first pull (a person editing mid-run)."""

    def __init__(self, inner, action):
        super().__init__(inner)
        self.action = action

    def pull(self, cursor, limit):
        if self.action is not None:
            action, self.action = self.action, None
            action()
        return super().pull(cursor, limit)


class GatedPush(RecordingTransport):
    """Blocks inside `push` until released, counting pushes in flight at the same time."""

    def __init__(self, inner):
        super().__init__(inner)
        self.entered = threading.Event()
        self.release = threading.Event()
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    def push(self, body):
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.entered.set()
        self.release.wait(10)
        try:
            return super().push(body)
        finally:
            with self._lock:
                self.in_flight -= 1
