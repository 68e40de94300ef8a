"""`/api/v1/sites` — places inspectors go to (address, coordinates, office).

Everyone reads (inspectors only their own office's); dispatchers change their own office's,
admins any. Records are synced to the devices of the office (bucket `office:<id>`).
"""

from server.api.record_routes import record_blueprint
from server.api.schemas import SiteFilter
from server.queries import RecordQuery

#: Fields the `q` filter searches.
SEARCHED = ["name", "address"]


def build_query(args):
    """The RecordQuery of a list request's filters."""
    return RecordQuery(
        "sites",
        equal={k: str(args[k]) for k in ("firm_id", "kind") if k in args},
        search=(args.get("q"), SEARCHED),
        office_id=args.get("office_id") and str(args["office_id"]),
        order_by=("name",),
    )


blp = record_blueprint(
    "sites",
    __name__,
    singular="site",
    description="Sites",
    filter_schema=SiteFilter,
    build_query=build_query,
)
