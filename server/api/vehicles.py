"""`/api/v1/vehicles` — the offices' vehicles and the test equipment each carries.

Everyone reads (inspectors only their own office's); dispatchers change their own office's,
admins any. Records are synced to the devices of the office (bucket `office:<id>`).
"""

from flask.views import MethodView

from server import resources
from server.api.schemas import OfficeFilter, RecordBody, RecordOut, VersionHeader
from server.auth import ANYONE, STAFF, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.errors import Blueprint
from server.queries import RecordQuery

blp = Blueprint("vehicles", __name__, url_prefix="/api/v1/vehicles", description="Vehicles")

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


@blp.route("/")
class Vehicles(MethodView):
    @require_role(*ANYONE)
    @blp.arguments(OfficeFilter, location="query")
    @blp.response(200, RecordOut(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List vehicles"""
        return resources.list_page(build_query(args), pagination_parameters)

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.response(201, RecordOut)
    def post(self, body):
        """Create a vehicle"""
        return resources.create("vehicles", body)


@blp.route("/<uuid:record_id>")
class Vehicle(MethodView):
    @require_role(*ANYONE)
    @blp.response(200, RecordOut)
    def get(self, record_id):
        """Get one vehicle"""
        return resources.read("vehicles", str(record_id))

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(200, RecordOut)
    def patch(self, body, headers, record_id):
        """Change a vehicle"""
        return resources.update("vehicles", str(record_id), body, headers["version"])

    @require_role(*STAFF)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(204)
    def delete(self, headers, record_id):
        """Soft-delete a vehicle"""
        return resources.delete("vehicles", str(record_id), headers["version"])
