"""`SyncEngine`: runs sync for one device — blobs, push, pull — one run at a time.

A run is a few short phases (`sync.client.phases`): upload the blobs pending mutations
reference, push the outbox, pull pages. A new epoch or a `410` seen while pulling starts the
round again: the push phase first learns where the restored server stands and re-pushes what
it lost, then the pull starts from scratch. Transport failures back off with jitter within a
per-run budget; what is left is tried on the next run. The engine never holds a database
transaction across a network call.

Two callers (a timer and a button, on two threads) may call `run()` at once: one runs, the
other returns at once with outcome `busy` (or, with `wait=True`, waits for its turn). Two
pushes never overlap, so mutation ids reach the server in order.

    >>> engine = SyncEngine(replica, transport)            # doctest: +SKIP
    >>> engine.run().outcome                               # doctest: +SKIP
    'ok'
"""

import logging
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime

from sync.client.backoff import RetryBudget
from sync.client.phases import PushStuck, RunContext, pull_changes, push_outbox, upload_blobs
from sync.client.status import SyncStatus
from sync.client.transport import SyncRefused, TransportError

log = logging.getLogger(__name__)

MAX_ROUNDS = 3  # a full resync restarts the round once; more means the server keeps changing
# Acknowledged mutations kept for re-pushing to a server restored from an older backup: about
# 180 days (the server's retention window) of a busy inspector's edits.
KEEP_ACKED = 20_000


def utc_now():
    """Wall-clock time for people (`last_success_at`); never used to order or page anything."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        if self.replica.pending_mutations(1):  # edits made, or purges deferred, meanwhile
            upload_blobs(ctx)
            push_outbox(ctx)
        self.replica.mark_success(self.now())
        self.replica.prune_acked(self.keep_acked)

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
