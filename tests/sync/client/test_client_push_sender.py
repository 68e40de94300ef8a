"""Sending the next push batch while the current answer is applied: the server still sees one
request at a time, in order; every mutation takes effect once; a batch sent ahead of an
irregular answer (a retry) or of a failed apply is dropped and sent again."""

import threading

from sync.client import push
from tests.domain.factories import new_id
from tests.sync.client.doubles import PassThrough


class ThreadedPushes(PassThrough):
    """The fake server behind a transport that allows concurrent pushes.

    It notes the threads pushes run on, refuses two pushes at once, and notes which pushes
    arrived while the device was still applying the answer before.
    """

    concurrent_push = True

    def __init__(self, server):
        super().__init__(server)
        self.server = server
        self.push_threads = set()
        self.in_push = threading.Lock()
        self.applying = threading.Event()
        self.sent_while_applying = []

    def push(self, body):
        self.push_threads.add(threading.get_ident())
        if not self.in_push.acquire(blocking=False):
            raise AssertionError("two pushes reached the server at once")
        try:
            if self.applying.is_set():
                self.sent_while_applying.append(body["mutations"][0]["mutation_id"])
            return self.server.push(body)
        finally:
            self.in_push.release()


def watch_applies(transport, monkeypatch, fail_on=None):
    """Flag the transport while an answer is applied (slowly enough for a send to overlap)."""
    original = push.apply_push_answer
    calls = []

    def applying(replica, sent, answer, now, **options):
        calls.append(sent[0]["mutation_id"] if sent else None)
        transport.applying.set()
        try:
            for _ in range(200):  # give the worker's send the time to arrive meanwhile
                if transport.in_push.locked() or len(transport.server.pushes) > len(calls):
                    break
                threading.Event().wait(0.001)
            if fail_on is not None and len(calls) == fail_on:
                raise RuntimeError("app killed while applying a push answer")
            return original(replica, sent, answer, now, **options)
        finally:
            transport.applying.clear()

    monkeypatch.setattr(push, "apply_push_answer", applying)


def save_sites(replica, count):
    for n in range(count):
        replica.save("sites", new_id(), {"name": f"Site {n}", "kind": "market"}, op="create")


def sent_ids(server):
    return [[m["mutation_id"] for m in push["mutations"]] for push in server.pushes]


def test_batches_go_ahead_one_at_a_time_in_order(server, replica, make_engine, monkeypatch):
    save_sites(replica, 10)
    transport = ThreadedPushes(server)
    watch_applies(transport, monkeypatch)
    status = make_engine(replica, transport, batch_size=4).run()
    assert (status.outcome, status.pending) == ("ok", 0)
    assert sent_ids(server) == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]
    assert server.applied == [(replica.device_id, n) for n in range(1, 11)]
    assert transport.sent_while_applying == [5, 9]
    assert threading.get_ident() not in transport.push_threads


def test_a_retry_answer_drops_the_batch_sent_ahead(
    server, replica, make_engine, monkeypatch, slept
):
    save_sites(replica, 8)
    server.busy = 1
    transport = ThreadedPushes(server)
    watch_applies(transport, monkeypatch)
    status = make_engine(replica, transport, batch_size=4).run()
    assert (status.outcome, status.pending) == ("ok", 0)
    assert sent_ids(server) == [[1, 2, 3, 4], [5, 6, 7, 8], [1, 2, 3, 4], [5, 6, 7, 8]]
    assert len(slept) == 1  # backed off once, after the retry, before sending again
    assert server.applied == [(replica.device_id, n) for n in range(1, 9)]


def test_a_failed_apply_leaves_the_batch_sent_ahead_to_be_answered_again(
    server, replica, make_engine, monkeypatch
):
    save_sites(replica, 8)
    transport = ThreadedPushes(server)
    watch_applies(transport, monkeypatch, fail_on=1)
    assert make_engine(replica, transport, batch_size=4).run().outcome != "ok"
    assert server.applied == [(replica.device_id, n) for n in range(1, 9)]
    assert replica.counts()["pending"] == 8
    monkeypatch.undo()
    status = make_engine(replica, ThreadedPushes(server), batch_size=4).run()
    assert (status.outcome, status.pending) == ("ok", 0)
    assert server.applied == [(replica.device_id, n) for n in range(1, 9)]
    assert len(replica.query("sites")) == 8
