"""Blobs the server has lost: a server copy flagged `incomplete` names them.

The server stores a record with `incomplete: true` while a blob it references is not complete
in its blob store. When such a copy reaches the device — in a push answer or a pulled page —
every blob it names that the device had already sent (`uploaded`) was lost on the server, in a
restore from a backup: it is marked `missing`, and the next upload pass sends it again,
whether or not the record is still on the device by then (a check of a job reassigned
meanwhile leaves it as soon as it is pushed). Runs inside the caller's transaction.
"""

import orjson

INCOMPLETE_KEY = b'"incomplete"'


def mark_lost_blobs(db, record_text):
    """Mark `missing` the sent blobs that a server copy flagged incomplete names (its JSON)."""
    db.execute(
        "UPDATE blobs SET state = 'missing' WHERE state = 'uploaded' AND instr(?, sha256) > 0",
        [record_text],
    )


def flagged_incomplete(data):
    """True when a server copy's JSON bytes say `incomplete: true` (parsed only when the key
    is in them, which is rare)."""
    return INCOMPLETE_KEY in data and orjson.loads(data).get("incomplete") is True
