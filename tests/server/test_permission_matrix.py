"""The permission matrix, generated from the OpenAPI document: every operation, for every
role and for no token, an expired token and a revoked token, against targets in the caller's
own office (their own record, and a peer's), and in a foreign office.

The operations come from `/openapi.json`, so an endpoint added later is covered without
anyone remembering: an operation this module cannot build a request for fails the test
(`REQUESTS` says how to call it). What each caller should get is written here from the rules
(docs/sync.md "Permissions", server/records/permissions.py), not read from the code that
enforces them.
"""

import itertools
from dataclasses import dataclass

import pytest

from server.database.db import get_db
from server.identity import accounts
from server.records import store
from tests.conftest import login_body, person_body

CALLERS = ("inspector", "dispatcher", "admin", "no token", "expired token", "revoked token")
TARGETS = ("own", "peer", "foreign")
USER_OF = {"inspector": "inspector.a", "dispatcher": "dispatcher.a", "admin": "admin"}
PUBLIC = {("post", "/api/v1/auth/token"), ("get", "/api/v1/meta/"), ("post", "/api/v1/lookup/")}


@dataclass
class Call:
    """One request: method, path, JSON body, headers besides the token."""

    method: str
    path: str
    json: object = None
    headers: dict | None = None
    spends_token: bool = False  # the call revokes the token it is made with (log out)


SERIAL = itertools.count(1)


def create_body(collection, office):
    """A valid new record of `collection` in `office` (an `Office` of the world; unique where
    it must be)."""
    n = next(SERIAL)
    bodies = {
        "offices": {"code": f"MATSU{n}", "name_zh": "馬祖", "name_en": "Matsu"},
        "users": person_body(f"new.person{n}", "inspector", office.id),
        "vehicles": {"office_id": office.id, "plate": f"NEW-{n}", "seats": 2},
        "firms": {"office_id": office.id, "tax_id": f"{n:08d}", "name": "New firm"},
        "sites": {
            "office_id": office.id,
            "name": "New site",
            "address": "基隆市中正區",
            "kind": "market",
        },
        "instruments": {"site_id": office.site["id"], "type": "taximeter", "serial": "T-1"},
        "jobs": {
            "office_id": office.id,
            "kind": "fuel_dispenser_inspection",
            "site_id": office.site["id"],
            "instrument_ids": [office.instrument["id"]],
            "window_start": "2030-02-01T09:00:00+08:00",
            "window_end": "2030-02-01T17:00:00+08:00",
            "estimated_minutes": 30,
        },
    }
    return bodies[collection]


PATCH_BODIES = {
    "offices": {"name_en": "Renamed"},
    "users": {"display_name": "Renamed"},
    "vehicles": {"seats": 5},
    "firms": {"name": "Renamed"},
    "sites": {"name": "Renamed"},
    "instruments": {"seal_number": "SEAL-9"},
    "jobs": {"notes": "bring the 20 L measure"},
}


class Matrix:
    """The world of tests/conftest.py, plus a peer inspector in office a with a job of their
    own, and what each (caller, target) pair is aimed at."""

    def __init__(self, app, client, world):
        self.app, self.client, self.world = app, client, world
        with app.app_context():
            db = get_db()
            self.peer = world.new_person("inspector.a2", "inspector", world.a.id)
            self.peer_job = self._job(db, world.a, self.peer)
            self.foreign_job = self._job(db, world.b, world.b.inspector)
        self.tokens = {caller: self._token(caller) for caller in CALLERS}

    def _job(self, db, office, inspector):
        admin = self.world.admin
        job = store.create(db, "jobs", create_body("jobs", office), admin)
        fields = {"job_id": job["id"], "inspector_ids": [inspector.user_id], "date": "2030-02-01"}
        store.create(db, "assignments", fields, admin)
        return job

    def _login(self, username, device_id):
        response = self.client.post("/api/v1/auth/token", json=login_body(username, device_id))
        assert response.status_code == 201, response.get_json()
        return response.get_json()["token"]

    def fresh_token(self, caller):
        """A new live token of the caller's user, for a call that spends it."""
        return self._login(USER_OF[caller], f"matrix-spent-{next(SERIAL)}")

    def _token(self, caller):
        if caller == "no token":
            return None
        token = self._login(USER_OF.get(caller, "inspector.a"), f"matrix-{caller}")
        with self.app.app_context():
            db = get_db()
            with store.transaction(db):
                if caller == "expired token":
                    db.execute(
                        "UPDATE tokens SET expires_at = '2000-01-01T00:00:00+00:00' "
                        "WHERE token_hash = ?",
                        [accounts.token_digest(token)],
                    )
                elif caller == "revoked token":
                    accounts.revoke_token(db, token)
        return token

    def office(self, target):
        return self.world.b if target == "foreign" else self.world.a

    def fresh(self, collection, target):
        """A new record of `collection` aimed at by `target`, made for one mutating call."""
        with self.app.app_context():
            db = get_db()
            if collection == "jobs" and target == "own":
                return self._job(db, self.world.a, self.world.a.inspector)
            if collection == "jobs" and target == "peer":
                return self._job(db, self.world.a, self.peer)
            if collection == "users":
                username = f"person{next(SERIAL)}"
                return self.world.new_person(username, "inspector", self.office(target).id).record
            body = create_body(collection, self.office(target))
            return store.create(db, collection, body, self.world.admin)

    def existing(self, collection, target):
        """The record a read is aimed at."""
        if collection == "offices":
            return self.office(target).record
        if collection == "users":
            world = self.world
            person = {"own": world.a.inspector, "peer": self.peer, "foreign": world.b.inspector}
            return person[target].record
        if collection in ("jobs", "assignments"):
            job = {"own": self.world.a.job, "peer": self.peer_job}.get(target, self.foreign_job)
            return job if collection == "jobs" else self.assignment_of(job)
        return getattr(self.office(target), collection.rstrip("s"))

    def assignment_of(self, job):
        with self.app.app_context():
            row = (
                get_db()
                .execute(
                    "SELECT id FROM records WHERE collection = 'assignments' AND parent_id = ?",
                    [job["id"]],
                )
                .fetchone()
            )
        return {"id": row[0]}

    def device_of(self, target):
        username = {"own": "inspector.a", "peer": "inspector.a2", "foreign": "inspector.b"}[target]
        device_id = f"matrix-device-{username}"
        self._login(username, device_id)
        return device_id


def if_match(record):
    return {"If-Match": f'"{record["version"]}"'}


def build_call(matrix, method, path, target):
    """The request of one operation aimed at `target`, or None if this module cannot say."""
    parts = path.strip("/").split("/")  # api, v1, collection, ...
    collection = parts[2]
    if (method, path) in {
        ("get", f"/api/v1/{collection}/"),
    }:
        return Call("get", path)
    if method == "post" and path == f"/api/v1/{collection}/" and collection in PATCH_BODIES:
        return Call("post", path, create_body(collection, matrix.office(target)))
    record_path = len(parts) == 4 and parts[3].startswith("{")
    if record_path and collection in PATCH_BODIES | {"assignments": None}:
        concrete = path.replace(parts[3], "{id}")
        if method == "get":
            return Call("get", concrete.format(id=matrix.existing(collection, target)["id"]))
        record = matrix.fresh(collection, target)
        url = concrete.format(id=record["id"])
        if method == "patch":
            return Call("patch", url, PATCH_BODIES[collection], if_match(record))
        if method == "delete":
            return Call("delete", url, None, if_match(record))
    if collection == "jobs" and len(parts) == 5:
        job = matrix.fresh("jobs", target)
        url = f"/api/v1/jobs/{job['id']}/{parts[4]}"
        if parts[4] == "transition":
            return Call("post", url, {"to": "cancelled"}, if_match(job))
        if parts[4] == "assignment":
            inspector = matrix.peer if target != "foreign" else matrix.world.b.inspector
            return Call("post", url, {"inspector_ids": [inspector.user_id], "date": "2030-02-02"})
    if collection == "devices" and len(parts) == 5:
        return Call("post", f"/api/v1/devices/{matrix.device_of(target)}/{parts[4]}")
    if (method, path) == ("delete", "/api/v1/auth/token"):
        return Call("delete", path, spends_token=True)
    if (method, path) == ("post", "/api/v1/sync/push"):
        return Call(
            "post", path, {"device_id": "matrix", "mutations": []}, {"X-Schema-Version": "1"}
        )
    if (method, path) == ("get", "/api/v1/sync/pull"):
        return Call("get", path, None, {"X-Schema-Version": "1"})
    if collection == "blobs":
        return Call(method, f"/api/v1/blobs/{'0' * 64}", None, {"X-Schema-Version": "1"})
    if collection == "plans":
        return plan_call(matrix, method, path, target)
    return None


PLAN_DAY = "2031-01-06"


def plan_call(matrix, method, path, target):
    """A day plan of the target's office: proposed, re-planned, read or applied."""
    office_id = matrix.office(target).id
    if path == "/api/v1/plans/":
        return Call("post", path, {"office_id": office_id, "day": PLAN_DAY})
    if path == "/api/v1/plans/replan":
        return Call("post", path, {"office_id": office_id})
    dispatcher = "dispatcher.b" if target == "foreign" else "dispatcher.a"
    token = matrix._login(dispatcher, f"matrix-plans-{next(SERIAL)}")
    body = {"office_id": office_id, "day": PLAN_DAY}
    answer = matrix.client.post(
        "/api/v1/plans/", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 201, answer.get_json()
    return Call(method, path.replace("{proposal_id}", answer.get_json()["id"]))


def expected(caller, roles, method, path, target):
    """The status class a caller should get: 200 (any 2xx), 401, 403 or 404."""
    if (method, path) in PUBLIC:
        return None  # public: covered by their own tests
    if caller.endswith("token") and caller != "no token" or caller == "no token":
        return 401
    if caller not in roles:
        return 403
    collection = path.strip("/").split("/")[2]
    if collection in ("sync", "blobs", "auth", "audit", "devices"):
        return None  # office-agnostic: the sync and blob tests hold their rules
    if collection == "plans":  # an office's plans are its dispatchers' alone, reads too
        return 200 if target != "foreign" else 403
    writes = method != "get"
    if caller == "admin":
        return 200
    if caller == "dispatcher":
        return 403 if writes and target == "foreign" else 200
    # inspector: reads only (no write route lists the role); scope narrows them
    if path.endswith("/") or collection in ("offices",):
        return 200
    if collection in ("jobs", "assignments"):
        return 200 if target == "own" else 404
    return 404 if target == "foreign" else 200


def operations(client):
    doc = client.get("/openapi.json").get_json()
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "patch", "delete", "put", "head"):
                yield method, path, operation.get("x-roles") or []


@pytest.fixture
def matrix(app, client, world):
    return Matrix(app, client, world)


def test_every_operation_for_every_caller_and_target(matrix, client):
    failures, seen = [], 0
    for method, path, roles in operations(client):
        if (method, path) in PUBLIC:
            continue
        for target in TARGETS:
            for caller in CALLERS:
                want = expected(caller, roles, method, path, target)
                call = build_call(matrix, method, path, target)
                if call is None:
                    failures.append(f"{method.upper()} {path}: no request built; add one")
                    break
                token = matrix.tokens[caller]
                if call.spends_token and caller in USER_OF:
                    token = matrix.fresh_token(caller)
                headers = {**(call.headers or {})}
                if token:
                    headers["Authorization"] = f"Bearer {token}"
                response = client.open(
                    call.path, method=call.method.upper(), json=call.json, headers=headers
                )
                seen += 1
                got = response.status_code
                if got >= 500:
                    failures.append(f"{method.upper()} {path} [{caller} → {target}]: {got}")
                elif want is not None and (got // 100 != 2 if want == 200 else got != want):
                    body = response.get_json(silent=True) or {}
                    failures.append(
                        f"{method.upper()} {path} [{caller} → {target}]: {got}, "
                        f"expected {want}: {body.get('message')}"
                    )
    assert seen > 500
    assert not failures, "\n".join(failures)
