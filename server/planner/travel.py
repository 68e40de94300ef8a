"""The default travel-time source: straight-line distance times a road factor, divided by the
road speed of the area (the office whose district the trip is in).

Roads wind, so a straight line is stretched by `road_factor`; a trip inside one area drives at
that area's speed, a trip between areas at the highway speed `between_kmh`. Times round up to
the second, so a plan never promises a trip faster than this source.

    >>> from domain.planning.model import Place
    >>> keelung = Place("k", 25.1316, 121.7445, "KEELUNG")
    >>> suao = Place("s", 24.5950, 121.8510, "SUAO")
    >>> StraightLineTravel().seconds(keelung, suao, 8 * 3600) // 60
    84
"""

from math import asin, ceil, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0
#: How much longer the road is than the straight line, on average.
ROAD_FACTOR = 1.4
#: Average road speed per area (km/h): city streets in Keelung, highway to Su'ao.
SPEED_KMH = {"KEELUNG": 25.0, "WUDU": 32.0, "SUAO": 45.0, "MATSU": 25.0}
DEFAULT_SPEED_KMH = 30.0
#: Speed between areas (the freeways and the coast road).
BETWEEN_AREAS_KMH = 60.0


def straight_km(origin, destination):
    """The great-circle distance in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(
        radians, (origin.lat, origin.lon, destination.lat, destination.lon)
    )
    half = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(half))


class StraightLineTravel:
    """Straight line × road factor ÷ area speed; the same at every hour of the day."""

    def __init__(
        self,
        road_factor=ROAD_FACTOR,
        speeds=None,
        default_kmh=DEFAULT_SPEED_KMH,
        between_kmh=BETWEEN_AREAS_KMH,
    ):
        self.road_factor = road_factor
        self.speeds = dict(SPEED_KMH if speeds is None else speeds)
        self.default_kmh = default_kmh
        self.between_kmh = between_kmh

    def speed(self, origin, destination):
        """The speed of a trip: its area's, or the highway speed between two areas."""
        if origin.area != destination.area:
            return self.between_kmh
        return self.speeds.get(origin.area, self.default_kmh)

    def seconds(self, origin, destination, depart=0):
        if origin == destination:
            return 0
        km = straight_km(origin, destination) * self.road_factor
        return ceil(km / self.speed(origin, destination) * 3600)

    def longest(self, origin, destination, earliest, latest):
        return self.seconds(origin, destination, earliest)
