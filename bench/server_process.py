"""The office server in its own process, serving real HTTP on a loopback port.

The benchmark's client (replica, engine, transport) and the server must not share one GIL, or
each would slow the other down in a way a tablet talking to the office never sees. So
`ServerProcess` starts a fresh interpreter (multiprocessing, spawn) that builds the app on
the seeded database with `create_app(config)`, serves it with `make_http_server` (Waitress:
keep-alive, TCP_NODELAY) on 127.0.0.1 port 0, and reports the port it got through a queue.

    with ServerProcess(config) as server:
        print(server.url)    # http://127.0.0.1:<port>
"""

import multiprocessing

START_TIMEOUT = 60


def serve(config, ports):
    """Build the app and serve it forever; put the port on `ports` (runs in the child)."""
    from server import create_app
    from server.serving import make_http_server

    httpd = make_http_server(create_app(config), "127.0.0.1", 0)
    ports.put(httpd.server_port)
    httpd.serve_forever()


class ServerProcess:
    """A context manager running the office server in a child process."""

    def __init__(self, config):
        self.config = config
        self.process = None
        self.port = None

    @property
    def url(self):
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        context = multiprocessing.get_context("spawn")
        ports = context.Queue()
        self.process = context.Process(target=serve, args=(self.config, ports), daemon=True)
        self.process.start()
        self.port = ports.get(timeout=START_TIMEOUT)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.join(timeout=10)
        return False
