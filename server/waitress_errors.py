"""Waitress's own refusals in the API's one JSON error shape.

Waitress answers some requests before the app sees them: a body over its cap
(`server.serving.body_limit`, refused from its `Content-Length` before a byte of it is
buffered, so memory and disk stay bounded), a malformed request line or chunked body,
headers that are too large. Its answer is plain text; `JsonErrorChannel` makes it
`{"code", "status", "message", "errors"}` like every other error, with `nosniff`.

    >>> status, headers, body = json_error(413, "Request Entity Too Large", "exceeds max_body")
    >>> status, body[:12]
    ('413 Request Entity Too Large', b'{"code":413,')
"""

import orjson
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from server.security_headers import CONTENT_SECURITY_POLICY

#: What a person is told for each refusal (Waitress's own text follows in `errors`).
MESSAGES = {
    400: "The request is malformed HTTP.",
    413: "The request body is larger than this server reads (see max_content_length and "
    "max_blob_bytes in /api/v1/meta).",
    431: "The request headers are too large.",
}


def json_error(code, reason, detail):
    """(status line, headers, body) of a refusal in the one JSON error shape."""
    body = orjson.dumps(
        {
            "code": code,
            "status": reason,
            "message": MESSAGES.get(code, f"{reason}."),
            "errors": {"request": [detail]},
        }
    )
    headers = [
        ("Content-Type", "application/json"),
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ]
    return f"{code} {reason}", headers, body


class JsonErrorTask(ErrorTask):
    """Waitress's error task, answering in JSON."""

    def execute(self):
        error = self.request.error
        self.status, headers, body = json_error(error.code, error.reason, error.body)
        self.response_headers.extend(headers)
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class JsonErrorChannel(HTTPChannel):
    """Waitress's HTTP channel whose own refusals are JSON."""

    error_task_class = JsonErrorTask
