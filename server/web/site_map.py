"""A map of the day's sites and routes that needs no map tiles: plain SVG from lat/lon.

`day_map(db, office_id, day)` projects the office and the day's sites onto an SVG canvas
(equirectangular, longitude scaled by the cosine of the mean latitude, fitted with a margin)
and draws each crew's route as a polyline in route order, from the depot through its visits
and back; unassigned sites are hollow dots. Every point keeps its label for a tooltip.

    >>> fit([(25.0, 121.0), (25.1, 121.2)], 100, 100, 10)((25.0, 121.0))
    (10.0, 90.0)
"""

import math
from dataclasses import dataclass, field

from server.planner.day import ALL, read_day
from sync.server.records import get_record, list_records

WIDTH, HEIGHT, MARGIN = 900, 600, 30
#: Route colours, one per crew in turn.
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


@dataclass
class Point:
    x: float
    y: float
    label: str
    assigned: bool = True


@dataclass
class Line:
    colour: str
    label: str
    points: str
    stops: list = field(default_factory=list)


@dataclass
class DayMap:
    office: dict
    day: object
    width: int
    height: int
    depot: Point | None
    sites: list
    routes: list


def fit(places, width, height, margin):
    """A function (lat, lon) -> (x, y) that fits every place inside the canvas."""
    lats = [lat for lat, _ in places]
    lons = [lon for _, lon in places]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * scale_x, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    unit = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)

    def project(place):
        lat, lon = place
        x = margin + (lon - min(lons)) * scale_x * unit
        y = height - margin - (lat - min(lats)) * unit
        return round(x, 1), round(y, 1)

    return project


def day_map(db, office_id, day):
    """The office's day drawn as a `DayMap`."""
    the_day = read_day(db, office_id, day)
    problem = the_day.problem
    office = get_record(db, "offices", office_id)
    jobs = {j["id"]: j for j in list_records(db, "jobs", office_id=office_id, limit=ALL)}
    places = [(office["lat"], office["lon"])] + [(j.place.lat, j.place.lon) for j in problem.jobs]
    project = fit(places, WIDTH, HEIGHT, MARGIN)
    depot = Point(*project((office["lat"], office["lon"])), office.get("name_en") or "")
    sites = [
        Point(
            *project((job.place.lat, job.place.lon)),
            jobs[job.id].get("application_number") or job.label,
            job.id in the_day.assignments,
        )
        for job in problem.jobs
    ]
    return DayMap(office, day, WIDTH, HEIGHT, depot, sites, _routes(db, the_day, project, depot))


def _routes(db, the_day, project, depot):
    crews = {}
    for assignment in the_day.assignments.values():
        key = (assignment.get("vehicle_id") or "", tuple(assignment["inspector_ids"]))
        crews.setdefault(key, []).append(assignment)
    lines = []
    for n, ((vehicle_id, people), visits) in enumerate(sorted(crews.items())):
        visits.sort(key=lambda a: (a.get("route_order") or 0, a.get("planned_start") or ""))
        stops = [project(_latlon(the_day.problem, a["job_id"])) for a in visits]
        path = [(depot.x, depot.y), *stops, (depot.x, depot.y)]
        vehicle = get_record(db, "vehicles", vehicle_id) if vehicle_id else None
        names = [(get_record(db, "users", p) or {}).get("display_name", "") for p in people]
        label = f"{(vehicle or {}).get('plate', '—')} · {', '.join(names)}"
        points = " ".join(f"{x},{y}" for x, y in path)
        lines.append(Line(COLOURS[n % len(COLOURS)], label, points, stops))
    return lines


def _latlon(problem, job_id):
    place = problem.job(job_id).place
    return place.lat, place.lon
