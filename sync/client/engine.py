"""`SyncEngine`: runs sync for one device, one run at a time, in short phases.

A run, top to bottom (each phase a module, its rules as MUST lines — WatermelonDB's sync
core is the model):

1. upload the blobs pending mutations reference (`sync.client.upload`),
2. push the outbox (`sync.client.push`),
3. pull pages (`sync.client.pull`),
4. apply each push answer and each pulled page in one local transaction (`sync.client.apply`).

A new epoch or a `410` seen while pulling starts the round again: the push phase first learns
where the restored server stands and re-pushes what it lost, then the pull starts from
scratch. Transport failures back off with jitter within a per-run budget (`RetryBudget`);
what is left is tried on the next run. The engine never holds a database transaction across
a network call.

Two callers (a timer and a button, on two threads) may call `run()` at once: one runs, the
other returns at once with outcome `busy` (or, with `wait=True`, waits for its turn). Two
pushes never overlap, so mutation ids reach the server in order.

    >>> engine = SyncEngine(replica, transport)            # doctest: +SKIP
    >>> engine.run().outcome                               # doctest: +SKIP
    'ok'
"""

import logging
import random
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sync.client import meta, outbox
from sync.client.pull import pull_changes
from sync.client.push import PushStuck, push_outbox
from sync.client.transport import SyncRefused, Transport, TransportError
from sync.client.upload import upload_blobs
from sync.transaction import transaction

log = logging.getLogger(__name__)

MAX_ROUNDS = 3  # a full resync restarts the round once; more means the server keeps changing
# Acknowledged mutations kept for re-pushing to a server restored from an older backup: about
# 180 days (the server's retention window) of a busy inspector's edits.
KEEP_ACKED = 20_000


def utc_now():
    """Wall-clock time for people (`last_success_at`); never used to order or page anything."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SyncStatus:
    """What the app shows about sync: a frozen snapshot, safe to hand to the UI thread.

    `outcome` of the last run: `ok`, `busy` (another run was in progress), `offline` (the
    server could not be reached within the run's retry budget), `refused` (4xx: sign in
    again, update the app, ...), `error`; None before the first run.
    """

    running: bool = False
    outcome: str | None = None
    pending: int = 0
    rejected: int = 0
    conflicts: int = 0
    last_success_at: str | None = None
    pulling: bool = False
    pulled: int = 0
    remaining: int | None = None
    last_error: str | None = None

    @property
    def progress(self):
        """Share of the current pull done (0.0–1.0), or None when not pulling or unknown."""
        if not self.pulling or self.remaining is None:
            return None
        total = self.pulled + self.remaining
        return 1.0 if total == 0 else self.pulled / total


class RetryBudget:
    """Exponential backoff with full jitter, bounded per sync run.

    A run gives up after `max_attempts` failed attempts or once `max_seconds` have passed on
    the injected clock, so a timer-driven sync on a dead network ends quickly and tries again
    later. Clock and sleep are injected: tests run the engine without waiting.

        >>> slept = []
        >>> budget = RetryBudget(sleep=slept.append, clock=lambda: 0.0, rng=lambda a, b: b)
        >>> budget.wait(), budget.wait(), slept
        (True, True, [1.0, 2.0])
    """

    def __init__(
        self,
        *,
        sleep=time.sleep,
        clock=time.monotonic,
        max_attempts=5,
        max_seconds=120.0,
        base=1.0,
        cap=30.0,
        rng=random.uniform,
    ):
        self.sleep, self.clock, self.rng = sleep, clock, rng
        self.max_attempts, self.max_seconds = max_attempts, max_seconds
        self.base, self.cap = base, cap
        self.failures = 0
        self.started = clock()

    def exhausted(self):
        """True when this run may not try again."""
        late = self.clock() - self.started >= self.max_seconds
        return self.failures >= self.max_attempts or late

    def wait(self):
        """Count a failure; sleep a jittered delay and return True, or False when exhausted."""
        self.failures += 1
        if self.exhausted():
            return False
        ceiling = min(self.cap, self.base * 2 ** (self.failures - 1))
        self.sleep(self.rng(0, ceiling))
        return True

    def call(self, attempt):
        """Run `attempt()`; on `TransportError` back off and run it again, within the budget."""
        while True:
            try:
                return attempt()
            except TransportError:
                if not self.wait():
                    raise


@dataclass
class RunContext:
    """Everything one run's phases need."""

    replica: object
    transport: Transport
    budget: RetryBudget
    now: object
    batch_size: int = 50
    page_limit: int = 200
    chunk_size: int = 256 * 1024
    on_progress: object = field(default=lambda pulled, remaining: None)


class SyncEngine:
    """Syncs `replica` through `transport`; `clock` and `sleep` drive backoff (inject in tests)."""

    def __init__(
        self,
        replica,
        transport,
        *,
        clock=time.monotonic,
        sleep=time.sleep,
        now=utc_now,
        batch_size=50,
        page_limit=200,
        chunk_size=256 * 1024,
        max_attempts=5,
        max_seconds=120.0,
        keep_acked=KEEP_ACKED,
        rng=None,
    ):
        if not isinstance(transport, Transport):
            raise TypeError(f"{type(transport).__name__} is not a sync.client.transport.Transport")
        self.replica = replica
        self.keep_acked = keep_acked
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
        self.now = now
        self.sizes = {"batch_size": batch_size, "page_limit": page_limit, "chunk_size": chunk_size}
        self.budget_options = {"max_attempts": max_attempts, "max_seconds": max_seconds}
        if rng is not None:
            self.budget_options["rng"] = rng
        self._run_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._live = SyncStatus()

    def status(self):
        """The current `SyncStatus` (safe to call from any thread)."""
        counts = self.replica.counts()
        with self._state_lock:
            live = self._live
        return replace(live, **counts, last_success_at=self.replica.meta("last_success_at"))

    def run(self, *, wait=False):
        """Run one sync; return the status. If a run is in progress, return at once with
        outcome `busy` — or, with `wait=True`, wait for it to end and then run."""
        if not self._run_lock.acquire(blocking=wait):
            return replace(self.status(), running=True, outcome="busy")
        try:
            self._set(running=True, pulling=False, pulled=0, remaining=None)
            outcome, error = self._attempt()
            self._set(running=False, pulling=False, outcome=outcome, last_error=error)
            return self.status()
        finally:
            self._set(running=False)
            self._run_lock.release()

    def _attempt(self):
        """Run the phases; map what stops them to an outcome for people."""
        try:
            self._phases()
        except TransportError as error:
            return "offline", f"server not reachable: {error}"
        except SyncRefused as refusal:
            return "refused", refusal.message
        except PushStuck as error:
            return "error", str(error)
        except Exception as error:  # a bug must not kill the app's sync worker
            log.exception("sync run failed")
            return "error", f"{type(error).__name__}: {error}"
        return "ok", None

    def _phases(self):
        ctx = self._context()
        for _ in range(MAX_ROUNDS):
            upload_blobs(ctx)
            push_outbox(ctx)
            self._set(pulling=True)
            if pull_changes(ctx):
                break
        else:
            raise TransportError("the server's history kept changing during the run")
        db = self.replica.db
        if outbox.pending_batch(db, 1):  # edits made, or purges deferred, meanwhile
            upload_blobs(ctx)
            push_outbox(ctx)
        with transaction(db):
            meta.set_meta(db, "last_success_at", self.now())
        with transaction(db):
            outbox.prune_acked(db, self.keep_acked)

    def _context(self):
        budget = RetryBudget(sleep=self.sleep, clock=self.clock, **self.budget_options)
        return RunContext(
            replica=self.replica,
            transport=self.transport,
            budget=budget,
            now=self.now,
            **self.sizes,
            on_progress=lambda pulled, remaining: self._set(pulled=pulled, remaining=remaining),
        )

    def _set(self, **changes):
        with self._state_lock:
            self._live = replace(self._live, **changes)
