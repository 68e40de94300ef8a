"""`/api/v1/firms` — firms (applicants, stations, shops) with their tax id and contact.

Everyone reads (inspectors only their own office's); dispatchers change their own office's,
admins any. Records are synced to the devices of the office (bucket `office:<id>`).
"""

from server.api.record_routes import record_blueprint
from server.api.schemas import OfficeFilter
from server.queries import RecordQuery

#: Fields the `q` filter searches.
SEARCHED = ["name", "tax_id", "contact_name"]


def build_query(args):
    """The RecordQuery of a list request's filters."""
    return RecordQuery(
        "firms",
        equal={},
        search=(args.get("q"), SEARCHED),
        office_id=args.get("office_id") and str(args["office_id"]),
        order_by=("name",),
    )


blp = record_blueprint(
    "firms",
    __name__,
    singular="firm",
    description="Firms",
    filter_schema=OfficeFilter,
    build_query=build_query,
)
