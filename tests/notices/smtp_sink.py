"""A real SMTP server on a loopback port (aiosmtpd), that keeps what it accepts — and can be
told to misbehave: close the connection at a given step of a given delivery.

    with smtp_sink() as sink:           # sink.port; sink.messages: accepted EmailMessages
        sink.misbehave = ["before_data", None, "after_accept"]   # per delivery, in order
"""

import asyncio
import contextlib
import email
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller

#: How a delivery may go wrong: the connection is closed ...
FAULTS = (
    "at_rcpt",  # ... when the recipient is given (nothing accepted)
    "before_data",  # ... once the message is received, before it is kept (nothing accepted)
    "after_accept",  # ... after the message is kept, before the 250 reaches the client
    "refuse_421",  # ... with a 421 answer to the message (nothing accepted)
    "refuse_550",  # (not closed) the recipient is refused for good with a 550
)


def free_port():
    """A TCP port free on the loopback interface now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """The handler: accepted messages, deliveries seen, and the faults still to play."""

    def __init__(self):
        self.messages = []
        self.deliveries = 0
        self.misbehave = []  # one entry per delivery attempt from now: a FAULTS name or None
        self.lock = threading.Lock()
        self.port = None
        self.delay = 0.0  # seconds each message takes to be accepted

    def _next_fault(self):
        with self.lock:
            self.deliveries += 1
            return self.misbehave.pop(0) if self.misbehave else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        fault = self._next_fault()
        session.fault = fault
        if fault == "at_rcpt":
            server.transport.close()
            return "421 closing"
        if fault == "refuse_550":
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        fault = getattr(session, "fault", None)
        if fault == "before_data":
            server.transport.close()
            return "421 closing"
        if fault == "refuse_421":
            return "421 4.3.2 try again later"
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        if fault == "after_accept":
            server.transport.close()
        return "250 Message accepted"

    def message_ids(self):
        """The Message-ID of every accepted message, in the order they came."""
        with self.lock:
            return [m["Message-ID"] for m in self.messages]


@contextlib.contextmanager
def smtp_sink():
    """Run a `Sink` on a free loopback port until the block ends."""
    sink = Sink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
