"""`/api/v1/offices` — the branch's offices (admins change them; everyone reads).

Inspectors see only their own office. Offices are synced to every device (bucket `global`).
"""

from server.api.record_routes import record_blueprint
from server.api.schemas import OfficeFilter
from server.queries import RecordQuery


def build_query(args):
    """The RecordQuery of a list request's filters."""
    return RecordQuery("offices", search=(args.get("q"), ["name_zh", "name_en", "code"]))


blp = record_blueprint(
    "offices",
    __name__,
    singular="office",
    description="Offices",
    filter_schema=OfficeFilter,
    build_query=build_query,
    writers=("admin",),
)
