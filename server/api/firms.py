"""`/api/v1/firms` — firms (applicants, stations, shops) with their tax id and contact.

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

blp = Blueprint("firms", __name__, url_prefix="/api/v1/firms", description="Firms")

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


@blp.route("/")
class Firms(MethodView):
    @require_role(*ANYONE)
    @blp.arguments(OfficeFilter, location="query")
    @blp.response(200, RecordOut(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List firms"""
        return resources.list_page(build_query(args), pagination_parameters)

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.response(201, RecordOut)
    def post(self, body):
        """Create a firm"""
        return resources.create("firms", body)


@blp.route("/<uuid:record_id>")
class Firm(MethodView):
    @require_role(*ANYONE)
    @blp.response(200, RecordOut)
    def get(self, record_id):
        """Get one firm"""
        return resources.read("firms", str(record_id))

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(200, RecordOut)
    def patch(self, body, headers, record_id):
        """Change a firm"""
        return resources.update("firms", str(record_id), body, headers["version"])

    @require_role(*STAFF)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(204)
    def delete(self, headers, record_id):
        """Soft-delete a firm"""
        return resources.delete("firms", str(record_id), headers["version"])
