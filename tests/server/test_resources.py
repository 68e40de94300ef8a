"""Record endpoints: create, read, change, soft-delete, filters and paging — and bad input
that leaves nothing changed."""

import pytest

from server.database.db import get_db
from server.records import store
from tests.conftest import login_body, person_body

NEW = {
    "firms": lambda w: {
        "office_id": w.a.id,
        "tax_id": "87654321",
        "name": "海港加油站",
    },
    "sites": lambda w: {
        "office_id": w.a.id,
        "name": "南榮市場",
        "address": "基隆市仁愛區南榮路1號",
        "kind": "market",
    },
    "instruments": lambda w: {
        "site_id": w.a.site["id"],
        "type": "nawi",
        "serial": "CAS-001",
    },
    "vehicles": lambda w: {"office_id": w.a.id, "plate": "RAB-9999", "seats": 5},
    "offices": lambda w: {
        "code": "MATSU",
        "name_zh": "馬祖",
        "name_en": "Matsu",
        "is_island": True,
    },
}
CHANGE = {
    "firms": {"name": "新名"},
    "sites": {"name": "新名"},
    "instruments": {"serial": "X"},
    "vehicles": {"seats": 3},
    "offices": {"name_en": "Matsu islands"},
}


def counts(app):
    with app.app_context():
        db = get_db()
        return store.count_records(db), store.count_audit(db)


@pytest.mark.parametrize("collection", list(NEW))
def test_create_read_change_delete(client, auth, world, collection):
    headers = auth("admin")
    created = client.post(f"/api/v1/{collection}/", json=NEW[collection](world), headers=headers)
    assert created.status_code == 201, created.get_json()
    record = created.get_json()
    assert record["version"] == 1 and created.headers["ETag"] == '"1"'
    url = f"/api/v1/{collection}/{record['id']}"
    assert client.get(url, headers=headers).get_json() == record
    changed = client.patch(url, json=CHANGE[collection], headers={**headers, "If-Match": '"1"'})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["version"] == 2
    assert client.delete(url, headers={**headers, "If-Match": '"2"'}).status_code == 204
    assert client.get(url, headers=headers).status_code == 404


@pytest.mark.parametrize("collection", list(NEW))
def test_writes_are_audited_with_user_device_and_changes(client, auth, world, collection):
    headers = auth("admin", device_id="office-pc")
    record = client.post(f"/api/v1/{collection}/", json=NEW[collection](world), headers=headers)
    record_id = record.get_json()["id"]
    url = f"/api/v1/{collection}/{record_id}"
    client.patch(url, json=CHANGE[collection], headers={**headers, "If-Match": '"1"'})
    entries = client.get(f"/api/v1/audit/?record_id={record_id}", headers=headers).get_json()
    assert [e["action"] for e in entries] == ["update", "create"]
    field, (old, new) = next(iter(entries[0]["changes"].items()))
    assert (field, new) == (*CHANGE[collection].items(),)[0]
    assert {e["device_id"] for e in entries} == {"office-pc"}
    assert {e["user_id"] for e in entries} == {world.admin.user_id}


BAD_BODIES = {
    "unknown field": {"name": "x", "colour": "red"},
    "wrong type": {"name": 42},
    "not an object": [1, 2],
    "bad reference": {"office_id": "not-a-uuid"},
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_bad_create_is_422_and_changes_nothing(app, client, auth, world, case):
    headers = auth("admin")
    before = counts(app)
    response = client.post("/api/v1/firms/", json=BAD_BODIES[case], headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"]
    assert counts(app) == before


@pytest.mark.parametrize("case", ["unknown field", "wrong type", "bad reference"])
def test_bad_change_is_422_and_changes_nothing(app, client, auth, world, case):
    headers = {**auth("admin"), "If-Match": '"1"'}
    firm = world.a.firm
    before = counts(app)
    response = client.patch(f"/api/v1/firms/{firm['id']}", json=BAD_BODIES[case], headers=headers)
    assert response.status_code == 422
    assert counts(app) == before
    assert client.get(f"/api/v1/firms/{firm['id']}", headers=headers).get_json()["version"] == 1


def test_malformed_json_changes_nothing(app, client, auth, world):
    headers = {**auth("admin"), "Content-Type": "application/json"}
    before = counts(app)
    assert client.post("/api/v1/firms/", data=b'{"name": ', headers=headers).status_code == 400
    assert counts(app) == before


def test_stale_version_changes_nothing(app, client, auth, world):
    firm = world.a.firm
    headers = auth("admin")
    before = counts(app)
    response = client.patch(
        f"/api/v1/firms/{firm['id']}", json={"name": "y"}, headers={**headers, "If-Match": '"0"'}
    )
    assert response.status_code == 412
    assert counts(app) == before


def test_duplicate_id_is_409(client, auth, world):
    body = {**NEW["firms"](world), "id": world.a.firm["id"]}
    assert client.post("/api/v1/firms/", json=body, headers=auth("admin")).status_code == 409


BAD_PAGING = ["page=0", "page=-1", "page_size=0", "page_size=201", "page=abc", "page=1000001"]
HUGE_PAGE = "page=53107067933832036214435217408"


@pytest.mark.parametrize("query", [*BAD_PAGING, HUGE_PAGE])
@pytest.mark.parametrize("endpoint", ["instruments/", "jobs/", "audit/", "devices/"])
def test_bad_paging_is_422_with_message(client, auth, world, query, endpoint):
    response = client.get(f"/api/v1/{endpoint}?{query}", headers=auth("admin"))
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"]["query"] and body["message"].startswith("Invalid input in")


def test_paging_header_and_pages(client, auth, world):
    headers = auth("admin")
    for n in range(5):
        body = {**NEW["instruments"](world), "serial": f"S{n}"}
        client.post("/api/v1/instruments/", json=body, headers=headers)
    response = client.get("/api/v1/instruments/?page=2&page_size=3", headers=headers)
    assert len(response.get_json()) == 3
    assert '"total": 7' in response.headers["X-Pagination"]
    last = client.get("/api/v1/instruments/?page=3&page_size=3", headers=headers)
    assert len(last.get_json()) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=SN-1", {"SN-1"}),
        ("type=fuel_dispenser", {"SN-1", "SN-2"}),
        ("due_before=2031-01-01", {"SN-1", "SN-2"}),
        ("due_before=2029-01-01", set()),
        ("office_id={b}", {"SN-2"}),
    ],
)
def test_instrument_filters(client, auth, world, query, expected):
    url = "/api/v1/instruments/?" + query.format(b=world.b.id)
    records = client.get(url, headers=auth("admin")).get_json()
    assert {r["serial"] for r in records} == expected


def test_text_search_escapes_wildcards(client, auth, world):
    records = client.get("/api/v1/firms/?q=%25", headers=auth("admin")).get_json()
    assert records == []


def test_users_are_created_with_a_password_that_logs_in(client, auth, world):
    body = person_body("new.inspector", "inspector", world.a.id, "long-enough")
    assert client.post("/api/v1/users/", json=body, headers=auth("admin")).status_code == 201
    login = login_body("new.inspector", "t", "long-enough")
    assert client.post("/api/v1/auth/token", json=login).status_code == 201


def test_taken_username_is_409(client, auth, world):
    body = person_body("admin", "inspector", world.a.id)
    assert client.post("/api/v1/users/", json=body, headers=auth("admin")).status_code == 409


def test_password_is_never_returned_or_synced(client, auth, world):
    records = client.get("/api/v1/users/", headers=auth("admin")).get_json()
    assert records and all("password" not in r and "password_hash" not in r for r in records)


def test_offices_search_by_chinese_name(client, auth, world):
    found = client.get("/api/v1/offices/?q=蘇澳", headers=auth("admin")).get_json()
    assert [office["code"] for office in found] == ["SUAO"]
