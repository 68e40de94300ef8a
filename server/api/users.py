"""`/api/v1/users` — people and their roles (admins change them; dispatchers read).

The body of a create holds the user's public fields plus `password`; the password is stored
only as an argon2 hash in the server's `accounts` table, never synced.
"""

from flask.views import MethodView

from domain.access import ADMIN
from server.api import list_queries
from server.api.etags import ETAG_HEADER, with_etag
from server.api.record_schemas import change_body, create_body, record_out
from server.api.schemas import ChangedPassword, NewPassword, UserFilter, VersionHeader
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.database.db import get_db
from server.errors import Blueprint
from server.identity import users
from server.identity.auth import STAFF, current_actor, require_role
from server.records import resources

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Users")
UserRecord = record_out("users")


@blp.route("/")
class Users(MethodView):
    @require_role(*STAFF)
    @blp.arguments(UserFilter, location="query")
    @blp.response(200, UserRecord(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List users"""
        return resources.list_page(list_queries.users(args), pagination_parameters)

    @require_role(ADMIN)
    @blp.arguments(create_body("users", NewPassword))
    @blp.response(201, UserRecord)
    @blp.refuses(404, 409)
    def post(self, body):
        """Create a user with a password"""
        return users.create_user(get_db(), current_actor(), body)


@blp.route("/<uuid:user_id>")
class User(MethodView):
    @require_role(*STAFF)
    @blp.response(200, UserRecord, headers=ETAG_HEADER)
    @blp.refuses(404)
    @with_etag
    def get(self, user_id):
        """Get one user"""
        return resources.read("users", str(user_id))

    @require_role(ADMIN)
    @blp.arguments(VersionHeader, location="headers")
    @blp.arguments(change_body("users", ChangedPassword)(partial=True))
    @blp.response(200, UserRecord)
    @blp.refuses(404, 409, 412, 428)
    def patch(self, headers, body, user_id):
        """Change a user (and optionally set a new password)"""
        return users.update_user(get_db(), current_actor(), str(user_id), body, headers["version"])

    @require_role(ADMIN)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(204)
    @blp.refuses(404, 409, 412, 428)
    def delete(self, headers, user_id):
        """Soft-delete a user and revoke their devices"""
        users.delete_user(get_db(), current_actor(), str(user_id), headers["version"])
