"""A device's mutation stream belongs to one user: push keeps `last_mutation_id` and the stored
results per (device, user), the user taken from the token.

The attack these guard against: a user of another office holds a token on an inspector's
device id, pushes mutation ids 1..N to read the stored results, and then the inspector's next
id so that the inspector's real mutation is answered as a duplicate and never applied.
"""

import dataclasses

import pytest

from sync.errors import SyncRequestError
from sync.server.push import apply_push, last_mutation_id
from tests.domain.factories import new_id
from tests.sync.server.support import actor, create, update


def count(db, collection):
    sql = "SELECT count(*) FROM records WHERE collection = ?"
    return db.execute(sql, [collection]).fetchone()[0]


def push(world, who, mutation_ids, mutation):
    """Push `mutation` (a dict without id) once under each of `mutation_ids`."""
    mutations = [{"mutation_id": m, **mutation} for m in mutation_ids]
    return apply_push(world.db, {"device_id": who.device_id, "mutations": mutations}, actor=who)


@pytest.fixture
def owner(world):
    return world.a.inspector


@pytest.fixture
def intruder(owner):
    """An inspector of another office whose token names the owner's device id."""
    stranger = actor("inspector", new_id())
    return dataclasses.replace(stranger, device_id=owner.device_id)


@pytest.fixture
def owner_checks(world, owner):
    """Three checks the owner pushed as mutations 1..3, with their stored results."""
    job = world.a.job
    answer = world.push(owner, *[create("checks", world.check(job)) for _ in range(3)])
    assert [r["status"] for r in answer["results"]] == ["applied"] * 3
    return answer["results"]


def test_another_users_push_on_the_device_never_reads_the_owners_stored_results(
    world, owner, intruder, owner_checks
):
    target = owner_checks[0]["record"]["id"]
    first = push(world, intruder, [1, 2, 3], update("checks", target, 1, {"notes": "mine now"}))
    again = push(world, intruder, [1, 2, 3], update("checks", target, 1, {"notes": "mine now"}))
    for answer in (first, again):
        assert answer["last_mutation_id"] == 3
        assert [r["status"] for r in answer["results"]] == ["rejected"] * 3
        assert all("record" not in r for r in answer["results"])
        assert not any(r in owner_checks for r in answer["results"])
    assert again["results"] == first["results"]  # the intruder's own stored results
    assert (
        world.db.execute(
            "SELECT json_extract(data, '$.notes') FROM records WHERE id = ?", [target]
        ).fetchone()[0]
        == owner_checks[0]["record"]["notes"]
    )


def test_an_empty_push_of_another_user_does_not_tell_the_owners_position(
    world, intruder, owner_checks
):
    answer = push(world, intruder, [], {})
    assert (answer["last_mutation_id"], answer["results"]) == (0, [])


def test_another_users_next_id_does_not_swallow_the_owners_next_mutation(
    world, owner, intruder, owner_checks
):
    target = owner_checks[0]["record"]["id"]
    push(world, intruder, [1, 2, 3, 4], update("checks", target, 1, {"notes": "x"}))
    job = world.a.job
    answer = world.push(owner, create("checks", world.check(job)))
    [result] = answer["results"]
    assert (result["mutation_id"], result["status"]) == (4, "applied")
    assert "error" not in result
    assert count(world.db, "checks") == 4
    assert last_mutation_id(world.db, owner.device_id, owner.user_id) == 4
    assert last_mutation_id(world.db, intruder.device_id, intruder.user_id) == 4


def test_a_user_who_pushed_first_on_the_device_id_does_not_take_the_owners_ids(
    world, owner, intruder
):
    job = world.a.job
    push(world, intruder, [1, 2], create("checks", world.check(job)))
    answer = world.push(owner, *[create("checks", world.check(job)) for _ in range(2)])
    assert [(r["mutation_id"], r["status"]) for r in answer["results"]] == [
        (1, "applied"),
        (2, "applied"),
    ]
    assert count(world.db, "checks") == 2


def test_each_stream_keeps_its_own_rows(world, owner, intruder, owner_checks):
    push(world, intruder, [1], update("checks", new_id(), 1, {"notes": "x"}))
    rows = world.db.execute(
        "SELECT user_id, count(*) FROM mutation_results WHERE device_id = ? GROUP BY user_id",
        [owner.device_id],
    ).fetchall()
    assert dict(rows) == {owner.user_id: 3, intruder.user_id: 1}
    streams = world.db.execute(
        "SELECT user_id, last_mutation_id FROM devices WHERE device_id = ?", [owner.device_id]
    ).fetchall()
    assert dict(streams) == {owner.user_id: 3, intruder.user_id: 1}


def test_a_token_without_a_user_may_not_push(world, owner):
    nobody = dataclasses.replace(owner, user_id=None)
    with pytest.raises(SyncRequestError) as refused:
        push(world, nobody, [1], create("checks", world.check(world.a.job)))
    assert refused.value.status == 403
    assert count(world.db, "checks") == 0
