"""Rate limits of the public lookup: per source address, and per application number.

Two sliding windows, both in the server's memory (one Waitress process serves the office):

- every lookup from one address counts — `LOOKUP_MAX_PER_ADDRESS` in
  `LOOKUP_WINDOW_SECONDS` (an applicant needs one or two; a script guessing codes is slowed
  to a crawl);
- every failed lookup of one application number counts, from all addresses together —
  `LOOKUP_MAX_FAILURES_PER_NUMBER` in `LOOKUP_NUMBER_WINDOW_SECONDS` (guessing one number's
  code from many addresses). Numbers that exist and numbers that do not are counted alike,
  so this limit tells nobody which numbers exist.

Past a limit the lookup is refused with `TooManyLookups` (429 and `Retry-After`) before the
database is read; a refused lookup counts for nothing. Each window keeps at most `MAX_KEYS`
keys (the least recently seen go first), so a storm from many addresses cannot fill memory.
Time is the app's clock (`server.database.clock.now`), so tests can move it.

    >>> window = SlidingWindow(limit=2, seconds=60)
    >>> window.add("a", 0); window.add("a", 1); window.retry_after("a", 2)
    58
    >>> window.retry_after("a", 59.5), window.retry_after("a", 60)
    (1, 0)
"""

import math
import threading
from collections import OrderedDict, deque

from flask import current_app

from server.database.clock import now

#: Keys (addresses, numbers) each window remembers at most.
MAX_KEYS = 100_000
_CREATING = threading.Lock()


class TooManyLookups(Exception):
    """A lookup refused by a limit; `retry_after` is the seconds until one is let through."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        super().__init__(f"Too many lookups: try again in {retry_after} s.")


class SlidingWindow:
    """At most `limit` events per key within any `seconds`; thread-safe."""

    def __init__(self, limit, seconds, max_keys=MAX_KEYS):
        self.limit = limit
        self.seconds = seconds
        self.max_keys = max_keys
        self.events = OrderedDict()  # key -> deque of event times, oldest first
        self.lock = threading.Lock()

    def _recent(self, key, at):
        times = self.events.get(key)
        while times and times[0] <= at - self.seconds:
            times.popleft()
        return times

    def retry_after(self, key, at):
        """Whole seconds until `key` may have one more event at time `at` (0: now)."""
        with self.lock:
            times = self._recent(key, at)
            if not times or len(times) < self.limit:
                return 0
            oldest_counted = times[len(times) - self.limit]
            return max(1, math.ceil(oldest_counted + self.seconds - at))

    def add(self, key, at):
        """Count one event of `key` at time `at`."""
        with self.lock:
            times = self._recent(key, at)
            if times is None:
                times = self.events[key] = deque()
            times.append(at)
            self.events.move_to_end(key)
            while len(self.events) > self.max_keys:
                self.events.popitem(last=False)


class LookupLimits:
    """The two windows of an app, sized from its config."""

    def __init__(self, config):
        self.per_address = SlidingWindow(
            config["LOOKUP_MAX_PER_ADDRESS"], config["LOOKUP_WINDOW_SECONDS"]
        )
        self.failures_per_number = SlidingWindow(
            config["LOOKUP_MAX_FAILURES_PER_NUMBER"], config["LOOKUP_NUMBER_WINDOW_SECONDS"]
        )

    def admit(self, address, number, at):
        """Raise `TooManyLookups` if either window is full; else count the address's lookup."""
        wait = max(
            self.per_address.retry_after(address, at),
            self.failures_per_number.retry_after(number, at),
        )
        if wait:
            raise TooManyLookups(wait)
        self.per_address.add(address, at)

    def failed(self, number, at):
        """Count one failed lookup of `number`."""
        self.failures_per_number.add(number, at)


def app_limits():
    """The current app's `LookupLimits` (made on first use)."""
    extensions = current_app.extensions
    if "verifield.lookup_limits" not in extensions:
        with _CREATING:
            extensions.setdefault("verifield.lookup_limits", LookupLimits(current_app.config))
    return extensions["verifield.lookup_limits"]


def moment():
    """The limits' time: seconds of the app's clock."""
    return now().timestamp()
