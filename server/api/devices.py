"""`/api/v1/devices` — the devices users logged in on: revoking and unpairing them (admins).

Revoking a device revokes every token it holds: its next request is refused with 401 at once;
it stays paired with its user, who may log in on it again. Unpairing also revokes its tokens,
and releases it: the next login pairs it with that login's user (a login by another user on
a paired device is refused with 409).
"""

from server.api.schemas import DeviceFilter, DeviceToken, RevokeResult, UnpairResult
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.database.db import get_db
from server.errors import Blueprint
from server.identity import devices
from server.identity.auth import current_actor, require_role

blp = Blueprint("devices", __name__, url_prefix="/api/v1/devices", description="Devices")


@blp.route("/", methods=["GET"])
@require_role("admin")
@blp.arguments(DeviceFilter, location="query")
@blp.response(200, DeviceToken(many=True))
@blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_devices(args, pagination_parameters):
    """List device tokens (newest first), live and revoked"""
    return devices.list_page(get_db(), args, pagination_parameters)


@blp.route("/<device_id>/revoke", methods=["POST"])
@require_role("admin")
@blp.response(200, RevokeResult)
def revoke(device_id):
    """Revoke every token of a device"""
    return devices.revoke(get_db(), current_actor(), device_id)


@blp.route("/<device_id>/unpair", methods=["POST"])
@require_role("admin")
@blp.response(200, UnpairResult)
def unpair(device_id):
    """Release a device from its user (revokes its tokens); the next login pairs it anew"""
    return devices.unpair(get_db(), current_actor(), device_id)
