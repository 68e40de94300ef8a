"""Pages read for storage: records stored as their bytes, the odd change applied as values."""

import orjson
import pytest

from sync.client.apply import apply_page
from sync.client.pulled_change import decode_page
from sync.client.replica import Replica

SITE = {"id": "s1", "name": "東門市場", "office_id": "o1"}


def page(*changes, has_more=False):
    body = {"epoch": "e", "cursor": "c1", "has_more": has_more, "remaining": 0}
    return orjson.dumps({**body, "changes": list(changes)})


def put(record_id, data, version=1, deleted=False, collection="sites"):
    return {
        "collection": collection,
        "id": record_id,
        "version": version,
        "deleted": deleted,
        "data": data,
    }


def rows(replica):
    return replica.db.execute(
        "SELECT collection, id, version, deleted, data, server_data, server_same, "
        "server_deleted, purge_pending, stale FROM records ORDER BY collection, id"
    ).fetchall()


def test_a_record_opening_with_its_id_is_stored_as_its_bytes():
    [change] = decode_page(page(put("s1", SITE)))["changes"]
    assert change.storage_row() == ("sites", "s1", 1, 0, orjson.dumps(SITE), 0)


@pytest.mark.parametrize(
    "change",
    [
        {"collection": "sites", "id": "s1", "removed": True},
        put("s1", {"name": "x", "id": "s1"}),  # id not first
        put("s1", {"id": "s10", "name": "x"}),  # another record's id
        put("s1", None),
    ],
)
def test_other_changes_are_applied_as_values(change):
    [pulled] = decode_page(page(change))["changes"]
    assert pulled.storage_row() is None
    assert pulled.as_dict() == change


@pytest.mark.parametrize(
    "body", [b"", b"{", b'{"epoch": "e"}', page(put("s1", SITE))[:-2], b'{"changes": 3}']
)
def test_a_body_that_is_not_a_page_is_refused(body):
    with pytest.raises(ValueError, match="not a pull page"):
        decode_page(body)


def test_a_page_read_for_storage_leaves_the_replica_as_the_plain_page_does(tmp_path):
    changes = [
        put("s1", SITE, version=3),
        put("s2", {"name": "魚市", "id": "s2"}, version=2),  # id not first: applied as values
        put("s3", {"id": "s3", "name": "gone"}, deleted=True),
        {"collection": "sites", "id": "s4", "removed": True},
    ]
    body = page(*changes)
    plain, stored = Replica(tmp_path / "plain.db"), Replica(tmp_path / "stored.db")
    apply_page(plain, orjson.loads(body))
    apply_page(stored, decode_page(body))
    assert [row[:4] for row in rows(stored)] == [row[:4] for row in rows(plain)]
    for record_id in ("s1", "s2", "s3"):
        assert stored.get("sites", record_id) == plain.get("sites", record_id)
    assert stored.meta("cursor") == plain.meta("cursor") == "c1"
