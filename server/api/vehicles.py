"""`/api/v1/vehicles` — the offices' vehicles and the test equipment each carries.

Everyone reads (inspectors only their own office's); dispatchers change their own office's,
admins any. Records are synced to the devices of the office (bucket `office:<id>`).
"""

from server.api.record_routes import record_blueprint
from server.api.schemas import OfficeFilter
from server.queries import RecordQuery

#: Fields the `q` filter searches.
SEARCHED = ["plate", "name"]


def build_query(args):
    """The RecordQuery of a list request's filters."""
    return RecordQuery(
        "vehicles",
        equal={},
        search=(args.get("q"), SEARCHED),
        office_id=args.get("office_id") and str(args["office_id"]),
        order_by=("plate",),
    )


blp = record_blueprint(
    "vehicles",
    __name__,
    singular="vehicle",
    description="Vehicles",
    filter_schema=OfficeFilter,
    build_query=build_query,
)
