"""The server's notion of "now", swappable in tests.

Token expiry, login throttling, audit entries and record writes all ask `now()`. An app may
set the `CLOCK` setting to a callable returning an aware `datetime` (a fake clock in tests);
otherwise the system clock in UTC is used. Device clocks never reach here. `create_app`
makes `now()` the source of `sync.server.clock`, which stamps what the sync half stores
(record writes, audit entries), so one clock controls them all.

    >>> now().tzinfo is not None
    True
"""

from datetime import UTC

from flask import current_app, has_app_context

from sync.server.clock import system_now


def now():
    """The current time: the app's `CLOCK` if one is configured, else the system clock."""
    if has_app_context():
        clock = current_app.config.get("CLOCK")
        if clock is not None:
            return clock()
    return system_now()


def iso(moment):
    """A timestamp as stored in the database: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")
