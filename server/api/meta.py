"""`/api/v1/meta` — what a device needs before logging in: epoch, limits, roles (public).

The limits are those of the REST lists (`page_size`), of request bodies, of sync (pull page,
push size, decompressed body) and of attachments, each read from where it is enforced.
"""

from flask import current_app

from domain.access import ROLES
from server.api.schemas import Meta
from server.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from server.database.db import get_db
from server.errors import Blueprint
from sync.codec import MAX_BODY_BYTES
from sync.server.blobs import MAX_BLOB_BYTES
from sync.server.pull import DEFAULT_LIMIT, MAX_LIMIT
from sync.server.push import MAX_MUTATIONS_PER_PUSH
from sync.server.schema import get_epoch

blp = Blueprint("meta", __name__, url_prefix="/api/v1/meta", description="Server facts")


@blp.route("/", methods=["GET"])
@blp.response(200, Meta)
def meta():
    """The server's epoch and its documented limits"""
    config = current_app.config
    return {
        "epoch": get_epoch(get_db()),
        "api_version": config["API_VERSION"],
        "max_page_size": MAX_PAGE_SIZE,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "max_content_length": config["MAX_CONTENT_LENGTH"],
        "pull_default_limit": DEFAULT_LIMIT,
        "pull_max_limit": MAX_LIMIT,
        "push_max_mutations": MAX_MUTATIONS_PER_PUSH,
        "sync_max_body_bytes": MAX_BODY_BYTES,
        "max_blob_bytes": MAX_BLOB_BYTES,
        "token_ttl_seconds": config["TOKEN_TTL_SECONDS"],
        "roles": list(ROLES),
    }
