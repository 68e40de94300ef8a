"""Errors outside `/api`: a small plain HTML page, for a person reading in a browser.

`/api/*` answers every error in its one JSON shape (`server.errors`); every other path (the
pages under `/console`, `/lookup`, `/docs`) answers with `error_page(error)`: the status, its
name and its description, escaped, in a page with no scripts and no links out. The security
headers (`server.security_headers`) are added to it like to every answer.

    >>> is_api_path("/api/v1/jobs/"), is_api_path("/console/nothing"), is_api_path("/apiary")
    (True, False, False)
"""

from markupsafe import escape

#: The paths whose errors are JSON.
API_PREFIX = "/api"

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{code} {name}</title></head>
<body>
<h1>{code} {name}</h1>
<p>{description}</p>
</body>
</html>
"""


def is_api_path(path):
    """Whether `path` is under `/api`, where errors answer in the JSON shape."""
    return path == API_PREFIX or path.startswith(f"{API_PREFIX}/")


def error_page(error, headers):
    """The HTML answer of an `HTTPException`: `(page, status, headers)`."""
    page = PAGE.format(
        code=error.code, name=escape(error.name), description=escape(error.description or "")
    )
    return page, error.code, {**headers, "Content-Type": "text/html; charset=utf-8"}
