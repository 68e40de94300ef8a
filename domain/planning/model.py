"""The plan model: what a dispatcher plans a day with, and what a plan of that day is.

Every time is whole seconds since midnight of the plan's day (local time), every duration
whole seconds. A **crew** is one vehicle and the inspectors who ride in it all day; a
**route** is a crew's day: where and when it sets out, its visits in order, when it is back.
A **lock** pins a job to an inspector, to a start time, or to both; a **started visit** (in
progress or done) is history the planner never moves.

    >>> Gear("proving_measure", 20, "L").describe()
    '20 L proving measure'
    >>> Gear("test_weights", 500, "kg").covers(Gear("test_weights", 300, "kg"))
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.planning.travel import TravelTimes


@dataclass(frozen=True)
class Place:
    """A point on the map: `area` picks the road speed, `island` the ferry (None: Taiwan)."""

    id: str
    lat: float
    lon: float
    area: str = ""
    island: str | None = None


@dataclass(frozen=True)
class Gear:
    """Test equipment: what a job needs or what a vehicle carries (kind, capacity, unit)."""

    kind: str
    capacity: float | None = None
    unit: str = ""

    def covers(self, need: Gear) -> bool:
        """True when this piece serves `need`: the same kind, with at least its capacity."""
        if self.kind != need.kind:
            return False
        return need.capacity is None or (self.capacity or 0) >= need.capacity

    def describe(self) -> str:
        """How a person names it, e.g. '20 L proving measure'."""
        name = self.kind.replace("_", " ")
        if self.capacity is None:
            return name
        return f"{self.capacity:g} {self.unit} {name}".replace("  ", " ")


@dataclass(frozen=True)
class PlanJob:
    """A job to place in the day: where, the window its visit must start in, how long it
    takes on site, what it needs, how urgent it is, and how many inspectors it takes."""

    id: str
    office_id: str
    place: Place
    window: tuple[int, int]
    service: int
    skills: frozenset[str] = frozenset()
    equipment: tuple[Gear, ...] = ()
    priority: int = 0
    inspectors_needed: int = 1
    label: str = ""


@dataclass(frozen=True)
class Inspector:
    """An inspector who can be planned: office, skills, and the shift `(start, end)`."""

    id: str
    office_id: str
    skills: frozenset[str]
    shift: tuple[int, int]
    name: str = ""


@dataclass(frozen=True)
class Vehicle:
    """An office vehicle: it leaves from and returns to `depot`, with seats and equipment."""

    id: str
    office_id: str
    depot: Place
    seats: int
    equipment: tuple[Gear, ...] = ()
    plate: str = ""


@dataclass(frozen=True)
class Departure:
    """Where and when a crew sets out: its depot at the shift's start, or, mid-day, the
    place of its last visit started or finished and the time it is free there."""

    place: Place
    time: int


@dataclass(frozen=True)
class Crew:
    """A vehicle and the inspectors in it; `start` None means its depot at the shift start."""

    vehicle_id: str
    inspector_ids: tuple[str, ...]
    start: Departure | None = None


@dataclass(frozen=True)
class Lock:
    """The dispatcher's pin on a job: to inspectors (all of them in its crew), to a start
    time, or to both."""

    job_id: str
    inspector_ids: tuple[str, ...] = ()
    start: int | None = None


@dataclass(frozen=True)
class StartedVisit:
    """A visit already started or finished: it stays with its crew at its time."""

    job_id: str
    vehicle_id: str | None
    inspector_ids: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Visit:
    """One planned visit: when the crew arrives, starts the work and leaves."""

    job_id: str
    arrival: int
    start: int
    end: int


@dataclass(frozen=True)
class Route:
    """A crew's day: it sets out from `start` at `depart`, makes `visits` in order and is
    back at its vehicle's depot at `back`."""

    vehicle_id: str
    inspector_ids: tuple[str, ...]
    start: Place
    depart: int
    visits: tuple[Visit, ...]
    back: int


@dataclass(frozen=True)
class Unserved:
    """A job the plan leaves out, and why, in words a dispatcher acts on; `code` and
    `values` (name, text pairs) say the same for a page in another language
    (`domain.planning.reasons`)."""

    job_id: str
    reason: str
    code: str = ""
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Plan:
    """A proposed day: the routes and every job left out with its reason."""

    routes: tuple[Route, ...]
    unserved: tuple[Unserved, ...] = ()
    started: tuple[StartedVisit, ...] = ()

    def served_ids(self) -> list[str]:
        """The ids of the jobs the routes visit, route by route."""
        return [visit.job_id for route in self.routes for visit in route.visits]


@dataclass(frozen=True)
class PlanProblem:
    """Everything a day plan is made from and checked against."""

    day: date
    jobs: tuple[PlanJob, ...]
    inspectors: tuple[Inspector, ...]
    vehicles: tuple[Vehicle, ...]
    travel: TravelTimes
    locks: tuple[Lock, ...] = ()
    started: tuple[StartedVisit, ...] = ()
    crews: tuple[Crew, ...] | None = None
    now: int | None = None
    office_names: dict[str, str] = field(default_factory=dict)

    def job(self, job_id: str) -> PlanJob:
        """The job of that id (KeyError if the problem has none)."""
        return self._by_id("jobs")[job_id]

    def has_job(self, job_id: str) -> bool:
        return job_id in self._by_id("jobs")

    def inspector(self, inspector_id: str) -> Inspector:
        return self._by_id("inspectors")[inspector_id]

    def vehicle(self, vehicle_id: str) -> Vehicle:
        return self._by_id("vehicles")[vehicle_id]

    def lock_of(self, job_id: str) -> Lock | None:
        """The dispatcher's lock on a job, if any."""
        return next((lock for lock in self.locks if lock.job_id == job_id), None)

    def _by_id(self, what: str) -> dict:
        cache = self.__dict__.setdefault("_index", {})
        if what not in cache:
            cache[what] = {item.id: item for item in getattr(self, what)}
        return cache[what]


def clock(seconds: int) -> str:
    """A time of the day as HH:MM, e.g. for reasons and reports.

    >>> clock(8 * 3600 + 30 * 60)
    '08:30'
    """
    minutes = seconds // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
