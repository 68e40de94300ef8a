"""The push bound: the floor plus the domain work no push may skip, as mutations/s.

Before a pushed check is stored the server must validate it against its domain schema and
judge its readings again (it never trusts a device's verdict). This module times exactly
that — `validate_record` and the server's own `judged_fields` on the very checks pushed, in
this process, best of a few runs: no HTTP, no reads, no writes. Added to the time per
mutation of the push floor it gives the highest push rate any implementation that keeps
these rules could reach on this machine.

    >>> round(bound_rate(floor_rate=10_000, domain_seconds=0.0001))
    5000
"""

import time

from domain.records import validate_record
from sync.server.evidence import judged_fields


def _validate_and_judge(checks):
    started = time.perf_counter()
    for check in checks:
        loaded = validate_record("checks", check)
        judged_fields("checks", loaded, check)
    return time.perf_counter() - started


def domain_seconds(checks, *, runs=3):
    """Seconds per check to validate it and judge its readings (best of `runs`)."""
    return min(_validate_and_judge(checks) for _ in range(runs)) / len(checks)


def bound_rate(floor_rate, domain_seconds):
    """Mutations/s when each mutation costs the floor's time plus `domain_seconds`."""
    return 1 / (1 / floor_rate + domain_seconds)
