"""SMS through an adapter: anything with `send(notice_id, to, text)` that returns once the
message is handed over and raises `SendFailed` otherwise.

The default adapter, `SmsLog`, hands nothing to a gateway: it appends each message as one
JSON line (notice id, recipient, text, time) to the SMS outbox log and flushes it to disk
before returning, so the office can see and forward what would have been sent. A gateway
adapter (an HTTP call to the operator's API) takes its place in production; the worker does
not change. As with e-mail, a message resent after a crash carries the same notice id.

    >>> import json, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "sms.jsonl")
    >>> SmsLog(path, clock=lambda: "2030-01-01T00:00:00+00:00").send("n1", "0912", "Hi")
    >>> json.loads(open(path, encoding="utf-8").read())["to"]
    '0912'
"""

import json
import os
import threading

from server.notices.mail import SendFailed
from sync.server.clock import utc_now


class SmsLog:
    """The default SMS adapter: one JSON line per message in a log file."""

    def __init__(self, path, *, clock=utc_now):
        self.path = path
        self.clock = clock
        self.lock = threading.Lock()

    def send(self, notice_id, to, text):
        """Append the message to the log and flush it to disk."""
        line = json.dumps(
            {"notice_id": notice_id, "to": to, "text": text, "at": self.clock()},
            ensure_ascii=False,
        )
        try:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            with self.lock, open(self.path, "a", encoding="utf-8") as log:
                log.write(line + "\n")
                log.flush()
                os.fsync(log.fileno())
        except OSError as error:
            raise SendFailed(f"SMS log {self.path}: {error}") from error

    def close(self):
        """Nothing to close: the log is opened for each message."""


def read_sms_log(path):
    """The messages of an SMS log, oldest first (an absent log holds none)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.strip()]
