"""A full pull of the demo branch over real HTTP: an inspector's tablet signs in and pulls its
whole scope, and ends up holding exactly what the server's pull gives that inspector from the
beginning — the same records, versions and data, and nothing else."""

from datetime import date

import pytest

from server.database.db import get_db
from server.demo import load_demo
from server.demo.people import INSPECTOR_PASSWORD
from tests.e2e.conftest import make_tablet, server_changes, serving

TODAY = date(2024, 5, 6)
PULL = "/api/v1/sync/pull"


@pytest.fixture
def demo_server(app):
    """The office server with the demo branch loaded, served over HTTP."""
    with app.app_context():
        load_demo(get_db(), TODAY)
    with serving(app) as live:
        yield live


def test_inspector_pulls_the_whole_demo_scope_over_http(demo_server, tmp_path):
    device = make_tablet(demo_server.url, tmp_path / "tablet", "inspector.chen", INSPECTOR_PASSWORD)
    try:
        status = device.engine.run()
        assert (status.outcome, status.pending, status.remaining) == ("ok", 0, 0)
        expected = server_changes(demo_server, device.actor)
        assert {c for c, _ in expected} >= {"jobs", "sites", "instruments", "offices"}
        assert device.records() == {key: change["version"] for key, change in expected.items()}
        for (collection, record_id), change in expected.items():
            local = device.replica.get(collection, record_id)
            assert local["deleted"] == bool(change.get("deleted"))
            local_data = {k: v for k, v in local.items() if k not in ("version", "deleted")}
            assert local_data == change["data"], (collection, record_id)
        pulls = device.session.exchanges("GET", PULL)
        assert len(pulls) > 1 and all(e.status == 200 for e in pulls)
        assert pulls[0].answer_encoding == "zstd"  # a full page goes compressed
    finally:
        device.replica.close()
        device.session.close()
