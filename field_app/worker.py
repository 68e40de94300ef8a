"""`SyncWorker`: the app's one background thread that runs sync.

Sync runs by itself every `interval` seconds (the engine gives up quickly when the server
cannot be reached, and tries again on the next tick) and whenever someone asks
(`request()`), one run at a time: requests that arrive during a run fold into one more run.
Each finished run's `SyncStatus` is handed to `deliver`, which the app wraps so that it
runs on the main thread (Kivy's `Clock`): the UI is changed only there. A failing run never
touches local work — the engine keeps every edit in the outbox until the server answers.
No Kivy here: tests drive it with plain callables.
"""

import logging
import threading

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 60.0


class SyncWorker:
    """Runs `engine.run()` on one daemon thread; `deliver(status)` gets each result."""

    def __init__(self, engine, deliver, *, interval=DEFAULT_INTERVAL_SECONDS):
        self.engine = engine
        self.deliver = deliver
        self.interval = interval
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sync-worker", daemon=True)
        self.runs = 0

    def start(self, *, sync_now=True):
        """Start the thread; with `sync_now`, the first run starts at once."""
        if sync_now:
            self._wanted.set()
        self._thread.start()
        return self

    def request(self):
        """Ask for a run as soon as the current one (if any) ends."""
        self._wanted.set()

    def stop(self, timeout=None):
        """Stop after the current run; wait up to `timeout` seconds for the thread."""
        self._stopping.set()
        self._wanted.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self):
        return self._thread.is_alive()

    def _loop(self):
        while not self._stopping.is_set():
            self._wanted.wait(self.interval)
            if self._stopping.is_set():
                break
            self._wanted.clear()
            self._run_once()

    def _run_once(self):
        try:
            status = self.engine.run(wait=True)
        except Exception:  # the engine maps failures to outcomes; this is a last guard
            log.exception("sync worker: run failed")
            return
        self.runs += 1
        try:
            self.deliver(status)
        except Exception:
            log.exception("sync worker: delivering the status failed")
