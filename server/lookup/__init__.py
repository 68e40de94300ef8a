"""What the public sees: the application lookup (page, JSON, QR codes) and the bulletin board.

`init_app(app)` registers the pages (`/lookup`, `/lookup/qr.*`, `/board`); the JSON endpoint
`/api/v1/lookup` is a flask-smorest blueprint registered with the others
(`server.api.blueprints`). Nothing here needs a login, and nothing shown is personal: see
docs/lookup.md.
"""

from server.lookup import board_pages, pages


def init_app(app):
    """Register the public pages with `app`."""
    app.register_blueprint(pages.bp)
    app.register_blueprint(board_pages.bp)
