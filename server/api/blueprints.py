"""Every `/api/v1` blueprint, imported by name and registered with the flask-smorest `Api`.

`blueprints()` lists them in registration order, which is the order of the OpenAPI document:
server facts, log in, devices, each collection REST serves (`record_schemas.REST_COLLECTIONS`,
in the domain's order), the audit log, day plans, sync, blobs and the public lookup. An import
error in any of them stops the app at start, with its traceback.
"""

from server.api import (
    audit,
    auth_routes,
    blob_routes,
    devices,
    jobs,
    meta,
    plain_records,
    plans,
    sync_routes,
    users,
)
from server.api.record_schemas import REST_COLLECTIONS
from server.lookup import api as lookup_api

#: The blueprint of each collection REST serves.
RECORD_BLUEPRINTS = {**plain_records.BLUEPRINTS, "users": users.blp, "jobs": jobs.blp}


def blueprints():
    """Every blueprint, in registration order."""
    records = [RECORD_BLUEPRINTS[collection] for collection in REST_COLLECTIONS]
    return [
        meta.blp,
        auth_routes.blp,
        devices.blp,
        *records,
        audit.blp,
        plans.blp,
        sync_routes.blp,
        blob_routes.blp,
        lookup_api.blp,
    ]


def register_blueprints(api):
    """Register every blueprint with the Api; returns their names."""
    registered = []
    for blueprint in blueprints():
        api.register_blueprint(blueprint)
        registered.append(blueprint.name)
    return registered
