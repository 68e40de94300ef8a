"""`/api/v1/plans` — day plans of an office, for its dispatchers only.

`POST /` proposes a day (nothing changes in the records); `POST /replan` proposes today again
from where the crews are now, saying what changed; `GET /<id>` reads a proposal; `POST
/<id>/apply` writes its assignments in one transaction (409 when the records changed since
it was made). Every proposal has passed the independent feasibility checker.
"""

from server.api.plan_schemas import AppliedPlan, PlanProposal, PlanRequest, ReplanRequest
from server.database.clock import now
from server.database.db import get_db
from server.errors import Blueprint
from server.identity.auth import current_actor, require_role
from server.planner import proposals
from server.planner.day import TAIPEI

blp = Blueprint("plans", __name__, url_prefix="/api/v1/plans", description="Day plans")


@blp.route("/", methods=["POST"])
@require_role("dispatcher")
@blp.arguments(PlanRequest)
@blp.response(201, PlanProposal)
@blp.refuses(404, 409)
def propose(body):
    """Propose a day plan for an office (nothing is applied)"""
    office_id = str(body["office_id"])
    return proposals.propose_day(get_db(), current_actor(), office_id, body["day"])


@blp.route("/replan", methods=["POST"])
@require_role("dispatcher")
@blp.arguments(ReplanRequest)
@blp.response(201, PlanProposal)
@blp.refuses(404, 409)
def replan(body):
    """Re-plan today from where each crew is now, keeping locked and started visits"""
    today = now().astimezone(TAIPEI).date()
    office_id = str(body["office_id"])
    return proposals.propose_day(get_db(), current_actor(), office_id, today, "replan")


@blp.route("/<uuid:proposal_id>", methods=["GET"])
@require_role("dispatcher")
@blp.response(200, PlanProposal)
@blp.refuses(404)
def read(proposal_id):
    """Read a plan proposal"""
    return proposals.get_proposal(get_db(), current_actor(), str(proposal_id))


@blp.route("/<uuid:proposal_id>/apply", methods=["POST"])
@require_role("dispatcher")
@blp.response(200, AppliedPlan)
@blp.refuses(404, 409)
def apply(proposal_id):
    """Apply a proposal: write all its assignments in one transaction"""
    return proposals.apply_proposal(get_db(), current_actor(), str(proposal_id))
