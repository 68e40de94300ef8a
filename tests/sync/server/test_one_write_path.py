"""One path per pushed write: the record's row is read once and the record loaded once,
and the refusals keep their order (a bad field before permission, a bad whole after it)."""

from sync.server.records import get_record
from tests.record_loads import counting_loads
from tests.sync.server.support import create, update


def _traced(db, statements):
    db.conn.set_trace_callback(statements.append)


def _row_reads(statements, record_id):
    return [s for s in statements if s.startswith("SELECT data") and record_id in s]


def test_a_pushed_update_reads_its_row_once_and_loads_the_record_once(world, monkeypatch):
    job = world.a.job
    made = create("checks", world.check(job, status="draft"))
    world.push(world.a.inspector, made)
    statements, loads = [], counting_loads(monkeypatch)
    _traced(world.db, statements)
    answer = world.push(world.a.inspector, update("checks", made["record_id"], 1, {"notes": "x"}))
    world.db.conn.set_trace_callback(None)

    assert answer["results"][0]["status"] == "applied"
    assert len(_row_reads(statements, made["record_id"])) == 1
    assert loads.count(("checks", False)) + loads.count(("checks", True)) == 1


def test_a_pushed_create_reads_its_row_once(world):
    made = create("checks", world.check(world.a.job))
    statements = []
    _traced(world.db, statements)
    answer = world.push(world.a.inspector, made)
    world.db.conn.set_trace_callback(None)

    assert answer["results"][0]["status"] == "applied"
    assert len(_row_reads(statements, made["record_id"])) == 1


def test_a_field_bad_in_itself_is_refused_before_permission(world):
    job = world.a.job
    made = create("checks", world.check(job, status="draft"))
    world.push(world.a.inspector, made)
    bad = update("checks", made["record_id"], 1, {"notes": 42})
    answer = world.push(world.a.inspectors[1], bad)  # B may not write A's check at all
    assert answer["results"][0]["error"]["code"] == "validation"
    assert "notes" in answer["results"][0]["error"]["fields"]


def test_a_merged_record_invalid_as_a_whole_is_refused_after_permission(world):
    job = world.new_job(world.a.inspector)
    late = {"window_end": "2000-01-01T00:00:00+08:00"}  # before the job's window_start
    refused = world.push(world.a.inspectors[1], update("jobs", job["id"], 1, late))
    assert refused["results"][0]["error"]["code"] == "permission"
    refused = world.push(world.a.dispatcher, update("jobs", job["id"], 1, late))
    assert refused["results"][0]["error"]["code"] == "validation"
    assert "window_end" in refused["results"][0]["error"]["fields"]
    assert get_record(world.db, "jobs", job["id"])["version"] == 1
