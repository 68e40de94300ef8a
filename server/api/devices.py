"""`/api/v1/devices` — the devices users logged in on, and revoking them (admins).

Revoking a device revokes every token it holds: its next request is refused with 401 at once.
"""

from server import devices
from server.api.schemas import DeviceFilter, DeviceToken, RevokeResult
from server.auth import current_actor, require_role
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.db import get_db
from server.errors import Blueprint

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
