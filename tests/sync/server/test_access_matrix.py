"""The access matrix of sync. Push: every collection, every role, create / update / delete, against
a record of the pusher's own job or office, a peer's (same office, another inspector's job)
and a foreign office's — and, per collection, the fields whose rule differs.

What each pusher should get is the table `ALLOWED`, written from the rules in docs/sync.md
("Permissions"), not read from `domain.access`; every collection the domain knows must be in
it, so a new collection cannot slip through unruled. Pull: what each role's full pull holds.
"""

import pytest

from domain.access import ROLES
from domain.records import COLLECTIONS
from sync.server.buckets import office_for
from tests.domain import factories as f
from tests.domain.factories import new_id
from tests.sync.server.support import actor, create, update
from tests.sync.server_view import full_pull

TARGETS = ("own", "peer", "foreign")

RESULTS = ("checks", "accident_visits", "firm_visits")
OFFICE_DATA = ("vehicles", "firms", "sites", "instruments", "jobs", "assignments")


def allowed(role, collection, op, target, field=None):
    """True when `role` may push `op` on `collection` aimed at `target` (changing `field`)."""
    if collection in ("users", "audit_entries") or (collection == "conflicts" and op != "update"):
        return False
    if collection == "conflicts" and field != "resolution_note":
        return False  # the server keeps both values; a person only resolves
    if collection in RESULTS and field == "inspector_id":
        return False  # the author of a result never changes
    if role == "admin":
        return True
    if role == "dispatcher":
        if collection in ("offices",) or target == "foreign":
            return False
        if collection in RESULTS:
            return op != "create"
        return collection in OFFICE_DATA or collection == "conflicts"
    # inspector
    if target != "own":
        return False
    if collection in RESULTS:
        return True
    if collection == "jobs":
        return op == "update" and field in ("notes",)
    if collection == "instruments":
        return op == "create" or (op == "update" and field == "seal_number")
    return False


#: The field an update changes, per collection, and the other fields worth trying.
UPDATE_FIELDS = {
    "offices": {"name_en": "Renamed"},
    "users": {"display_name": "Renamed"},
    "vehicles": {"seats": 7},
    "firms": {"name": "Renamed"},
    "sites": {"name": "Renamed"},
    "instruments": {"seal_number": "S-77", "serial": "SN-NEW", "params": {"e": 1}},
    "jobs": {"notes": "noted", "priority": 3, "estimated_minutes": 90},
    "assignments": {"planned_start": "2030-01-01T10:00:00+08:00"},
    "checks": {"notes": "noted", "inspector_id": None},
    "accident_visits": {"follow_up": "call back", "inspector_id": None},
    "firm_visits": {"attendees": ["Mr Lin"], "inspector_id": None},
    "conflicts": {"resolution_note": "kept the office's value", "losing_value": "forged"},
    "audit_entries": {"action": "tampered"},
}


class Offices:
    """The sync server world plus a peer's job at a site of its own, and a foreign office."""

    def __init__(self, world):
        self.world = world
        w = world
        self.site = {
            "own": w.a.site,
            "peer": w.put("sites", f.make_site(office_id=w.a.id)),
        }
        self.instrument = {
            "own": w.a.instrument,
            "peer": w.put("instruments", f.make_sphygmomanometer(site_id=self.site["peer"]["id"])),
        }
        self.job = {"own": w.a.job, "peer": self._job(w.a.id, "peer", w.a.inspectors[1])}
        foreign = w.put("offices", f.make_office(code="WUDU"))
        self.foreign_inspector = actor("inspector", foreign["id"])
        w.put("users", f.make_user(id=self.foreign_inspector.user_id, office_id=foreign["id"]))
        self.office = {"own": w.a.id, "peer": w.a.id, "foreign": foreign["id"]}
        self.site["foreign"] = w.put("sites", f.make_site(office_id=foreign["id"]))
        self.instrument["foreign"] = w.put(
            "instruments", f.make_sphygmomanometer(site_id=self.site["foreign"]["id"])
        )
        self.job["foreign"] = self._job(foreign["id"], "foreign", self.foreign_inspector)
        self.author = {
            "own": w.a.inspector,
            "peer": w.a.inspectors[1],
            "foreign": self.foreign_inspector,
        }

    def _job(self, office_id, target, inspector):
        site = self.site[target]
        job = self.world.put(
            "jobs",
            f.make_job(
                office_id=office_id,
                site_id=site["id"],
                instrument_ids=[self.instrument[target]["id"]],
                status="dispatched",
            ),
        )
        self.world.assign(job["id"], inspector)
        return job

    def record(self, collection, target, author):
        """Valid fields of a new `collection` record aimed at `target` (no id)."""
        office, site, job = self.office[target], self.site[target], self.job[target]
        instrument = self.instrument[target]
        fields = {
            "offices": lambda: f.make_office(code=f"X{new_id()[:4].upper()}"),
            "users": lambda: f.make_user(office_id=office),
            "vehicles": lambda: f.make_vehicle(office_id=office),
            "firms": lambda: f.make_firm(office_id=office),
            "sites": lambda: f.make_site(office_id=office),
            "instruments": lambda: f.make_sphygmomanometer(site_id=site["id"]),
            "jobs": lambda: f.make_job(office_id=office, site_id=site["id"], instrument_ids=[]),
            "assignments": lambda: f.make_assignment(
                job_id=job["id"], inspector_ids=[self.author[target].user_id], vehicle_id=None
            ),
            "checks": lambda: self.world.check(
                job, instrument_id=instrument["id"], inspector_id=author
            ),
            "accident_visits": lambda: f.make_accident_visit(job_id=job["id"], inspector_id=author),
            "firm_visits": lambda: f.make_firm_visit(
                job_id=job["id"], firm_id=self.world.a.firm["id"], inspector_id=author
            ),
            "conflicts": lambda: f.make_conflict(collection="jobs", record_id=job["id"]),
            "audit_entries": lambda: f.make_audit_entry(),
        }[collection]()
        fields.pop("id", None)
        return fields

    def stored(self, collection, target):
        """A record of `collection` aimed at `target`, stored as its rightful writer would."""
        w = self.world
        author = self.author[target]
        data = {"id": new_id(), **self.record(collection, target, author.user_id)}
        if collection == "jobs":  # on the author's assignment, as a job the inspector works on
            return self._job(self.office[target], target, author)["id"]
        if collection == "assignments":  # a second live assignment would re-bucket the job
            job = self.world.put(
                "jobs", f.make_job(office_id=self.office[target], site_id=self.site[target]["id"])
            )
            data["job_id"] = job["id"]
        w.put(collection, data)
        return data["id"]


@pytest.fixture
def offices(world):
    return Offices(world)


def pusher(world, role):
    return {"inspector": world.a.inspector, "dispatcher": world.a.dispatcher, "admin": world.admin}[
        role
    ]


def outcome(world, who, mutation):
    result = world.push(who, mutation)["results"][0]
    return result["status"] in ("applied", "merged"), result


def test_every_collection_is_ruled():
    assert set(UPDATE_FIELDS) == set(COLLECTIONS)


CASES = [(c, r, t) for c in sorted(UPDATE_FIELDS) for r in ROLES for t in TARGETS]


@pytest.mark.parametrize(("collection", "role", "target"), CASES)
def test_push_create(offices, collection, role, target):
    who = pusher(offices.world, role)
    fields = offices.record(collection, target, who.user_id)
    ok, result = outcome(offices.world, who, create(collection, fields))
    assert ok == allowed(role, collection, "create", target), result


@pytest.mark.parametrize(("collection", "role", "target"), CASES)
def test_push_update_each_field(offices, collection, role, target):
    who = pusher(offices.world, role)
    for field, value in UPDATE_FIELDS[collection].items():
        record_id = offices.stored(collection, target)
        value = new_id() if field == "inspector_id" else value
        ok, result = outcome(offices.world, who, update(collection, record_id, 1, {field: value}))
        assert ok == allowed(role, collection, "update", target, field), (field, result)


@pytest.mark.parametrize(("collection", "role", "target"), CASES)
def test_push_delete(offices, collection, role, target):
    who = pusher(offices.world, role)
    record_id = offices.stored(collection, target)
    ok, result = outcome(
        offices.world, who, {**update(collection, record_id, 1, {}), "op": "delete"}
    )
    assert ok == allowed(role, collection, "delete", target), result


def offices_of(db, records):
    """The office each pulled record belongs to, by the rule of docs/sync.md (Buckets)."""
    return {key: office_for(db, key[0], change["data"]) for key, change in records.items()}


def test_pull_scope_per_role(offices):
    """Inspectors: every office, their office's reference data, their own jobs with what hangs
    off them; never a peer's job or anything of another office. Dispatchers: all of their
    office. Admins: everything."""
    w = offices.world
    for label in ("own", "peer", "foreign"):
        w.push(
            offices.author[label],
            create("checks", offices.record("checks", label, offices.author[label].user_id)),
        )
    everything = full_pull(w.db, w.admin)
    inspector = full_pull(w.db, w.a.inspector)
    dispatcher = full_pull(w.db, w.a.dispatcher)
    office_of = offices_of(w.db, everything)
    own_jobs = {offices.job["own"]["id"]}
    for key in everything:
        collection, record_id = key
        data = everything[key]["data"]
        foreign = office_of[key] not in (w.a.id, None) and collection != "offices"
        assert (key in dispatcher) == (not foreign), key
        if collection == "offices":
            assert key in inspector
        elif collection in ("jobs", "assignments", *RESULTS):
            job_id = record_id if collection == "jobs" else data.get("job_id")
            assert (key in inspector) == (job_id in own_jobs), key
        elif foreign:
            assert key not in inspector, key
    assert set(inspector) <= set(everything) and set(dispatcher) <= set(everything)
