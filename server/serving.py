"""Serving the app over HTTP with Waitress, a production WSGI server.

A device syncing pulls page after page and pushes batch after batch: Waitress keeps each
connection open between requests (HTTP/1.1 keep-alive) and answers from a fixed pool of
worker threads, where Werkzeug's development server opens a new connection and a new
thread for every request. `TCP_NODELAY` is set on every connection (Waitress's default):
a small compressed answer never waits ~40 ms for the device's delayed ACK.

    server = HttpServer(app, "127.0.0.1", 0)    # port 0 picks a free port
    server.server_port                          # the port it got
    server.serve_forever()                      # until `shutdown()` from another thread
"""

import errno
import logging

from waitress.server import create_server

from server.waitress_errors import JsonErrorChannel
from sync.server.blobs import MAX_BLOB_BYTES

#: Requests answered at once; SQLite takes one writer at a time, so more buys little.
THREADS = 4
#: Idle keep-alive connections are closed after this many seconds.
IDLE_SECONDS = 120
#: Request body limit when the app sets none (bytes).
DEFAULT_BODY_BYTES = 16 * 1024 * 1024


def body_limit(app):
    """The largest request body Waitress takes in: twice the largest the app takes — its
    `MAX_CONTENT_LENGTH`, or a blob `PATCH` carrying a whole blob (`MAX_BLOB_BYTES`).

    A body a little over the app's limit reaches Flask, which refuses it (413) in the API's
    JSON error shape; a far larger one is cut by Waitress before it is buffered to disk,
    answered in the same shape (`server.waitress_errors`).
    """
    app_limit = app.config.get("MAX_CONTENT_LENGTH") or DEFAULT_BODY_BYTES
    return 2 * max(app_limit, MAX_BLOB_BYTES)


class HttpServer:
    """A Waitress server for `app` on `host`:`port`, which another thread can stop."""

    def __init__(self, app, host="127.0.0.1", port=0, *, threads=THREADS):
        self.map = {}
        self.server = create_server(
            app,
            map=self.map,
            host=host,
            port=port,
            threads=threads,
            channel_timeout=IDLE_SECONDS,
            max_request_body_size=body_limit(app),
            ident="Verifield",
        )
        self.server.channel_class = JsonErrorChannel  # its own refusals in the JSON shape
        self.stopping = False

    @property
    def server_port(self):
        """The port the server listens on."""
        return int(self.server.effective_port)

    def serve_forever(self):
        """Answer requests until `shutdown()` is called (a poll that was waiting on the
        sockets `shutdown` closed ends here, not as an error)."""
        try:
            self.server.run()
        except OSError as error:
            if not (self.stopping and error.errno == errno.EBADF):
                raise

    def shutdown(self):
        """Close the listening socket and every connection, and stop the worker threads."""
        self.stopping = True
        logging.getLogger("waitress").setLevel(logging.CRITICAL)  # no noise from closing
        while self.map:
            for channel in list(self.map.values()):
                channel.handle_close()
        self.server.task_dispatcher.shutdown()


def make_http_server(app, host="127.0.0.1", port=0):
    """An `HttpServer` for `app` (port 0 picks a free one); call `serve_forever`."""
    return HttpServer(app, host, port)
