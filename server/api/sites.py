"""`/api/v1/sites` — places inspectors go to (address, coordinates, office).

Everyone reads (inspectors only their own office's); dispatchers change their own office's,
admins any. Records are synced to the devices of the office (bucket `office:<id>`).
"""

from flask.views import MethodView

from server import resources
from server.api.schemas import RecordBody, RecordOut, SiteFilter, VersionHeader
from server.auth import ANYONE, STAFF, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.errors import Blueprint
from server.queries import RecordQuery

blp = Blueprint("sites", __name__, url_prefix="/api/v1/sites", description="Sites")

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


@blp.route("/")
class Sites(MethodView):
    @require_role(*ANYONE)
    @blp.arguments(SiteFilter, location="query")
    @blp.response(200, RecordOut(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List sites"""
        return resources.list_page(build_query(args), pagination_parameters)

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.response(201, RecordOut)
    def post(self, body):
        """Create a site"""
        return resources.create("sites", body)


@blp.route("/<uuid:record_id>")
class Site(MethodView):
    @require_role(*ANYONE)
    @blp.response(200, RecordOut)
    def get(self, record_id):
        """Get one site"""
        return resources.read("sites", str(record_id))

    @require_role(*STAFF)
    @blp.arguments(RecordBody)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(200, RecordOut)
    def patch(self, body, headers, record_id):
        """Change a site"""
        return resources.update("sites", str(record_id), body, headers["version"])

    @require_role(*STAFF)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(204)
    def delete(self, headers, record_id):
        """Soft-delete a site"""
        return resources.delete("sites", str(record_id), headers["version"])
