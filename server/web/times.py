"""Times as the console shows and reads them: local (Taipei) times of day, HH:MM.

>>> hhmm("2030-01-01T09:30:00+08:00"), hhmm("2030-01-01T01:30:00+00:00")
('09:30', '09:30')
>>> seconds_of_hhmm("13:05")
47100
"""

from datetime import datetime

from server.planner.day import TAIPEI


def local_moment(text):
    """The aware local datetime of an ISO date-time (a naive one is local already)."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(TAIPEI) if moment.tzinfo else moment.replace(tzinfo=TAIPEI)


def hhmm(text):
    """The local time of day of an ISO date-time, HH:MM ("" for none)."""
    return local_moment(text).strftime("%H:%M") if text else ""


def seconds_of_hhmm(text):
    """Seconds since midnight of "HH:MM" (ValueError when it is not one)."""
    hours, minutes = (int(part) for part in text.split(":"))
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise ValueError(text)
    return hours * 3600 + minutes * 60
