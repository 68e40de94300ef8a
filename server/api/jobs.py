"""`/api/v1/jobs` — jobs: create, list, change, move through the state machine, assign.

Inspectors see only the jobs whose live assignment lists them; dispatchers change their own
office's jobs, admins any. Listing, reading, changing and deleting are the routes every
record resource has (`record_routes`); creating is the jobs' own (a new job is requested and
gets an application number). Status changes only through `/transition` (409 with the reason
when the state machine refuses), assignment only through `/assignment`.
"""

from server.api import list_queries
from server.api.record_routes import RecordResource, record_blueprint
from server.api.record_schemas import create_body, record_out
from server.api.schemas import (
    AssignmentRequest,
    JobAssignment,
    JobFilter,
    TransitionRequest,
    VersionHeader,
)
from server.database.db import get_db
from server.identity.auth import STAFF, current_actor, require_role
from server.records import jobs

JOBS = RecordResource(
    "jobs",
    "job",
    "Jobs",
    JobFilter,
    list_queries.jobs,
    own_create=True,
    check_change=jobs.refuse_status_change,
    summaries={"patch": "Change a job's fields (not its status)"},
    id_name="job_id",
)
blp = record_blueprint(JOBS, __name__)
JobRecord = record_out("jobs")


@blp.route("/", methods=["POST"])
@require_role(*STAFF)
@blp.arguments(create_body("jobs"))
@blp.response(201, JobRecord)
@blp.refuses(404, 409)
def create(body):
    """Create a job (status requested, with an application number)"""
    return jobs.create_job(get_db(), current_actor(), body)


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
