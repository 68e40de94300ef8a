"""Push: exactly once, gaps, poison mutations, limits and the device check."""

import pytest

from sync.errors import SyncRequestError
from sync.server import push as push_module
from sync.server.outcome import Rejected
from sync.server.push import MAX_MUTATIONS_PER_PUSH, apply_push, last_mutation_id
from sync.server.records import get_record
from sync.server.schema import get_epoch
from tests.domain.factories import new_id
from tests.sync.server.support import create, update


def count(db, collection):
    return db.execute("SELECT count(*) FROM records WHERE collection = ?", [collection]).fetchone()[
        0
    ]


def test_response_lost_after_commit_retry_returns_original_result(world):
    mutation = create("checks", world.check(world.a.job))
    first = world.push(world.a.inspector, mutation, start=1)
    again = world.push(world.a.inspector, mutation, start=1)
    assert again["results"] == first["results"]
    assert first["results"][0]["status"] == "applied"
    assert count(world.db, "checks") == 1
    assert get_record(world.db, "checks", mutation["record_id"])["version"] == 1


def test_duplicate_is_not_applied_again_even_if_its_fields_changed(world):
    job = world.a.job
    record_id = new_id()
    world.push(world.a.inspector, create("checks", world.check(job, notes="first")), start=1)
    resent = create("checks", world.check(job, notes="second"), record_id)
    answer = world.push(world.a.inspector, resent, start=1)
    assert answer["results"][0]["status"] == "applied"
    assert get_record(world.db, "checks", record_id) is None


def test_gap_answers_retry_and_applies_nothing_after_it(world):
    job = world.a.job
    world.push(world.a.inspector, create("checks", world.check(job)), start=1)
    answer = world.push(
        world.a.inspector,
        create("checks", world.check(job)),
        create("checks", world.check(job)),
        start=3,
    )
    assert [r["status"] for r in answer["results"]] == ["retry", "retry"]
    assert answer["last_mutation_id"] == 1
    assert count(world.db, "checks") == 1


def test_poison_mutation_is_rejected_and_the_rest_goes_through(world):
    job = world.a.job
    poison = create("checks", {**world.check(job), "phase": "guesswork"})
    answer = world.push(
        world.a.inspector,
        create("checks", world.check(job)),
        poison,
        {"collection": "checks", "record_id": "NOT-A-UUID", "op": "create", "fields": {}},
        create("checks", world.check(job)),
    )
    statuses = [r["status"] for r in answer["results"]]
    assert statuses == ["applied", "rejected", "rejected", "applied"]
    assert answer["results"][1]["error"]["code"] == "validation"
    assert "phase" in answer["results"][1]["error"]["fields"]
    assert "record_id" in answer["results"][2]["error"]["fields"]
    assert answer["last_mutation_id"] == 4
    assert count(world.db, "checks") == 2


def test_last_mutation_id_moves_with_each_applied_mutation(world):
    job = world.a.job
    world.push(world.a.inspector, *[create("checks", world.check(job)) for _ in range(3)])
    inspector = world.a.inspector
    assert last_mutation_id(world.db, inspector.device_id, inspector.user_id) == 3
    stored = world.db.execute(
        "SELECT count(*) FROM mutation_results WHERE device_id = ?",
        [world.a.inspector.device_id],
    ).fetchone()[0]
    assert stored == 3


def test_answer_carries_the_epoch(world):
    answer = world.push(world.a.inspector)
    assert answer == {"epoch": get_epoch(world.db), "last_mutation_id": 0, "results": []}


def test_device_of_another_token_is_forbidden(world):
    body = {"device_id": world.a.inspectors[1].device_id, "mutations": []}
    with pytest.raises(SyncRequestError) as refused:
        apply_push(world.db, body, actor=world.a.inspector)
    assert refused.value.status == 403


def test_too_many_mutations_is_413(world):
    mutations = [
        {"mutation_id": i + 1, **create("checks", {})} for i in range(MAX_MUTATIONS_PER_PUSH + 1)
    ]
    body = {"device_id": world.a.inspector.device_id, "mutations": mutations}
    with pytest.raises(SyncRequestError) as refused:
        apply_push(world.db, body, actor=world.a.inspector)
    assert refused.value.status == 413


@pytest.mark.parametrize(
    "body, field",
    [
        ({"mutations": []}, "device_id"),
        ({"device_id": "x", "mutations": []}, "device_id"),
        ({"device_id": new_id(), "mutations": [{"mutation_id": 0}]}, "mutations"),
        ({"device_id": new_id(), "mutations": [{"mutation_id": "7"}]}, "mutations"),
        ({"device_id": new_id()}, "mutations"),
    ],
)
def test_malformed_push_is_400_with_field_messages(world, body, field):
    with pytest.raises(SyncRequestError) as refused:
        apply_push(world.db, body, actor=world.a.inspector)
    assert refused.value.status == 400
    assert field in refused.value.errors


def test_recreate_after_restore_does_not_duplicate(world):
    mutation = create("checks", world.check(world.a.job))
    world.push(world.a.inspector, mutation, start=1)
    world.db.execute("UPDATE devices SET last_mutation_id = 0")  # restored from an old backup
    world.db.execute("DELETE FROM mutation_results")
    answer = world.push(world.a.inspector, mutation, start=1)
    assert answer["results"][0]["status"] == "applied"
    assert count(world.db, "checks") == 1


def test_update_of_unknown_record_is_rejected_missing(world):
    answer = world.push(world.a.inspector, update("checks", new_id(), 1, {"notes": "x"}))
    assert answer["results"][0]["error"]["code"] == "missing"


def _rows_about(db, record_id):
    tables = {"records": "id", "changes": "record_id", "audit_log": "record_id"}
    return {
        table: db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = ?", [record_id]
        ).fetchone()[0]
        for table, column in tables.items()
    }


@pytest.mark.parametrize("failure", [RuntimeError("bug"), Rejected("state", "late refusal")])
def test_mutation_failing_after_it_wrote_leaves_nothing_and_the_rest_goes_through(
    world, monkeypatch, failure
):
    job = world.a.job
    doomed = create("checks", world.check(job, notes="fails after writing"))
    real_flag = push_module.apply_mutation.__globals__["flag_cancelled_job"]

    def flag_then_fail(db, collection, record, **known):
        if record.get("notes") == "fails after writing":
            raise failure
        return real_flag(db, collection, record, **known)

    monkeypatch.setitem(
        push_module.apply_mutation.__globals__, "flag_cancelled_job", flag_then_fail
    )
    before = create("checks", world.check(job))
    after = create("checks", world.check(job))
    answer = world.push(world.a.inspector, before, doomed, after)

    statuses = [r["status"] for r in answer["results"]]
    assert statuses == ["applied", "rejected", "applied"]
    code = "internal" if isinstance(failure, RuntimeError) else "state"
    assert answer["results"][1]["error"]["code"] == code
    assert _rows_about(world.db, doomed["record_id"]) == {
        "records": 0,
        "changes": 0,
        "audit_log": 0,
    }
    for kept in (before, after):
        assert get_record(world.db, "checks", kept["record_id"])["version"] == 1
        assert _rows_about(world.db, kept["record_id"])["audit_log"] == 1
    assert answer["last_mutation_id"] == 3
