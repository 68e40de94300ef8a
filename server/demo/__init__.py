"""Demo data shaped like the seed's branch (BSMI Keelung): four offices, their people,
vehicles, firms, sites, instruments and a week of jobs — deterministic (fixed seed).

`load_demo(db)` writes it all through the sync core inside one transaction (devices receive
it by sync like any other record) and creates the demo accounts; see `people.demo_logins()`.
"""

from domain.access import Actor
from domain.records import validate_record
from server.database.clock import now
from server.demo.generate import generate
from server.demo.people import demo_logins, password_of
from server.identity import accounts
from server.records import store
from sync.server.records import write_record

__all__ = ["demo_logins", "load_demo"]

LOADER = Actor(user_id=None, role="admin", office_id=None, device_id="demo-loader")


def load_demo(db, today=None):
    """Load the demo branch into an empty database; returns counts per collection."""
    records = generate(today or now().date())
    with store.transaction(db):
        for collection, items in records.items():
            for fields in items:
                loaded = validate_record(collection, fields)
                write_record(db, collection, loaded["id"], loaded, actor=LOADER, op="create")
        for user in records["users"]:
            accounts.create_account(db, user["id"], user["username"], password_of(user["role"]))
        counts = {c: len(items) for c, items in records.items()}
        store.audit(db, LOADER, "load_demo", changes={c: [0, n] for c, n in counts.items()})
    return counts
