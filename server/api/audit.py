"""`/api/v1/audit` — the audit log: who changed what, when, from which device (admins)."""

from domain.access import ADMIN
from server.api.schemas import AuditEntry, AuditFilter
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.database.db import get_db
from server.errors import Blueprint
from server.identity.auth import require_role
from server.records import store
from server.records.paging import offset_of

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit", description="Audit log")


@blp.route("/", methods=["GET"])
@require_role(ADMIN)
@blp.arguments(AuditFilter, location="query")
@blp.response(200, AuditEntry(many=True))
@blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_audit(args, pagination_parameters):
    """List audit entries, newest first"""
    entries, pagination_parameters.item_count = store.list_audit(
        get_db(),
        filters=args,
        limit=pagination_parameters.page_size,
        offset=offset_of(pagination_parameters),
    )
    return entries
