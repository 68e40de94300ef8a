"""Holding Python's cyclic garbage collector off while a large JSON body is parsed.

Parsing a pull page (or a push body) builds tens of thousands of dicts and lists that all
stay alive until the page is stored. Every 700 new containers the collector walks the young
ones, finds them all alive and promotes them, then walks them again in the older
generations: on a 1 MB page that is more than half the parse time. Reference counting still
frees everything that is not in a cycle, and the collector runs again when the block ends.

The pause is process-wide (the collector is), so it counts the threads inside a block and
turns the collector back on only when the last one leaves — and only if it was on before.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"holders": 0, "was_enabled": False}


def _enter():
    with _lock:
        if _state["holders"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["holders"] += 1


def _leave():
    with _lock:
        _state["holders"] -= 1
        if _state["holders"] == 0 and _state["was_enabled"]:
            gc.enable()


@contextmanager
def gc_paused():
    """Run the block with the cyclic collector off (re-entrant and safe across threads)."""
    _enter()
    try:
        yield
    finally:
        _leave()
