"""Default configuration of the office server.

`default_config(app)` returns the settings `create_app` starts from; `FLASK_*` environment
variables (read in the factory with `app.config.from_prefixed_env()`) and the test config dict
override them. Nothing here is read at import time, and no secret lives in the repository:
device tokens are random and only their SHA-256 is stored, so no signing key is needed.

    >>> from flask import Flask
    >>> default_config(Flask(__name__))["TOKEN_TTL_SECONDS"]
    2592000
"""

import os

#: The largest page any list endpoint hands out (`page_size` above it is a 422).
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def default_config(app):
    """The settings a fresh app starts with (the database lives in the instance folder)."""
    return {
        "DATABASE": os.path.join(app.instance_path, "verifield.sqlite"),
        "TOKEN_TTL_SECONDS": 30 * 24 * 3600,
        # argon2id parameters: RFC 9106 "second recommended option"; tests pass cheap ones.
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_COST": 64 * 1024,
        "ARGON2_PARALLELISM": 4,
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_WINDOW_SECONDS": 300,
        # Failed logins in the window from one address (any username), and from all addresses
        # together (a brake on a spread-out storm); see `server.identity.login_throttle`.
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "LOGIN_MAX_FAILURES_OVERALL": 100,
        # Rows of `login_attempts` kept at most (the oldest go first).
        "LOGIN_ATTEMPTS_MAX_ROWS": 10_000,
        # Password hashes run at once (None: CPUs // ARGON2_PARALLELISM, at least 1), how many
        # more may wait for a slot, and for how long; others get 503
        # (`server.identity.password_hashing`).
        "PASSWORD_HASH_SLOTS": None,
        "PASSWORD_HASH_QUEUE": 1,
        "PASSWORD_HASH_WAIT_SECONDS": 2.0,
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "HOST": "127.0.0.1",
        "PORT": 5000,
        "API_TITLE": "Verifield office server",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "JSON_SORT_KEYS": False,
        # Seconds the planner searches for a day plan, and for a mid-day re-plan.
        "PLANNER_SECONDS": 2.0,
        "PLANNER_REPLAN_SECONDS": 1.0,
        # The public lookup: lookups per address in a window, and failed lookups of one
        # application number from all addresses in another (`server.lookup.limits`).
        "LOOKUP_MAX_PER_ADDRESS": 10,
        "LOOKUP_WINDOW_SECONDS": 60,
        "LOOKUP_MAX_FAILURES_PER_NUMBER": 20,
        "LOOKUP_NUMBER_WINDOW_SECONDS": 3600,
        # The address QR codes on notices open (e.g. "https://verify.example.org"); unset,
        # the address the QR code was asked for at. Seconds between bulletin-board refreshes.
        "PUBLIC_BASE_URL": None,
        "BOARD_REFRESH_SECONDS": 60,
    }
