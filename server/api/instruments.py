"""`/api/v1/instruments` — measuring instruments with their seal and due date.

Everyone reads (inspectors only their own office's); dispatchers change their own office's,
admins any. Records are synced to the devices of the office (bucket `office:<id>`).
"""

from flask.views import MethodView

from server import resources
from server.api.schemas import InstrumentFilter, RecordBody, RecordOut, VersionHeader
from server.auth import ANYONE, STAFF, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.errors import Blueprint
from server.queries import RecordQuery

blp = Blueprint(
    "instruments", __name__, url_prefix="/api/v1/instruments", description="Instruments"
)

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


@blp.route("/")
class Instruments(MethodView):
    @require_role(*ANYONE)
    @blp.arguments(InstrumentFilter, location="query")
    @blp.response(200, RecordOut(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List instruments"""
        return resources.list_page(build_query(args), pagination_parameters)

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.response(201, RecordOut)
    def post(self, body):
        """Create a instrument"""
        return resources.create("instruments", body)


@blp.route("/<uuid:record_id>")
class Instrument(MethodView):
    @require_role(*ANYONE)
    @blp.response(200, RecordOut)
    def get(self, record_id):
        """Get one instrument"""
        return resources.read("instruments", str(record_id))

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(200, RecordOut)
    def patch(self, body, headers, record_id):
        """Change a instrument"""
        return resources.update("instruments", str(record_id), body, headers["version"])

    @require_role(*STAFF)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(204)
    def delete(self, headers, record_id):
        """Soft-delete a instrument"""
        return resources.delete("instruments", str(record_id), headers["version"])
