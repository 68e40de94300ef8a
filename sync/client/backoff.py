"""`RetryBudget`: exponential backoff with full jitter, bounded per sync run.

A run gives up after `max_attempts` failed attempts or once `max_seconds` have passed on the
injected clock, so a timer-driven sync on a dead network ends quickly and tries again later.
Clock and sleep are injected: tests run the engine without waiting.

    >>> slept = []
    >>> budget = RetryBudget(sleep=slept.append, clock=lambda: 0.0, rng=lambda a, b: b)
    >>> budget.wait(), budget.wait(), slept
    (True, True, [1.0, 2.0])
"""

import random
import time


class RetryBudget:
    """How long to wait before the next attempt, and whether there may be one."""

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
        self.sleep = sleep
        self.clock = clock
        self.max_attempts = max_attempts
        self.max_seconds = max_seconds
        self.base = base
        self.cap = cap
        self.rng = rng
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
        from sync.client.transport import TransportError

        while True:
            try:
                return attempt()
            except TransportError:
                if not self.wait():
                    raise
