"""The protocol a travel-time source follows, so the planner and the checker can take any.

Times are whole seconds since midnight of the plan's day. `seconds(origin, destination,
depart)` is the time a trip takes when it leaves at `depart` (a ferry with a timetable makes it
depend on the hour); `longest(origin, destination, earliest, latest)` bounds it for every
departure in `[earliest, latest]`, or is None when no trip leaving in that interval arrives the
same day. A solver that plans with `longest` makes schedules the real trips can keep, because a
trip that leaves later never arrives earlier.
"""

from typing import Protocol

from domain.planning.model import Place

#: Seconds in a day: arrivals at or after it are on another day.
DAY = 24 * 3600


class TravelTimes(Protocol):
    """Any travel-time source: straight lines and road factors, a ferry timetable, a router."""

    def seconds(self, origin: Place, destination: Place, depart: int) -> int:
        """The travel time in seconds of a trip leaving `origin` at `depart`."""
        ...

    def longest(self, origin: Place, destination: Place, earliest: int, latest: int) -> int | None:
        """The longest travel time for departures in `[earliest, latest]`; None if none
        of them arrives the same day."""
        ...
