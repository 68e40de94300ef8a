"""Answers keep the wire shapes of SYNC-PROTOCOL, and one device pushing twice at once
applies each mutation once."""

import threading

import sqlite_utils

from sync.codec import decode_body, encode_body
from sync.server.pull import pull_changes
from sync.server.push import apply_push
from sync.server.schema import ensure_schema
from sync.wire import PullAnswerSchema, PushAnswerSchema
from tests.sync.server.support import create, update


def test_push_answer_has_the_wire_shape(world):
    check = create("checks", world.check(world.a.job))
    answer = world.push(world.a.inspector, check, update("checks", check["record_id"], 9, {}))
    body, encoding = encode_body(answer, "zstd")
    assert PushAnswerSchema().validate(decode_body(body, encoding)) == {}
    assert set(answer["results"][0]) == {"mutation_id", "status", "record"}


def test_pull_answer_has_the_wire_shape(world):
    page = pull_changes(world.db, actor=world.a.inspector)
    assert PullAnswerSchema().validate(page) == {}
    assert set(page) == {"epoch", "cursor", "has_more", "remaining", "changes"}


def test_two_pushes_from_one_device_at_once_apply_each_mutation_once(world, tmp_path):
    path = tmp_path / "office.db"
    world.db.conn.commit()
    world.db.conn.backup(sqlite_utils.Database(path).conn)
    job = world.a.job
    mutations = [{"mutation_id": i + 1, **create("checks", world.check(job))} for i in range(20)]
    body = {"device_id": world.a.inspector.device_id, "mutations": mutations}
    answers = []

    def run():
        db = sqlite_utils.Database(path)
        db.conn.execute("PRAGMA busy_timeout = 10000")
        ensure_schema(db)
        answers.append(apply_push(db, body, actor=world.a.inspector))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db = sqlite_utils.Database(path)
    count = db.execute("SELECT count(*) FROM records WHERE collection = 'checks'").fetchone()[0]
    assert count == 20
    assert [a["last_mutation_id"] for a in answers] == [20, 20]
