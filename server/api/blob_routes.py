"""`/api/v1/blobs/<sha256>` — content-addressed attachments with resumable (tus-style) upload.

Knowing a hash is not enough: each caller is answered as `sync.server.blob_access` allows.
`HEAD` answers 200 with `Content-Length` for a complete blob the caller may see (they
uploaded it, or can see a live record that references it), else 404 with `Upload-Offset`:
the bytes of the caller's **own** unfinished upload (0 when none) — a blob that exists looks
exactly like one that does not. `PATCH` appends bytes at `Upload-Offset` to the caller's
own upload (409 with the right offset when it does not match, 204 while partial, 201 when
complete and the hash checks, 422 and discarded when it does not, 200 when the blob is
already complete and the caller may see it); a caller who may not see a complete blob
uploads it afresh and gets 201. `GET` hands the bytes only to users who can see a record
whose link to the blob counts. One `PATCH` body may carry a whole blob (`MAX_BLOB_BYTES`);
it is read from the request stream in bounded chunks, whatever the app's
`MAX_CONTENT_LENGTH` for other requests.
"""

import os
import re

from flask import Response, current_app, jsonify, request, send_file
from flask_smorest import abort

from server.api.blob_docs import GET_DOC, HEAD_DOC, patch_doc
from server.api.headers import header_int
from server.database.db import get_db
from server.errors import Blueprint
from server.identity.auth import ANYONE, current_actor, require_role
from sync.server.blobs import MAX_BLOB_BYTES, BlobStore

HASH = re.compile(r"^[0-9a-f]{64}$")
TUS_CONTENT_TYPE = "application/offset+octet-stream"
READ_CHUNK_BYTES = 1024 * 1024
NOT_FOUND = "No blob with that hash that you may read."
TOO_LARGE = f"A blob may have at most {MAX_BLOB_BYTES} bytes (one PATCH may carry all of them)."

blp = Blueprint(
    "blobs",
    __name__,
    url_prefix="/api/v1/blobs",
    description=f"Photos, signatures and documents by SHA-256; at most {MAX_BLOB_BYTES} bytes.",
)


def blob_store():
    """The blob store of this app (files beside the database unless `BLOB_DIR` says)."""
    directory = current_app.config.get("BLOB_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(current_app.config["DATABASE"])), "blobs"
    )
    return BlobStore(get_db(), directory)


def checked_hash(sha256):
    """The hash from the URL, or 404 when it is not 64 lower-case hex digits."""
    if not HASH.match(sha256):
        abort(404, message="A blob is named by the SHA-256 of its bytes: 64 lower-case hex digits.")
    return sha256


def request_bytes(limit):
    """The request body, read from the stream in bounded chunks; 413 past `limit` bytes."""
    if (request.content_length or 0) > limit:
        abort(413, message=TOO_LARGE)
    # This route's own limit, not the app's; one byte more, so that reading the last byte
    # of a body of exactly `limit` is not itself refused, and a longer one is seen here.
    request.max_content_length = limit + 1
    chunks, size = [], 0
    while chunk := request.stream.read(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            abort(413, message=TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


def offset_response(status, offset, extra=None):
    """An empty tus answer carrying `Upload-Offset`."""
    response = Response(status=status)
    response.headers["Upload-Offset"] = str(offset)
    response.headers["Tus-Resumable"] = "1.0.0"
    for key, value in (extra or {}).items():
        response.headers[key] = value
    return response


def offset_conflict(offset):
    """409 in the JSON error shape, with the offset the upload must resume from."""
    error = {"code": 409, "status": "Conflict", "errors": {"Upload-Offset": [str(offset)]}}
    error["message"] = f"Upload-Offset must be {offset}: resume from there."
    response = jsonify(error)
    response.status_code = 409
    response.headers["Upload-Offset"] = str(offset)
    return response


@blp.route("/<sha256>", methods=["HEAD"])
@blp.doc(**HEAD_DOC)
@require_role(*ANYONE)
def blob_status(sha256):
    """Whether you may see a blob (complete), or how many bytes of your upload are held"""
    complete, offset, size = blob_store().status_for(current_actor(), checked_hash(sha256))
    if complete:
        return offset_response(200, size, {"Content-Length": str(size)})
    return offset_response(404, offset)


@blp.route("/<sha256>", methods=["PATCH"])
@blp.doc(**patch_doc(TUS_CONTENT_TYPE))
@require_role(*ANYONE)
def blob_append(sha256):
    """Append bytes to your upload of a blob at Upload-Offset (tus); completes and checks it"""
    sha256 = checked_hash(sha256)
    if request.mimetype != TUS_CONTENT_TYPE:
        abort(415, message=f"Send blob bytes as Content-Type: {TUS_CONTENT_TYPE}.")
    offset, total = header_int("Upload-Offset"), header_int("Upload-Length")
    if total > MAX_BLOB_BYTES:
        abort(413, message=TOO_LARGE)
    data = request_bytes(MAX_BLOB_BYTES)
    status, new_offset = blob_store().append(current_actor(), sha256, offset, total, data)
    if status == 422:
        abort(422, message="The bytes do not match the SHA-256 in the URL; upload them again.")
    if status == 413:
        abort(413, message=TOO_LARGE)
    if status == 409:
        return offset_conflict(new_offset)
    if status == 400:
        abort(400, message="The bytes run past Upload-Length; send at most the rest of the blob.")
    return offset_response(status, new_offset)


@blp.route("/<sha256>", methods=["GET"])
@blp.doc(**GET_DOC)
@require_role(*ANYONE)
def blob_download(sha256):
    """The bytes of a blob, for users who can see a record that references it"""
    store = blob_store()
    sha256 = checked_hash(sha256)
    if not store.can_read(current_actor(), sha256) or not store.status(sha256)[0]:
        abort(404, message=NOT_FOUND)
    return send_file(store.open(sha256), mimetype="application/octet-stream", etag=sha256)
