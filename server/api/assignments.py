"""`/api/v1/assignments` — who goes to which job, with which vehicle, on which day (read).

Assignments are written by `POST /api/v1/jobs/<id>/assignment`; here they are listed and read.
An inspector sees only the assignments that list them.
"""

from flask.views import MethodView

from server import resources
from server.api.record_schemas import record_out
from server.api.schemas import AssignmentFilter
from server.auth import ANYONE, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.errors import ETAG_HEADER, Blueprint
from server.queries import RecordQuery

blp = Blueprint(
    "assignments", __name__, url_prefix="/api/v1/assignments", description="Assignments"
)


def build_query(args):
    """The RecordQuery of a list request's filters."""
    equal = {"job_id": str(args["job_id"])} if "job_id" in args else {}
    if "date" in args:
        equal["date"] = args["date"].isoformat()
    return RecordQuery(
        "assignments",
        equal=equal,
        office_id=args.get("office_id") and str(args["office_id"]),
        order_by=("date", "planned_start"),
    )


@blp.route("/")
class Assignments(MethodView):
    @require_role(*ANYONE)
    @blp.arguments(AssignmentFilter, location="query")
    @blp.response(200, record_out("assignments")(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List assignments"""
        return resources.list_page(build_query(args), pagination_parameters)


@blp.route("/<uuid:record_id>")
class Assignment(MethodView):
    @require_role(*ANYONE)
    @blp.response(200, record_out("assignments"), headers=ETAG_HEADER)
    @blp.refuses(404)
    def get(self, record_id):
        """Get one assignment"""
        return resources.read("assignments", str(record_id))
