"""`/docs` — a readable page of the API, rendered on the server from the OpenAPI document.

The office network has no internet, so no CDN-hosted Swagger UI: this page lists every
operation of `/openapi.json` (method, path, summary, roles, parameters, request body and
responses) with plain HTML and no scripts.
"""

from flask import Blueprint, current_app, redirect, render_template, url_for

bp = Blueprint("docs", __name__)

METHODS = ("get", "head", "post", "put", "patch", "delete")


def operations(spec):
    """The spec's operations grouped by tag: `[(tag, [operation dict, ...]), ...]`."""
    groups = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "roles": op.get("x-roles") or ["public"],
                    "parameters": [*item.get("parameters", []), *op.get("parameters", [])],
                    "body": "requestBody" in op,
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return sorted(groups.items())


@bp.route("/")
def home():
    """The server's root leads to its API reference."""
    return redirect(url_for("docs.docs"))


@bp.route("/docs")
def docs():
    """The API reference page."""
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    spec = api.spec.to_dict()
    return render_template("docs.html", spec=spec, groups=operations(spec))
