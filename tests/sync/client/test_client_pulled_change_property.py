"""Property: a page read for storage (records kept as bytes) leaves the replica exactly as the
same page read as plain values does — whatever the records, their key order, tombstones,
removals, and local edits waiting to be pushed."""

import itertools

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.client.apply import apply_page
from sync.client.pulled_change import decode_page
from sync.client.replica import Replica

IDS = [f"00000000-0000-7000-8000-{n:012d}" for n in range(6)]
_files = itertools.count()

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=8),
    st.lists(st.integers(0, 9), max_size=3),
)
fields = st.dictionaries(st.sampled_from(["name", "note", "n", "tags", "港"]), values, max_size=4)


@st.composite
def changes(draw):
    record_id = draw(st.sampled_from(IDS))
    if draw(st.integers(0, 5)) == 0:
        return {"collection": "sites", "id": record_id, "removed": True}
    data = draw(fields)
    placement = draw(st.sampled_from(["first", "last", "absent"]))
    if placement == "first":
        data = {"id": record_id, **data}
    elif placement == "last":
        data = {**data, "id": record_id}
    return {
        "collection": "sites",
        "id": record_id,
        "version": draw(st.integers(1, 9)),
        "deleted": draw(st.booleans()),
        "data": data,
    }


def one_per_record(items):
    return list({change["id"]: change for change in items}.values())  # as the server sends


def state(replica):
    rows = replica.db.execute(
        "SELECT collection, id, version, deleted, data, server_data, server_same, "
        "server_deleted, purge_pending, stale FROM records ORDER BY id"
    ).fetchall()
    loads = lambda text: None if text is None else orjson.loads(text)  # noqa: E731
    return [(*row[:4], loads(row[4]), loads(row[5]), *row[6:]) for row in rows]


def fresh(tmp_path, edited):
    replica = Replica(tmp_path / f"replica-{next(_files)}.db")
    for record_id in edited:
        replica.save("sites", record_id, {"name": "local edit"}, op="create")
    return replica


@settings(max_examples=60, deadline=None)
@given(
    pages=st.lists(st.lists(changes(), max_size=6).map(one_per_record), min_size=1, max_size=3),
    edited=st.sets(st.sampled_from(IDS), max_size=2),
)
def test_pages_read_for_storage_store_what_plain_pages_store(tmp_path_factory, pages, edited):
    tmp_path = tmp_path_factory.mktemp("pages")
    plain, stored = fresh(tmp_path, edited), fresh(tmp_path, edited)
    for n, items in enumerate(pages):
        body = orjson.dumps(
            {"epoch": "e", "cursor": f"c{n}", "has_more": False, "remaining": 0, "changes": items}
        )
        apply_page(plain, orjson.loads(body))
        apply_page(stored, decode_page(body))
    assert state(stored) == state(plain)
    for record_id in IDS:
        assert stored.get("sites", record_id) == plain.get("sites", record_id)
