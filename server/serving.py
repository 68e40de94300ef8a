"""Serving the app over HTTP with Werkzeug, tuned for small request/answer exchanges.

Sync pages are small compressed bodies sent in quick succession; with Nagle's algorithm on,
each answer can sit ~40 ms waiting for the device's delayed ACK. `NoDelayRequestHandler`
turns it off (TCP_NODELAY), as production servers such as gunicorn do.
"""

from werkzeug.serving import WSGIRequestHandler, make_server


class NoDelayRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler with TCP_NODELAY set on every connection."""

    disable_nagle_algorithm = True


def make_http_server(app, host="127.0.0.1", port=0):
    """A threaded HTTP server for `app` (port 0 picks a free one); call `serve_forever`."""
    return make_server(host, port, app, threaded=True, request_handler=NoDelayRequestHandler)
