"""Travel with ferries: trips between islands wait for a sailing of the timetable.

A place's `island` says which one it is on (None: Taiwan). A trip on one island drives (the
land source); between islands it drives to the island's port, takes the sailings of
`Timetable` that get there soonest (changing boats at a port if need be: a connection scan
over sailings in order of departure), and drives on from the arrival port. Sailings that
arrive after midnight arrive on another day: a trip that needs one does not fit in a day plan.

`MATSU` is the branch's timetable: the overnight ferry Keelung–Nangan and back by day, the
hourly boat Nangan–Beigan and two sailings a day Nangan–Dongyin. `island_at(lat, lon)` tells
which Matsu island a point is on.

    >>> travel = FerryTravel.matsu()
    >>> nangan = Place("n", 26.1590, 119.9490, "MATSU", "nangan")
    >>> beigan = Place("b", 26.2230, 119.9990, "MATSU", "beigan")
    >>> travel.seconds(nangan, beigan, 8 * 3600 + 10 * 60) // 60  # next boat at 09:00
    69
    >>> keelung = Place("k", 25.1316, 121.7445, "KEELUNG")
    >>> travel.longest(keelung, nangan, 8 * 3600, 17 * 3600) is None  # only the night ferry
    True
"""

from dataclasses import dataclass

from domain.planning.model import Place
from domain.planning.travel import DAY
from server.planner.travel import StraightLineTravel

H = 3600


@dataclass(frozen=True)
class Sailing:
    """One boat: from port to port, leaving and arriving (seconds since midnight; an arrival
    past `DAY` is on the next day)."""

    origin: str
    destination: str
    depart: int
    arrive: int


@dataclass(frozen=True)
class Island:
    """An island, its port, and the box of latitude and longitude it lies in."""

    name: str
    port: Place
    box: tuple[float, float, float, float]


def _hm(text, next_day=False):
    hours, minutes = map(int, text.split(":"))
    return hours * H + minutes * 60 + (DAY if next_day else 0)


def _hourly(origin, destination, first, last, minutes):
    return [
        Sailing(origin, destination, hour * H, hour * H + minutes * 60)
        for hour in range(first, last + 1)
    ]


MATSU_ISLANDS = (
    Island(
        "nangan",
        Place("port-fuao", 26.1607, 119.9440, "MATSU", "nangan"),
        (26.12, 26.18, 119.88, 119.99),
    ),
    Island(
        "beigan",
        Place("port-baisha", 26.2200, 119.9850, "MATSU", "beigan"),
        (26.19, 26.25, 119.95, 120.04),
    ),
    Island(
        "dongyin",
        Place("port-zhongliu", 26.3680, 120.4880, "MATSU", "dongyin"),
        (26.34, 26.40, 120.46, 120.53),
    ),
)
KEELUNG_PORT = Place("port-keelung", 25.1330, 121.7400, "KEELUNG", None)

MATSU_SAILINGS = (
    Sailing("taiwan", "nangan", _hm("21:50"), _hm("08:00", next_day=True)),
    Sailing("nangan", "taiwan", _hm("09:30"), _hm("18:00")),
    *_hourly("nangan", "beigan", 7, 17, 15),
    *_hourly("beigan", "nangan", 7, 17, 15),
    Sailing("nangan", "dongyin", _hm("07:30"), _hm("09:30")),
    Sailing("nangan", "dongyin", _hm("13:00"), _hm("15:00")),
    Sailing("dongyin", "nangan", _hm("10:30"), _hm("12:30")),
    Sailing("dongyin", "nangan", _hm("15:30"), _hm("17:30")),
)


def island_at(lat, lon, islands=MATSU_ISLANDS):
    """The island a point lies on, or None (Taiwan)."""
    for island in islands:
        south, north, west, east = island.box
        if south <= lat <= north and west <= lon <= east:
            return island.name
    return None


class FerryTravel:
    """Land travel on each island, the timetable's sailings between them."""

    def __init__(self, land, ports, sailings):
        self.land = land
        self.ports = dict(ports)
        self.sailings = tuple(sorted(sailings, key=lambda sailing: sailing.depart))

    @classmethod
    def matsu(cls, land=None):
        """The branch's ferries, over straight-line land travel by default."""
        ports = {"taiwan": KEELUNG_PORT, **{i.name: i.port for i in MATSU_ISLANDS}}
        return cls(land or StraightLineTravel(), ports, MATSU_SAILINGS)

    def seconds(self, origin, destination, depart):
        if origin.island == destination.island:
            return self.land.seconds(origin, destination, depart)
        return self._arrival(origin, destination, depart) - depart

    def longest(self, origin, destination, earliest, latest):
        if origin.island == destination.island:
            return self.land.longest(origin, destination, earliest, latest)
        to_port = self.land.seconds(origin, self._port(origin), earliest)
        # The longest waits come just after a boat is missed: try each such departure.
        tries = [earliest] + [
            s.depart - to_port + 1
            for s in self.sailings
            if s.origin == _key(origin) and earliest < s.depart - to_port + 1 <= latest
        ]
        same_day = [t for t in tries if self._arrival(origin, destination, t) < DAY]
        if not same_day or same_day[0] != earliest:
            return None
        return max(self._arrival(origin, destination, t) - t for t in same_day)

    def _port(self, place):
        return self.ports[_key(place)]

    def _arrival(self, origin, destination, depart):
        """The earliest arrival at `destination` leaving `origin` at `depart` (a connection
        scan: sailings in order of departure, each taken if its port is reached in time)."""
        reached = {_key(origin): depart + self.land.seconds(origin, self._port(origin), depart)}
        for sailing in self.sailings + self._next_day():
            at_port = reached.get(sailing.origin)
            sooner = sailing.arrive < reached.get(sailing.destination, float("inf"))
            if at_port is not None and at_port <= sailing.depart and sooner:
                reached[sailing.destination] = sailing.arrive
        landed = reached.get(_key(destination))
        if landed is None:
            return 10 * DAY
        port = self._port(destination)
        return landed + self.land.seconds(port, destination, landed)

    def _next_day(self):
        return tuple(
            Sailing(s.origin, s.destination, s.depart + DAY, s.arrive + DAY) for s in self.sailings
        )


def _key(place):
    return place.island or "taiwan"
