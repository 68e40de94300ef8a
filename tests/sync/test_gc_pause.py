"""The collector pause around large parses: off inside, back on after, across threads."""

import gc
import threading

from sync.gc_pause import gc_paused


def test_collector_is_back_on_after_an_error_inside():
    try:
        with gc_paused():
            raise ValueError("parse failed")
    except ValueError:
        pass
    assert gc.isenabled()


def test_collector_stays_off_until_the_last_thread_leaves():
    inside, release = threading.Event(), threading.Event()

    def hold():
        with gc_paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    inside.wait(5)
    with gc_paused():
        pass
    assert not gc.isenabled()  # the worker is still parsing
    release.set()
    worker.join(5)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_app_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
