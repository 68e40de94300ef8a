"""The `/api/v1` blueprints, one per resource, registered with the flask-smorest `Api`.

`BLUEPRINTS` names them in registration order (the order of the OpenAPI document): each
collection REST serves (`record_schemas.REST_COLLECTIONS`), a plain record resource from
`plain_records` and the others from the module of that name, and the other modules by name,
each module's `blp`. A module that does not exist yet (the sync and blob routes are written
separately) is skipped, so the app starts either way. One of those optional modules that
exists but cannot be imported (a dependency still missing) is skipped with a warning in the
log; a core module that cannot be imported stops the app.
"""

import importlib
import logging

from server.api.record_schemas import REST_COLLECTIONS

BLUEPRINTS = (
    "meta",
    "auth_routes",
    "devices",
    *REST_COLLECTIONS,  # offices, users, vehicles, firms, sites, instruments, jobs, assignments
    "audit",
    "sync_routes",
    "blob_routes",
)
#: Modules owned by the sync half; the server starts without them.
OPTIONAL_MODULES = ("sync_routes", "blob_routes")

log = logging.getLogger(__name__)


def _load(name):
    """The module `server.api.<name>`, or None if it does not exist."""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"{__name__}.{name}":
            return None
        if name not in OPTIONAL_MODULES:
            raise
        log.warning("API module %s skipped: %s", name, error)
        return None


def _blueprint(name, plain):
    """The blueprint `BLUEPRINTS` names, or None when its module does not exist."""
    if name in plain:
        return plain[name]
    module = _load(name)
    return module.blp if module is not None else None


def register_blueprints(api):
    """Register every available blueprint with the Api; returns their names."""
    plain = _load("plain_records").BLUEPRINTS  # loaded here: it needs `server.errors`
    registered = []
    for name in BLUEPRINTS:
        blueprint = _blueprint(name, plain)
        if blueprint is not None:
            api.register_blueprint(blueprint)
            registered.append(name)
    return registered
