"""Seeding the benchmark's office server: one office, one inspector, and a scope of records.

`seed_server(config, total)` builds the real app on the configured database, creates the
office and the inspector (a real account, so devices log in over HTTP), and writes the scope
through the record store — every record validated by its domain schema and written with
`write_record` inside one `transaction(db)`, so change log, memberships, field history and
audit are exactly what the server keeps in production. It returns what the benchmark needs
afterwards: the inspector's login and the jobs new checks can be recorded for.
"""

from dataclasses import dataclass

from bench.check_records import job_of, scope_records
from domain.access import Actor
from domain.records import validate_record
from server import create_app
from server.database.db import get_db
from server.identity import users
from server.records import store
from sync.server.records import write_record
from sync.transaction import transaction

SETUP = Actor(user_id=None, role="admin", office_id=None, device_id="bench-setup")
USERNAME = "inspector.bench"
PASSWORD = "correct-horse-battery"


@dataclass
class SeededScope:
    """What the seed made: who logs in, the jobs to record checks for, and how many records."""

    username: str
    password: str
    inspector_id: str
    jobs: list
    counts: dict


def server_config(database):
    """The app config for the benchmark: a file database and cheap password hashing."""
    return {
        "DATABASE": str(database),
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
    }


def office_and_inspector(db, username=USERNAME):
    """The Keelung office and its inspector `username`, with a real account."""
    office = store.create(
        db,
        "offices",
        {
            "code": "KEELUNG",
            "name_zh": "基隆分局",
            "name_en": "Keelung",
            "lat": 25.13,
            "lon": 121.74,
        },
        SETUP,
    )
    body = {
        "username": username,
        "display_name": "林檢驗員",
        "role": "inspector",
        "office_id": office["id"],
        "password": PASSWORD,
    }
    return office, users.create_user(db, SETUP, body)


def write_scope(db, total, office_id, inspector_id):
    """Write a scope of `total` records in one transaction; return (jobs, counts by collection)."""
    instruments, jobs, counts = {}, [], {}
    with transaction(db):
        for collection, record in scope_records(total, office_id, inspector_id):
            fields = validate_record(collection, record)
            write_record(db, collection, fields["id"], fields, actor=SETUP, op="create")
            counts[collection] = counts.get(collection, 0) + 1
            if collection == "instruments":
                instruments[record["id"]] = record
            elif collection == "jobs":
                jobs.append(job_of(record, instruments))
    return jobs, counts


def seed_server(config, total):
    """Create the server database of `config` with one inspector's scope of `total` records."""
    app = create_app(config)
    with app.app_context():
        db = get_db()
        office, inspector = office_and_inspector(db)
        jobs, counts = write_scope(db, total, office["id"], inspector["id"])
    return SeededScope(USERNAME, PASSWORD, inspector["id"], jobs, counts)


def stored_rows(database):
    """Every record row of the server database as (collection, id, version, data JSON text)."""
    from server.database.db import connect

    db = connect(database)
    try:
        return db.execute("SELECT collection, id, version, data FROM records").fetchall()
    finally:
        db.close()
