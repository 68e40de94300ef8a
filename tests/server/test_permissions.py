"""The permission table: role × endpoint × own / other office → expected status.

`a` is the caller's office (Keelung) for dispatcher.a and inspector.a; `b` is Su'ao. The
Keelung job is assigned to inspector.a; the Su'ao job to nobody.
"""

import pytest

ADMIN, DISPATCHER, INSPECTOR = "admin", "dispatcher.a", "inspector.a"


def url(world, template):
    ids = {
        "office_a": world.a.id,
        "office_b": world.b.id,
        "user_a": world.a.inspector.user_id,
    }
    for side in ("a", "b"):
        for name in ("firm", "site", "instrument", "vehicle", "job"):
            ids[f"{name}_{side}"] = getattr(world.office(side), name)["id"]
    return template.format(**ids)


# (method, url template, json body or None)
ENDPOINTS = {
    "list offices": ("get", "/api/v1/offices/", None),
    "read own office": ("get", "/api/v1/offices/{office_a}", None),
    "read other office": ("get", "/api/v1/offices/{office_b}", None),
    "change office": ("patch", "/api/v1/offices/{office_a}", {"name_en": "Keelung HQ"}),
    "list users": ("get", "/api/v1/users/", None),
    "read user": ("get", "/api/v1/users/{user_a}", None),
    "change user": ("patch", "/api/v1/users/{user_a}", {"display_name": "新名"}),
    "read own site": ("get", "/api/v1/sites/{site_a}", None),
    "read other site": ("get", "/api/v1/sites/{site_b}", None),
    "change own site": ("patch", "/api/v1/sites/{site_a}", {"name": "新名"}),
    "change other site": ("patch", "/api/v1/sites/{site_b}", {"name": "新名"}),
    "read own instrument": ("get", "/api/v1/instruments/{instrument_a}", None),
    "read other instrument": ("get", "/api/v1/instruments/{instrument_b}", None),
    "change other instrument": ("patch", "/api/v1/instruments/{instrument_b}", {"serial": "x"}),
    "read other firm": ("get", "/api/v1/firms/{firm_b}", None),
    "delete own vehicle": ("delete", "/api/v1/vehicles/{vehicle_a}", None),
    "delete other vehicle": ("delete", "/api/v1/vehicles/{vehicle_b}", None),
    "read assigned job": ("get", "/api/v1/jobs/{job_a}", None),
    "read unassigned job": ("get", "/api/v1/jobs/{job_b}", None),
    "transition own job": ("post", "/api/v1/jobs/{job_a}/transition", {"to": "cancelled"}),
    "transition other job": ("post", "/api/v1/jobs/{job_b}/transition", {"to": "cancelled"}),
    "list audit": ("get", "/api/v1/audit/", None),
    "list devices": ("get", "/api/v1/devices/", None),
}

EXPECTED = {
    # endpoint: (admin, dispatcher of a, inspector of a)
    "list offices": (200, 200, 200),
    "read own office": (200, 200, 200),
    "read other office": (200, 200, 200),
    "change office": (200, 403, 403),
    "list users": (200, 200, 403),
    "read user": (200, 200, 403),
    "change user": (200, 403, 403),
    "read own site": (200, 200, 200),
    "read other site": (200, 200, 404),
    "change own site": (200, 200, 403),
    "change other site": (200, 403, 403),
    "read own instrument": (200, 200, 200),
    "read other instrument": (200, 200, 404),
    "change other instrument": (200, 403, 403),
    "read other firm": (200, 200, 404),
    "delete own vehicle": (204, 204, 403),
    "delete other vehicle": (204, 403, 403),
    "read assigned job": (200, 200, 200),
    "read unassigned job": (200, 200, 404),
    "transition own job": (200, 200, 403),
    "transition other job": (200, 403, 403),
    "list audit": (200, 403, 403),
    "list devices": (200, 403, 403),
}

CASES = [
    (endpoint, who, EXPECTED[endpoint][column])
    for endpoint in ENDPOINTS
    for column, who in enumerate((ADMIN, DISPATCHER, INSPECTOR))
]


@pytest.mark.parametrize(("endpoint", "who", "status"), CASES)
def test_permission_table(client, auth, world, endpoint, who, status):
    method, template, body = ENDPOINTS[endpoint]
    headers = {**auth(who), "If-Match": '"1"'}  # every record of the world is at version 1
    response = getattr(client, method)(url(world, template), json=body, headers=headers)
    assert response.status_code == status, response.get_json()


def test_every_endpoint_refuses_anonymous_callers(client, world):
    for method, template, body in ENDPOINTS.values():
        response = getattr(client, method)(url(world, template), json=body)
        assert response.status_code == 401, template


@pytest.mark.parametrize("collection", ["sites", "instruments", "vehicles", "firms"])
def test_inspector_lists_only_own_office(client, auth, world, collection):
    records = client.get(f"/api/v1/{collection}/", headers=auth(INSPECTOR)).get_json()
    serials = {r.get("serial") or r.get("name") or r.get("plate") for r in records}
    assert records and not serials & {"SN-2", "S2", "F2", "RAB-2"}


def test_inspector_lists_only_assigned_jobs(client, auth, world):
    jobs = client.get("/api/v1/jobs/", headers=auth(INSPECTOR)).get_json()
    assert [j["id"] for j in jobs] == [world.a.job["id"]]
    other = client.get("/api/v1/jobs/", headers=auth("inspector.b")).get_json()
    assert other == []


def test_dispatcher_cannot_create_in_another_office(client, auth, world):
    body = {"office_id": world.b.id, "plate": "RAB-7", "seats": 2}
    response = client.post("/api/v1/vehicles/", json=body, headers=auth(DISPATCHER))
    assert response.status_code == 403


def test_dispatcher_cannot_move_a_record_to_another_office(client, auth, world):
    site = world.a.site
    response = client.patch(
        f"/api/v1/sites/{site['id']}",
        json={"office_id": world.b.id},
        headers={**auth(DISPATCHER), "If-Match": '"1"'},
    )
    assert response.status_code == 403
