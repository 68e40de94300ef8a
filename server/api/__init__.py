"""The `/api/v1` blueprints, one per resource, registered with the flask-smorest `Api`.

`BLUEPRINT_MODULES` names them in registration order; a module that does not exist yet (the
sync and blob routes are written separately) is skipped, so the app starts either way. One of
those optional modules that exists but cannot be imported (a dependency still missing) is
skipped with a warning in the log; a core module that cannot be imported stops the app.
"""

import importlib
import logging

BLUEPRINT_MODULES = (
    "meta",
    "auth_routes",
    "devices",
    "offices",
    "users",
    "vehicles",
    "firms",
    "sites",
    "instruments",
    "jobs",
    "assignments",
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


def register_blueprints(api):
    """Register every available blueprint module's `blp` with the Api; returns their names."""
    registered = []
    for name in BLUEPRINT_MODULES:
        module = _load(name)
        if module is not None:
            api.register_blueprint(module.blp)
            registered.append(name)
    return registered
