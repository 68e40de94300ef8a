"""Retention: old tombstones are purged and cursors that needed them get 410."""

from datetime import UTC, datetime, timedelta

import pytest

from sync.errors import SyncRequestError
from sync.server.pull import pull_changes
from sync.server.records import get_record, write_record
from sync.server.retention import purge_expired
from sync.server.schema import get_meta


def test_purged_tombstone_makes_older_cursors_gone(world):
    old_cursor = pull_changes(world.db, actor=world.a.inspector, limit=1)["cursor"]
    site = world.a.site
    write_record(world.db, "sites", site["id"], {}, actor=world.admin, op="delete")
    later = datetime.now(UTC) + timedelta(days=181)
    assert purge_expired(world.db, now=later) == 1
    assert get_record(world.db, "sites", site["id"]) is None
    assert int(get_meta(world.db, "purged_through_seq")) > 0
    with pytest.raises(SyncRequestError) as gone:
        pull_changes(world.db, actor=world.a.inspector, cursor=old_cursor)
    assert gone.value.status == 410
    fresh = pull_changes(world.db, actor=world.a.inspector, limit=5000)
    assert site["id"] not in {c["id"] for c in fresh["changes"]}
    pull_changes(world.db, actor=world.a.inspector, cursor=fresh["cursor"])


def test_tombstones_inside_the_window_are_kept(world):
    site = world.a.site
    write_record(world.db, "sites", site["id"], {}, actor=world.admin, op="delete")
    assert purge_expired(world.db, older_than_days=180) == 0
    assert get_record(world.db, "sites", site["id"])["deleted"] is True
    assert get_meta(world.db, "purged_through_seq") == "0"
