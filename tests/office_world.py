"""The office world of the tests: offices with their people and work, and the writes tests make.

`World.seed(db, *plans, make_user=synced_user, kind=SPHYGMOMANOMETERS, inspectors=1)` writes,
through the real write path (`sync.server.records.write_record`), one office per
`OfficePlan` (one plain office when none is given): its dispatcher (`dispatcher.a`) and
inspectors (`inspector.a`, `inspector.a2`, ...), a firm, a site, an instrument of the world's
`Kind`, a vehicle and a job, assigned to the first inspector unless the plan says
`assigned=False`; and an admin (`admin`) at the first office. Record bodies are the
factories of `tests.domain.factories` with the plan's overrides.

Everyone is a `Person`: an `Actor` with a device of its own that also holds its `users`
record. How that record is made is `make_user`: `synced_user` writes a plain `users` record,
which is all sync needs; the REST tests pass one that creates a login account with a password
(tests/conftest.py). Then::

    world.a.inspector                    # office "a"'s first inspector (a Person)
    world.office("b").job                # office "b"'s job record
    world.person("dispatcher.a").user_id
    world.push(world.a.inspector, mutation)
    world.check(world.a.job)             # fields of a draft check of the job

`tests.sync.client.inprocess_world.ServerWorld` puts this world on a file database with
devices; `tests.sync.stateful_world.StatefulWorld` adds tablets and a ledger to that.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.access import Actor
from domain.records import validate_record
from sync.server.push import apply_push, last_mutation_id
from sync.server.records import write_record
from tests.domain import factories as f
from tests.domain.factories import new_id


@dataclass(frozen=True)
class Person(Actor):
    """Someone at an office: the Actor they write as, holding their `users` record."""

    record: dict = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Kind:
    """What the world's offices inspect: how their instrument, job and a draft check look."""

    instrument: Callable[..., dict]
    job: dict
    check: Callable[..., dict]


SPHYGMOMANOMETERS = Kind(f.make_sphygmomanometer, {}, f.make_sphygmo_check)
FUEL_DISPENSERS = Kind(
    f.make_fuel_dispenser, {"kind": "fuel_dispenser_inspection"}, f.make_fuel_check
)


@dataclass(frozen=True)
class OfficePlan:
    """One office of the world: its key ("a"), and overrides of each of its records' factory."""

    key: str = "a"
    office: dict = field(default_factory=dict)
    firm: dict = field(default_factory=dict)
    site: dict = field(default_factory=dict)
    instrument: dict = field(default_factory=dict)
    vehicle: dict = field(default_factory=dict)
    job: dict = field(default_factory=dict)
    assignment: dict = field(default_factory=dict)
    assigned: bool = True


@dataclass
class Office:
    """One office of the world: its record, its people and the records seeded for it."""

    record: dict
    dispatcher: Person
    inspectors: list
    firm: dict
    site: dict
    instrument: dict
    vehicle: dict
    job: dict
    assignment: dict | None

    @property
    def id(self):
        return self.record["id"]

    @property
    def inspector(self):
        """The office's first inspector (the one its job is assigned to)."""
        return self.inspectors[0]


def synced_user(world, fields):
    """A person's plain `users` record, written like any other record."""
    return world.put("users", f.make_user(**fields))


@dataclass
class World:
    """The office database with its offices and people in it."""

    db: object
    admin: Person
    kind: Kind = SPHYGMOMANOMETERS
    make_user: Callable = synced_user  # (world, fields) → the stored `users` record
    offices: dict = field(default_factory=dict)  # key ("a") → Office
    people: dict = field(default_factory=dict)  # username → Person

    @classmethod
    def seed(cls, db, *plans, make_user=synced_user, kind=SPHYGMOMANOMETERS, inspectors=1, **extra):
        """Write the offices of `plans` (one plain office by default) and return the world;
        `extra` sets a subclass's own fields."""
        plans = plans or (OfficePlan(),)
        bodies = [f.make_office(**plan.office) for plan in plans]
        admin = Person(new_id(), "admin", bodies[0]["id"], new_id())
        world = cls(db=db, admin=admin, kind=kind, make_user=make_user, **extra)
        for body in bodies:
            world.put("offices", body)
        world.admin = world.new_person("admin", "admin", bodies[0]["id"], user_id=admin.user_id)
        for plan, body in zip(plans, bodies, strict=True):
            world.offices[plan.key] = world._seed_office(plan, body, inspectors)
        return world

    def _seed_office(self, plan, office, inspectors):
        key, office_id = plan.key, office["id"]
        dispatcher = self.new_person(f"dispatcher.{key}", "dispatcher", office_id)
        names = [f"inspector.{key}{n + 1 if n else ''}" for n in range(inspectors)]
        people = [self.new_person(name, "inspector", office_id) for name in names]
        firm = self.put("firms", f.make_firm(office_id=office_id, **plan.firm))
        site = self.put("sites", f.make_site(office_id=office_id, firm_id=firm["id"], **plan.site))
        instrument = self.put(
            "instruments", self.kind.instrument(site_id=site["id"], **plan.instrument)
        )
        vehicle = self.put("vehicles", f.make_vehicle(office_id=office_id, **plan.vehicle))
        job = self.new_job(site=site, instrument=instrument, **plan.job)
        assignment = None
        if plan.assigned:
            assignment = self.assign(job["id"], people[0], by=dispatcher, **plan.assignment)
        return Office(office, dispatcher, people, firm, site, instrument, vehicle, job, assignment)

    # --- looking around ---------------------------------------------------------------

    @property
    def a(self):
        return self.offices["a"]

    @property
    def b(self):
        return self.offices["b"]

    def office(self, key):
        """The office of that key ("a", "b")."""
        return self.offices[key]

    def person(self, username):
        """Anyone of the world, by username."""
        return self.people[username]

    def count(self, collection):
        """How many records of a collection the database holds (tombstones included)."""
        sql = "SELECT count(*) FROM records WHERE collection = ?"
        return self.db.execute(sql, [collection]).fetchone()[0]

    # --- writing ----------------------------------------------------------------------

    def new_person(self, username, role, office_id, *, user_id=None):
        """A new person made the world's way (a `users` record), with a device of their own."""
        fields = {
            "id": user_id or new_id(),
            "username": username,
            "display_name": username,
            "role": role,
            "office_id": office_id,
        }
        record = self.make_user(self, fields)
        person = Person(record["id"], role, office_id, new_id(), record=record)
        self.people[username] = person
        return person

    def put(self, collection, data, actor=None):
        """Store a valid record directly (as the admin unless told)."""
        loaded = validate_record(collection, data)
        return write_record(
            self.db, collection, loaded["id"], loaded, actor=actor or self.admin, op="create"
        )

    def edit(self, collection, record_id, fields, actor=None):
        """Update a stored record as someone at the office (office a's dispatcher unless told)."""
        return write_record(
            self.db, collection, record_id, fields, actor=actor or self.a.dispatcher, op="update"
        )

    def push(self, who, *mutations, start=None):
        """Push `mutations` (dicts without ids) for `who`, numbered from its next id."""
        first = start or last_mutation_id(self.db, who.device_id, who.user_id) + 1
        numbered = [{"mutation_id": first + i, **m} for i, m in enumerate(mutations)]
        return apply_push(self.db, {"device_id": who.device_id, "mutations": numbered}, actor=who)

    def new_job(self, inspector=None, *, site=None, instrument=None, **overrides):
        """A job of the world's kind at `site` with `instrument` (office a's unless given),
        assigned to `inspector` if given."""
        site, instrument = site or self.a.site, instrument or self.a.instrument
        fields = {
            "office_id": site["office_id"],
            "site_id": site["id"],
            "instrument_ids": [instrument["id"]],
            **self.kind.job,
            **overrides,
        }
        job = self.put("jobs", f.make_job(**fields))
        if inspector is not None:
            self.assign(job["id"], inspector)
        return job

    def assign(self, job_id, inspector, *, by=None, **overrides):
        """Assign the job to `inspector` (as office a's dispatcher unless told)."""
        fields = {"job_id": job_id, "inspector_ids": [inspector.user_id], "vehicle_id": None}
        return self.put(
            "assignments",
            f.make_assignment(**{**fields, **overrides}),
            actor=by or self.a.dispatcher,
        )

    def check(self, job, inspector=None, **overrides):
        """Fields of a valid draft check of the job's first instrument, without its id, by
        `inspector` (office a's first inspector unless told)."""
        defaults = {
            "job_id": job["id"],
            "instrument_id": job["instrument_ids"][0],
            "inspector_id": (inspector or self.a.inspector).user_id,
        }
        data = self.kind.check(**{**defaults, **overrides})
        data.pop("id")
        return data
