"""Nesting transactions: an inner block rolls back alone, an outer failure takes all."""

import pytest
import sqlite_utils

from sync.transaction import joined_transaction, transaction


@pytest.fixture
def db(tmp_path):
    database = sqlite_utils.Database(tmp_path / "t.db")
    database.execute("CREATE TABLE t (x)")
    return database


def _values(db):
    return [row[0] for row in db.execute("SELECT x FROM t ORDER BY x").fetchall()]


def test_a_failed_inner_block_rolls_back_alone_at_every_depth(db):
    with transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
        with transaction(db):
            db.execute("INSERT INTO t VALUES (2)")
            with pytest.raises(ValueError), transaction(db):
                db.execute("INSERT INTO t VALUES (3)")
                raise ValueError("refused")
            db.execute("INSERT INTO t VALUES (4)")
        with pytest.raises(ValueError), transaction(db):
            db.execute("INSERT INTO t VALUES (5)")
            with transaction(db):
                db.execute("INSERT INTO t VALUES (6)")
            raise ValueError("refused after a committed inner block")
        db.execute("INSERT INTO t VALUES (7)")
    assert _values(db) == [1, 2, 4, 7]


def test_an_outer_failure_undoes_inner_blocks(db):
    with pytest.raises(ValueError), transaction(db):
        with transaction(db):
            db.execute("INSERT INTO t VALUES (1)")
        raise ValueError("refused")
    assert _values(db) == []
    assert not db.conn.in_transaction


def test_a_joined_block_commits_alone_or_goes_with_the_open_transaction(db):
    with joined_transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
    assert _values(db) == [1] and not db.conn.in_transaction
    with transaction(db):
        with pytest.raises(ValueError), transaction(db), joined_transaction(db):
            db.execute("INSERT INTO t VALUES (2)")
            raise ValueError("refused half-way")
        with joined_transaction(db):
            db.execute("INSERT INTO t VALUES (3)")
    assert _values(db) == [1, 3]
