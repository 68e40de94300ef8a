"""`/api/v1/jobs` — jobs: create, list, change, move through the state machine, assign.

Inspectors see only the jobs whose live assignment lists them; dispatchers change their own
office's jobs, admins any. Status changes only through `/transition` (409 with the reason when
the state machine refuses), assignment only through `/assignment`.
"""

from flask.views import MethodView

from server import jobs, resources
from server.api.record_schemas import change_body, create_body, record_out
from server.api.schemas import (
    AssignmentRequest,
    JobAssignment,
    JobFilter,
    TransitionRequest,
    VersionHeader,
)
from server.auth import ANYONE, STAFF, current_actor, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.db import get_db
from server.errors import ETAG_HEADER, Blueprint
from server.queries import RecordQuery

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Jobs")
JobRecord = record_out("jobs")


def build_query(args):
    """The RecordQuery of a list request's filters."""
    due = args.get("due_before")
    equal = {k: str(args[k]) for k in ("kind", "status", "site_id") if k in args}
    if "needs_review" in args:
        equal["needs_review"] = int(args["needs_review"])
    return RecordQuery(
        "jobs",
        equal=equal,
        search=(args.get("q"), ["application_number", "notes"]),
        before={"window_end": due.isoformat()} if due else {},
        office_id=args.get("office_id") and str(args["office_id"]),
        order_by=("window_start", "application_number"),
    )


@blp.route("/")
class Jobs(MethodView):
    @require_role(*ANYONE)
    @blp.arguments(JobFilter, location="query")
    @blp.response(200, JobRecord(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args, pagination_parameters):
        """List jobs"""
        return resources.list_page(build_query(args), pagination_parameters)

    @require_role(*STAFF)
    @blp.arguments(create_body("jobs"))
    @blp.response(201, JobRecord)
    @blp.refuses(404, 409)
    def post(self, body):
        """Create a job (status requested, with an application number)"""
        return jobs.create_job(get_db(), current_actor(), body)


@blp.route("/<uuid:job_id>")
class Job(MethodView):
    @require_role(*ANYONE)
    @blp.response(200, JobRecord, headers=ETAG_HEADER)
    @blp.refuses(404)
    def get(self, job_id):
        """Get one job"""
        return resources.read("jobs", str(job_id))

    @require_role(*STAFF)
    @blp.arguments(VersionHeader, location="headers")
    @blp.arguments(change_body("jobs")(partial=True))
    @blp.response(200, JobRecord, headers=ETAG_HEADER)
    @blp.refuses(404, 409, 412, 428)
    def patch(self, headers, body, job_id):
        """Change a job's fields (not its status)"""
        jobs.refuse_status_change(body)
        return resources.update("jobs", str(job_id), body, headers["version"])

    @require_role(*STAFF)
    @blp.arguments(VersionHeader, location="headers")
    @blp.response(204)
    @blp.refuses(404, 409, 412, 428)
    def delete(self, headers, job_id):
        """Soft-delete a job"""
        return resources.delete("jobs", str(job_id), headers["version"])


@blp.route("/<uuid:job_id>/transition", methods=["POST"])
@require_role(*STAFF)
@blp.arguments(VersionHeader, location="headers")
@blp.arguments(TransitionRequest)
@blp.response(200, JobRecord)
@blp.refuses(404, 409, 412, 428)
def transition(headers, body, job_id):
    """Move a job to another status"""
    return jobs.transition(get_db(), current_actor(), str(job_id), body["to"], headers["version"])


@blp.route("/<uuid:job_id>/assignment", methods=["POST"])
@require_role(*STAFF)
@blp.arguments(AssignmentRequest)
@blp.response(200, JobAssignment)
@blp.refuses(404, 409)
def assign(body, job_id):
    """Assign a job to inspectors and a vehicle on a day"""
    return jobs.assign(get_db(), current_actor(), str(job_id), body)
