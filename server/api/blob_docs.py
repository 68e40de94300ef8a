"""The OpenAPI description of the blob routes (`server.api.blob_routes`).

The tus-style upload answers with bare statuses and headers rather than schemas, so each
operation's parameters and answers are written out here: the SHA-256 in the path, the
`Upload-Offset` / `Upload-Length` headers, the byte bodies, and every status a route gives.
"""

from sync.server.blobs import MAX_BLOB_BYTES

_BYTES = {"schema": {"type": "string", "format": "binary"}}
_OFFSET = {
    "Upload-Offset": {"schema": {"type": "integer", "minimum": 0}, "description": "Bytes held"}
}
SHA256_PARAMETER = {
    "name": "sha256",
    "in": "path",
    "required": True,
    "description": "The SHA-256 of the blob's bytes",
    "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
}


def _header(name, description, maximum=None):
    schema = {"type": "integer", "minimum": 0}
    if maximum is not None:
        schema["maximum"] = maximum
    return {
        "name": name,
        "in": "header",
        "required": True,
        "description": description,
        "schema": schema,
    }


HEAD_DOC = {
    "parameters": [SHA256_PARAMETER],
    "responses": {
        "200": {"description": "The server holds the whole blob", "headers": _OFFSET},
        "404": {
            "description": "Not (wholly) held: Upload-Offset says how much is",
            "headers": _OFFSET,
        },
    },
}


def patch_doc(content_type):
    """The description of a blob `PATCH` whose bytes come as `content_type`."""
    return {**_PATCH_DOC, "requestBody": {"required": True, "content": {content_type: _BYTES}}}


_PATCH_DOC = {
    "parameters": [
        SHA256_PARAMETER,
        _header("Upload-Offset", "Where these bytes start in the blob"),
        _header("Upload-Length", "The size of the whole blob", MAX_BLOB_BYTES),
    ],
    "responses": {
        "200": {"description": "Already complete", "headers": _OFFSET},
        "201": {"description": "Complete, and the bytes match the hash", "headers": _OFFSET},
        "204": {"description": "Stored; more bytes to come", "headers": _OFFSET},
        "400": "BAD_REQUEST",
        "404": "NOT_FOUND",
        "409": "CONFLICT",
        "413": "REQUEST_ENTITY_TOO_LARGE",
        "415": "UNSUPPORTED_MEDIA_TYPE",
        "422": "UNPROCESSABLE_ENTITY",
    },
}
GET_DOC = {
    "parameters": [SHA256_PARAMETER],
    "responses": {
        "200": {"description": "The blob's bytes", "content": {"application/octet-stream": _BYTES}},
        "404": "NOT_FOUND",
    },
}
