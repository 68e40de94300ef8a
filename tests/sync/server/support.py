"""Helpers of the sync server tests: a small office with people and a job, and mutations.

`world` holds one office (Keelung) with inspectors A and B, a dispatcher and an admin (each
an `Actor` with its own device), a firm, a site, an instrument and a job assigned to A.
`world.push(actor, *mutations)` numbers the actor's mutations from its device's next id.
"""

from dataclasses import dataclass, field

from domain.access import Actor
from domain.records import validate_record
from sync.server.push import apply_push, last_mutation_id
from sync.server.records import write_record
from tests.domain import factories as f
from tests.domain.factories import new_id


def actor(role, office_id):
    return Actor(new_id(), role, office_id, new_id())


@dataclass
class World:
    db: object
    office_id: str
    inspector_a: Actor
    inspector_b: Actor
    dispatcher: Actor
    admin: Actor
    refs: dict = field(default_factory=dict)

    def put(self, collection, data, actor=None):
        """Store a valid record directly (as the admin unless told)."""
        loaded = validate_record(collection, data)
        return write_record(
            self.db, collection, loaded["id"], loaded, actor=actor or self.admin, op="create"
        )

    def push(self, who, *mutations, start=None):
        """Push `mutations` (dicts without ids) for `who`, numbered from its next id."""
        first = start or last_mutation_id(self.db, who.device_id, who.user_id) + 1
        numbered = [{"mutation_id": first + i, **m} for i, m in enumerate(mutations)]
        return apply_push(self.db, {"device_id": who.device_id, "mutations": numbered}, actor=who)

    def new_job(self, inspector=None, **overrides):
        """A job at the site with the instrument, assigned to `inspector` if given."""
        job = self.put(
            "jobs",
            f.make_job(
                office_id=self.office_id,
                site_id=self.refs["site"]["id"],
                instrument_ids=[self.refs["instrument"]["id"]],
                **overrides,
            ),
        )
        if inspector is not None:
            self.assign(job["id"], inspector)
        return job

    def assign(self, job_id, inspector):
        return self.put(
            "assignments",
            f.make_assignment(job_id=job_id, inspector_ids=[inspector.user_id], vehicle_id=None),
            actor=self.dispatcher,
        )

    def check(self, job_id, **overrides):
        """Fields of a valid draft sphygmomanometer check for the job (no blobs)."""
        defaults = {
            "job_id": job_id,
            "instrument_id": self.refs["instrument"]["id"],
            "inspector_id": self.inspector_a.user_id,
        }
        data = f.make_sphygmo_check(**{**defaults, **overrides})
        data.pop("id")
        return data


def create(collection, data, record_id=None):
    """A create mutation (without its id)."""
    return {
        "collection": collection,
        "record_id": record_id or new_id(),
        "op": "create",
        "base_version": None,
        "fields": data,
    }


def update(collection, record_id, base_version, data):
    """An update mutation (without its id)."""
    return {
        "collection": collection,
        "record_id": record_id,
        "op": "update",
        "base_version": base_version,
        "fields": data,
    }
