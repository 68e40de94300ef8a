"""What the app's lists show beside each record, read in one go: sync badges, the records
hanging off each job, and how many records wait to be sent."""

from sync.client.apply import apply_page, apply_push_answer
from sync.client.outbox import pending_batch
from tests.domain.factories import new_id


def _page(*changes):
    return {
        "epoch": "e1",
        "cursor": "c1",
        "has_more": False,
        "remaining": 0,
        "changes": list(changes),
    }


def _put(collection, record_id, **data):
    return {
        "collection": collection,
        "id": record_id,
        "version": 1,
        "deleted": False,
        "data": {"id": record_id, **data},
    }


def _answer(sent, status, **extra):
    results = [{"mutation_id": m["mutation_id"], "status": status, **extra} for m in sent]
    return {"epoch": "e1", "last_mutation_id": sent[-1]["mutation_id"], "results": results}


def test_badges_name_only_records_that_are_not_simply_sent(replica):
    job, sent_check, waiting, refused, disputed = (new_id() for _ in range(5))
    apply_page(
        replica,
        _page(
            _put("jobs", job, status="dispatched"),
            _put("checks", sent_check, job_id=job),
            _put("checks", disputed, job_id=job, notes="office"),
        ),
    )
    replica.save("checks", refused, {"job_id": job}, op="create")
    rejected = pending_batch(replica.db, 10)
    error = {"code": "validation", "message": "bad"}
    apply_push_answer(replica, rejected, _answer(rejected, "rejected", error=error), "now")
    replica.save("checks", disputed, {"notes": "mine"})
    conflicting = pending_batch(replica.db, 10)
    record = {"id": disputed, "job_id": job, "notes": "office", "version": 2, "deleted": False}
    apply_push_answer(replica, conflicting, _answer(conflicting, "conflict", record=record), "now")
    replica.save("checks", waiting, {"job_id": job}, op="create")

    assert replica.sync_badges() == {
        ("checks", refused): "rejected",
        ("checks", disputed): "conflict",
        ("checks", waiting): "on_device",
    }
    assert replica.unsent_records() == 2  # the conflict was settled by the server
    children = replica.children_by_job()[job]
    assert sorted(children) == sorted(
        ("checks", rid) for rid in (sent_check, waiting, refused, disputed)
    )


def test_a_deleted_child_is_not_listed_under_its_job(replica):
    job, check = new_id(), new_id()
    apply_page(replica, _page(_put("jobs", job), _put("checks", check, job_id=job)))
    assert replica.children_by_job() == {job: [("checks", check)]}
    replica.save("checks", check, {}, op="delete")
    assert replica.children_by_job() == {}
