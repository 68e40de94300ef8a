"""`/api/v1/instruments` — measuring instruments with their seal and due date.

Everyone reads (inspectors only their own office's); dispatchers change their own office's,
admins any. Records are synced to the devices of the office (bucket `office:<id>`).
"""

from server.api.record_routes import record_blueprint
from server.api.schemas import InstrumentFilter
from server.queries import RecordQuery

#: Fields the `q` filter searches.
SEARCHED = ["serial", "make", "model"]


def build_query(args):
    """The RecordQuery of a list request's filters."""
    return RecordQuery(
        "instruments",
        equal={k: str(args[k]) for k in ("site_id", "type") if k in args},
        search=(args.get("q"), SEARCHED),
        before={"due_date": args["due_before"].isoformat()} if "due_before" in args else {},
        after={"due_date": args["due_after"].isoformat()} if "due_after" in args else {},
        office_id=args.get("office_id") and str(args["office_id"]),
        order_by=("due_date", "serial"),
    )


blp = record_blueprint(
    "instruments",
    __name__,
    singular="instrument",
    description="Instruments",
    filter_schema=InstrumentFilter,
    build_query=build_query,
)
