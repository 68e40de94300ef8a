"""`python -m server` — start the office server (what `make run` runs), or run a command.

With no arguments: create the database on first start (in `instance/`, or where
`FLASK_DATABASE` says), load the demo branch if the database is new, print the URL and the
demo logins, and serve on 127.0.0.1:5000 (`FLASK_HOST`, `FLASK_PORT` override), with the
notices worker on a thread beside it (`FLASK_NOTICES_WORKER=0` leaves it out; see
docs/notices.md for its SMTP relay).
With arguments: the Flask CLI, e.g. `python -m server create-user --username lin ...`.
"""

import sys

from flask.cli import FlaskGroup

from server import create_app
from server.database.db import get_db
from server.demo import demo_logins, load_demo
from server.notices.running import WorkerThread
from server.serving import HttpServer


def banner(app, counts):
    """The start-up text: where to go and how to log in."""
    host, port = app.config["HOST"], int(app.config["PORT"])
    lines = [f"Verifield office server on http://{host}:{port}/  (API docs: /docs)"]
    lines.append(f"Database: {app.config['DATABASE']}")
    lines.append("Public pages: /lookup (application lookup), /board (bulletin board)")
    lines.append("Dispatcher console: /console (a dispatcher's login below)")
    if counts:
        lines.append("Loaded demo data: " + ", ".join(f"{n} {c}" for c, n in counts.items()))
    lines.append("Demo logins (role  username  password):")
    lines += [f"  {role:<10} {user:<20} {password}" for role, user, password in demo_logins()]
    return "\n".join(lines)


def serve():
    """Create the database if needed, load the demo if it is new, and serve."""
    app = create_app()
    counts = None
    if app.extensions["verifield.new_database"]:
        with app.app_context():
            counts = load_demo(get_db())
    server = HttpServer(app, app.config["HOST"], int(app.config["PORT"]))
    print(banner(app, counts), flush=True)
    notices = WorkerThread(app).start() if app.config.get("NOTICES_WORKER", True) else None
    try:
        server.serve_forever()
    finally:
        if notices is not None:
            notices.stop()


def main(argv=None):
    """Serve when called without arguments; otherwise run the Flask CLI."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        serve()
        return
    FlaskGroup(create_app=create_app).main(args=argv, prog_name="python -m server")


if __name__ == "__main__":
    main()
