"""`/api/v1/offices` — the branch's offices (admins change them; everyone reads).

Inspectors see only their own office. Offices are synced to every device (bucket `global`).
"""

from flask.views import MethodView

from server import resources
from server.api.schemas import OfficeFilter, RecordBody, RecordOut, VersionHeader
from server.auth import ANYONE, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.errors import Blueprint
from server.queries import RecordQuery

blp = Blueprint("offices", __name__, url_prefix="/api/v1/offices", description="Offices")


@blp.route("/")
class Offices(MethodView):
    @require_role(*ANYONE)
    @blp.arguments(OfficeFilter, location="query")
    @blp.response(200, RecordOut(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List offices"""
        query = RecordQuery("offices", search=(args.get("q"), ["name", "code", "name_en"]))
        return resources.list_page(query, pagination_parameters)

    @require_role("admin")
    @blp.arguments(RecordBody)
    @blp.response(201, RecordOut)
    def post(self, body):
        """Create an office"""
        return resources.create("offices", body)


@blp.route("/<uuid:office_id>")
class Office(MethodView):
    @require_role(*ANYONE)
    @blp.response(200, RecordOut)
    def get(self, office_id):
        """Get one office"""
        return resources.read("offices", str(office_id))

    @require_role("admin")
    @blp.arguments(RecordBody)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(200, RecordOut)
    def patch(self, body, headers, office_id):
        """Change an office"""
        return resources.update("offices", str(office_id), body, headers["version"])

    @require_role("admin")
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(204)
    def delete(self, headers, office_id):
        """Soft-delete an office"""
        return resources.delete("offices", str(office_id), headers["version"])
