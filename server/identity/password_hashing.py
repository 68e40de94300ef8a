"""Password hashing with argon2id, and a bound on how many hashes run at once.

One argon2 hash or check at the default cost (`ARGON2_*`: 64 MiB, 4 lanes) keeps every CPU
of a small office server busy for ~0.1 s; a handful of bogus logins at once would make every
other request wait. So every hash and check runs inside `HashingGate.slot()`: at most
`PASSWORD_HASH_SLOTS` run at once (by default the CPUs divided by the lanes of one hash, at
least 1), at most `PASSWORD_HASH_QUEUE` more wait for a slot — each for at most
`PASSWORD_HASH_WAIT_SECONDS` — and any other is refused at once with 503 and `Retry-After`.
Logins therefore never hold more than slots + queue of the server's worker threads (keep that
below `server.serving.THREADS`; 1 + 1 of 4 by default on a 2-CPU machine), and the other
threads keep answering reads while a storm of logins goes on: a refused login costs what any
small request costs, not a hash. (`bench/login_storm.py` measures it.)

    >>> gate = HashingGate(slots=1, queue=0, wait_seconds=0)
    >>> with gate.slot():
    ...     gate.busy()
    True
"""

import os
import threading
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_smorest import abort

#: Seconds a refused login is told to wait before it tries again.
BUSY_RETRY_SECONDS = 1

_building = threading.Lock()


class GateBusy(Exception):
    """No hashing slot could be had: every slot runs and the queue is full, or the wait ran out."""


class HashingGate:
    """At most `slots` holders at once, `queue` more waiting, each at most `wait_seconds`."""

    def __init__(self, slots, queue, wait_seconds):
        self.running = threading.BoundedSemaphore(slots)
        self.admitted = threading.BoundedSemaphore(slots + queue)
        self.wait_seconds = wait_seconds

    @contextmanager
    def slot(self):
        """Hold a slot for the block; raises `GateBusy` when none can be had in time."""
        if not self.admitted.acquire(blocking=False):
            raise GateBusy("every slot runs and the queue is full")
        try:
            if not self.running.acquire(timeout=self.wait_seconds):
                raise GateBusy("no slot came free in time")
            try:
                yield
            finally:
                self.running.release()
        finally:
            self.admitted.release()

    def busy(self):
        """True when a new holder would have to wait (every slot is taken)."""
        if self.running.acquire(blocking=False):
            self.running.release()
            return False
        return True


def hash_slots(config):
    """The slots a gate gets: `PASSWORD_HASH_SLOTS`, or CPUs // lanes of one hash (≥ 1)."""
    configured = config.get("PASSWORD_HASH_SLOTS")
    if configured:
        return int(configured)
    return max(1, (os.cpu_count() or 1) // max(1, config["ARGON2_PARALLELISM"]))


def _extension(name, build):
    """The app's object `name`, built once (under a lock: two requests may ask first)."""
    found = current_app.extensions.get(name)
    if found is None:
        with _building:
            found = current_app.extensions.get(name)
            if found is None:
                found = current_app.extensions[name] = build(current_app.config)
    return found


def hashing_gate():
    """The app's `HashingGate`, sized from the `PASSWORD_HASH_*` settings."""
    return _extension(
        "verifield.hashing_gate",
        lambda config: HashingGate(
            hash_slots(config),
            int(config["PASSWORD_HASH_QUEUE"]),
            float(config["PASSWORD_HASH_WAIT_SECONDS"]),
        ),
    )


def password_hasher():
    """The app's argon2 hasher, built once from the `ARGON2_*` settings."""
    return _extension(
        "verifield.hasher",
        lambda config: PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_COST"],
            parallelism=config["ARGON2_PARALLELISM"],
        ),
    )


@contextmanager
def hashing_slot():
    """Run the block in a hashing slot; 503 with `Retry-After` when none can be had."""
    try:
        with hashing_gate().slot():
            yield
    except GateBusy:
        abort(
            503,
            message="The server is busy checking other passwords; "
            f"try again in {BUSY_RETRY_SECONDS} s.",
            headers={"Retry-After": str(BUSY_RETRY_SECONDS)},
        )


def hash_password(password):
    """The argon2id hash of a password (in a hashing slot)."""
    with hashing_slot():
        return password_hasher().hash(password)


def password_matches(digest, password):
    """True when `password` matches the argon2 `digest` (checked in a hashing slot)."""
    with hashing_slot():
        try:
            return password_hasher().verify(digest, password)
        except (VerificationError, InvalidHashError):
            return False
