"""Verifield office server: the Flask app factory.

`create_app(test_config=None)` builds the app: defaults (`server.config`), then `FLASK_*`
environment variables, then the test config; the database (one connection per app context,
migrated on start); the `/api/v1` blueprints with the OpenAPI document at `/openapi.json` and
a docs page at `/docs`; one JSON error shape for every error under `/api`, a small HTML page
elsewhere; and the CLI commands.

    $ flask --app server init-db && flask --app server run
"""

import os

from flask import Flask

from server import cli
from server.api.blueprints import register_blueprints
from server.config import default_config
from server.database import db
from server.database.clock import now
from server.database.migrations import migrate
from server.docs_page import bp as docs_blueprint
from server.errors import VerifieldApi
from server.lookup import init_app as init_public_pages
from server.web import bp as console_blueprint
from sync.server.clock import use_clock


def create_app(test_config=None):
    """Build and configure an office server app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(default_config(app))
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)
    os.makedirs(os.path.dirname(os.path.abspath(app.config["DATABASE"])), exist_ok=True)

    use_clock(now)  # record writes and audit entries follow the app's `CLOCK` too
    db.init_app(app)
    with app.app_context():
        app.extensions["verifield.new_database"] = 1 in migrate(db.get_db())

    api = VerifieldApi(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    app.extensions["verifield.blueprints"] = register_blueprints(api)
    app.register_blueprint(docs_blueprint)
    init_public_pages(app)
    app.register_blueprint(console_blueprint)
    cli.init_app(app)
    return app
