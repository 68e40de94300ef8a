"""Every `/api/v1` blueprint is registered, by name, in the order of the OpenAPI document."""

from server.api.blueprints import blueprints
from server.api.record_schemas import REST_COLLECTIONS


def test_every_blueprint_is_registered_in_order(app):
    assert app.extensions["verifield.blueprints"] == [
        "meta",
        "auth",
        "devices",
        *REST_COLLECTIONS,
        "audit",
        "plans",
        "sync",
        "blobs",
        "lookup",
    ]


def test_every_blueprint_serves_under_the_api():
    assert all(blueprint.url_prefix.startswith("/api/v1/") for blueprint in blueprints())
