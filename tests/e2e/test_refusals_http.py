"""Refusals over real HTTP: what a tablet shows, and that it neither loses edits nor loops.

- A device revoked by an admin in the middle of a sync gets `401` on its next request: the
  engine stops with outcome `refused` saying to log in again, and keeps what it has not pushed.
- A tablet speaking a sync schema version the server no longer serves gets `426`: the engine
  stops at once — "update the app" (or, for an app newer than the server, "update the
  server") — instead of retrying.
"""

import uuid

import pytest

from tests.e2e.conftest import draft_check
from tests.e2e.wire import then

PUSH = "/api/v1/sync/push"


def test_revoked_device_mid_sync_is_refused_and_keeps_its_outbox(live_server, world, tablet, api):
    device = tablet("inspector.a", batch_size=1)
    for _ in range(2):
        device.replica.save("checks", str(uuid.uuid4()), draft_check(world), op="create")
    admin = api("admin")
    revoke = f"/api/v1/devices/{device.replica.device_id}/revoke"
    device.session.intercept("POST", PUSH, 1, then(lambda: admin.post(revoke, None)))
    status = device.engine.run()
    assert (status.outcome, status.pending) == ("refused", 1)
    assert "log in again" in status.last_error
    assert [e.status for e in device.session.exchanges("POST", PUSH)] == [200, 401]
    assert live_server.count("checks") == 1
    device.log_in_again(live_server.url)
    status = device.engine.run()
    assert (status.outcome, status.pending, status.rejected) == ("ok", 0, 0)
    assert live_server.count("checks") == 2


@pytest.mark.parametrize(
    ("schema_version", "says"),
    [(0, "update the app"), (2, "update the server")],
)
def test_unsupported_schema_version_is_refused_once_with_what_to_update(
    live_server, world, tablet, schema_version, says
):
    device = tablet("inspector.a", schema_version=schema_version)
    device.replica.save("checks", str(uuid.uuid4()), draft_check(world), op="create")
    status = device.engine.run()
    assert (status.outcome, status.pending) == ("refused", 1)
    assert says in status.last_error.lower()
    assert [(e.method, e.status) for e in device.session.log] == [("POST", 426)]  # no retry
    assert live_server.count("checks") == 0
