"""Prefetching the next pull page on a worker thread: same result, pages in order, and a
failed apply drops the prefetched page without moving the cursor."""

import threading

from sync.client.transport import RawPage
from tests.domain.factories import new_id
from tests.sync.client.doubles import PassThrough


class ThreadedPulls(PassThrough):
    """The fake server behind a transport that allows concurrent pulls, noting the threads."""

    concurrent_pull = True

    def __init__(self, server):
        super().__init__(server)
        self.server = server
        self.pull_threads = set()

    def pull(self, cursor, limit):
        self.pull_threads.add(threading.get_ident())
        return self.server.pull(cursor, limit)


def seed_sites(server, count):
    for n in range(count):
        server.write("sites", new_id(), {"name": f"Site {n}", "kind": "market"}, op="create")


def test_prefetching_pulls_every_page_in_order(server, replica, make_engine):
    seed_sites(server, 25)
    transport = ThreadedPulls(server)
    status = make_engine(replica, transport, page_limit=4).run()
    assert status.outcome == "ok"
    assert len(replica.query("sites")) == 25
    assert threading.get_ident() not in transport.pull_threads


def test_a_failed_apply_drops_the_prefetched_page(server, replica, make_engine):
    seed_sites(server, 12)
    committed = []

    def crash_on_the_third_page(step):
        if step == "pull:committed":
            committed.append(replica.meta("cursor"))
        if step == "pull:begin" and len(committed) == 2:
            raise RuntimeError("app killed while applying a page")

    replica.hook = crash_on_the_third_page
    failed = make_engine(replica, ThreadedPulls(server), page_limit=4).run()
    assert failed.outcome != "ok"
    assert replica.meta("cursor") == committed[-1]
    assert len(replica.query("sites")) == 8
    replica.hook = lambda step: None
    make_engine(replica, ThreadedPulls(server), page_limit=4).run()
    assert len(replica.query("sites")) == 12


class EarlyCursorPulls(ThreadedPulls):
    """Offers `pull_raw`: a page's decode waits until the next page has been asked for."""

    def __init__(self, server):
        super().__init__(server)
        self.asked = []
        self.next_asked = threading.Event()

    def pull_raw(self, cursor, limit):
        page = self.server.pull(cursor, limit)
        self.asked.append(cursor)
        if len(self.asked) > 1:
            self.next_asked.set()

        def decode():
            if page["has_more"] and len(self.asked) == 1:
                assert self.next_asked.wait(5), "the next page was not asked for before parsing"
            return page

        return RawPage(page["cursor"], page["has_more"], decode)


def test_next_page_is_asked_for_before_the_current_one_is_parsed(server, replica, make_engine):
    seed_sites(server, 10)
    transport = EarlyCursorPulls(server)
    status = make_engine(replica, transport, page_limit=3).run()
    assert status.outcome == "ok", status.last_error
    assert len(replica.query("sites")) == 10
    assert len(transport.asked) == len(set(transport.asked))
