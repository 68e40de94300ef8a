"""The clock of every timestamp the server stores: record writes, audit entries, conflicts.

One source and one precision (ISO 8601 in UTC, to the millisecond): `utc_now()`. The source
is the system clock unless the server hands its own (`use_clock`): `create_app` does, so
an app's `CLOCK` setting (a fake clock in tests) controls record writes and audit entries
alike. Timestamps are data for people; nothing is ordered or paged by them.

    >>> from datetime import UTC, datetime
    >>> stamp(datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    '2026-12-01T08:30:00.000+00:00'
"""

from datetime import UTC, datetime


def system_now():
    """The system clock, in UTC."""
    return datetime.now(UTC)


_source = [system_now]


def use_clock(source):
    """Take "now" from `source` (a callable returning an aware datetime) from here on."""
    _source[0] = source


def stamp(moment):
    """A moment as the server stores it: ISO 8601 in UTC, to the millisecond."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def utc_now():
    """Now, as the server stores it (see `stamp`)."""
    return stamp(_source[0]())
