"""Reading the notice outbox in tests: the notices raised about a record, in short form."""

import contextlib

from server.database.db import connect
from server.notices.outbox import notices_of


def raised(db, collection, record_id):
    """[(kind, channel, recipient)] of the notices raised about one record, oldest first."""
    return [
        (n["kind"], n["channel"], n["recipient"]) for n in notices_of(db, collection, record_id)
    ]


def kinds(db, collection, record_id):
    """The kinds of the e-mail notices raised about one record, oldest first."""
    return [k for k, channel, _ in raised(db, collection, record_id) if channel == "email"]


def app_db(app):
    """A connection to the app's database for a `with` block."""
    return contextlib.closing(connect(app.config["DATABASE"]))
