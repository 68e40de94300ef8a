"""The replica's numbered migrations: a new file runs them all once; a file made by an earlier
release of the app — before numbered migrations, before blobs could be `missing`, the first
release — upgrades with every row kept, drafts and outbox included, and syncs on from there;
a migration that fails leaves the file as it was."""

import sqlite3
from pathlib import Path

import pytest

from sync.client import database
from sync.client.database import MIGRATIONS, connect, migrate
from sync.client.outbox import pending_batch
from sync.client.replica import Replica
from tests.domain.factories import new_id

RELEASES = Path(__file__).parent / "replica_files"
TABLES = ("meta", "records", "outbox", "notices", "blobs", "sqlite_sequence")
EVERY_MIGRATION = list(range(1, len(MIGRATIONS) + 1))
DRAFT_CHECK = "0190a1b2-0000-7000-8000-000000000011"


def file_of_release(name, path):
    """A replica file with the tables and rows an earlier release of the app left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.executescript((RELEASES / f"{name}.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def rows_of(path, columns=None):
    """Every row of every table, by table (only the given columns of each, when named)."""
    conn = sqlite3.connect(path)
    try:
        found = {}
        for table in TABLES:
            names = columns[table] if columns else _columns(conn, table)
            sql = f"SELECT {', '.join(names)} FROM {table}"
            found[table] = sorted(conn.execute(sql).fetchall(), key=repr)
        return found
    finally:
        conn.close()


def _columns(conn, table):
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def migrations_recorded(db):
    return [row[0] for row in db.execute("SELECT number FROM schema_migrations ORDER BY number")]


def test_a_new_replica_runs_every_migration_once(tmp_path):
    replica = Replica(tmp_path / "replica.db")
    try:
        assert migrations_recorded(replica.db) == EVERY_MIGRATION
        assert migrate(replica.db) == []
        assert replica.device_id and replica.meta("next_mutation_id") == "1"
    finally:
        replica.close()


@pytest.mark.parametrize(
    "release", ["before_numbered_migrations", "before_missing_blob_state", "first_release"]
)
def test_a_replica_of_an_earlier_release_upgrades_with_every_row_kept(tmp_path, release):
    path = file_of_release(release, tmp_path / "device" / "replica.db")
    conn = sqlite3.connect(path)
    columns = {table: _columns(conn, table) for table in TABLES}
    conn.close()
    before = rows_of(path)
    replica = Replica(path)
    try:
        assert migrations_recorded(replica.db) == EVERY_MIGRATION
        assert rows_of(path, columns) == before
        drafts = [m["mutation_id"] for m in pending_batch(replica.db, 10)]
        assert drafts == [4, 5, 6]
        assert replica.get("checks", DRAFT_CHECK)["notes"] == "draft offline"
        assert replica.counts() == {"pending": 3, "rejected": 1, "conflicts": 1}
        replica.save("sites", new_id(), {"name": "After the upgrade"}, op="create")
        assert [m["mutation_id"] for m in pending_batch(replica.db, 10)] == [4, 5, 6, 7]
        replica.db.execute("UPDATE blobs SET state = 'missing' WHERE state = 'uploaded'")
    finally:
        replica.close()


def test_an_upgraded_replica_syncs_its_drafts(tmp_path, server, make_engine):
    path = file_of_release("before_numbered_migrations", tmp_path / "device" / "replica.db")
    replica = Replica(path)
    try:
        status = make_engine(replica, server).run()
        assert (status.outcome, status.pending) == ("ok", 0), status.last_error
        assert server.records[("checks", DRAFT_CHECK)]["data"]["notes"] == "draft offline"
    finally:
        replica.close()


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = file_of_release("before_numbered_migrations", tmp_path / "device" / "replica.db")
    before = rows_of(path)

    def _m999_broken(db):
        db.execute("DELETE FROM outbox")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(database, "MIGRATIONS", [*MIGRATIONS, _m999_broken])
    db = connect(path)
    with pytest.raises(sqlite3.OperationalError):
        migrate(db)
    assert migrations_recorded(db) == EVERY_MIGRATION  # those before it are kept
    db.conn.close()
    assert rows_of(path) == before
