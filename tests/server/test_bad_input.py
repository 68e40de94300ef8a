"""Bad input is refused with a clear 4xx in the one JSON error shape — never a 500.

Each case here once crashed the server: JSON nested 100,000 deep, integers longer than
Python's 4,300-digit conversion limit, header and query integers written with digits that are
not 0-9 (`²`) or thousands of them, a search string of 60,000 characters, a free-form object
nested 300 deep, and a change or deletion sent without the version it was made on.
"""

import pytest

from server.api.schemas import MAX_QUERY_TEXT
from tests.server.test_errors import assert_error

DEEP_JSON = "[" * 100_000
HUGE_INTEGER = "9" * 5000
JSON = {"Content-Type": "application/json"}
SYNC = {"X-Schema-Version": "1"}


def firm_url(world):
    return f"/api/v1/firms/{world.a.firm['id']}"


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/firms/"])
def test_json_nested_too_deep_is_400(client, auth, world, path):
    response = client.post(path, data=DEEP_JSON, headers={**auth("admin"), **JSON})
    body = assert_error(response, 400)
    assert "nested too deep" in body["message"]


def test_push_nested_too_deep_is_400(client, auth):
    response = client.post(
        "/api/v1/sync/push", data=DEEP_JSON, headers={**auth("inspector.a"), **SYNC, **JSON}
    )
    assert "nested too deep" in assert_error(response, 400)["message"]


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/firms/"])
def test_integer_past_the_digit_limit_is_400(client, auth, world, path):
    data = '{"username": ' + HUGE_INTEGER + ', "name": ' + HUGE_INTEGER + "}"
    response = client.post(path, data=data, headers={**auth("admin"), **JSON})
    assert "number" in assert_error(response, 400)["message"].lower()


def test_push_integer_past_the_digit_limit_is_400(client, auth):
    data = '{"device_id": "x", "mutations": [{"mutation_id": ' + HUGE_INTEGER + "}]}"
    response = client.post(
        "/api/v1/sync/push", data=data, headers={**auth("inspector.a"), **SYNC, **JSON}
    )
    assert "number" in assert_error(response, 400)["message"].lower()


@pytest.mark.parametrize("value", ["²", HUGE_INTEGER, "-1", "1.5", "W/", '"x"'])
def test_bad_if_match_names_the_header(client, auth, world, value):
    response = client.patch(
        firm_url(world), json={"name": "N"}, headers={**auth("admin"), "If-Match": value}
    )
    body = assert_error(response, 422)
    assert "If-Match" in body["message"]
    assert "If-Match" in body["errors"]["headers"]


@pytest.mark.parametrize("value", ["²", HUGE_INTEGER, "", "one"])
def test_bad_schema_version_names_the_header(client, auth, value):
    headers = {**auth("inspector.a"), "X-Schema-Version": value}
    body = assert_error(client.get("/api/v1/sync/pull", headers=headers), 426)
    assert "X-Schema-Version" in body["message"]


@pytest.mark.parametrize("value", ["²", HUGE_INTEGER, "0", "-3", "x"])
def test_bad_pull_limit_is_422_naming_limit(client, auth, value):
    headers = {**auth("inspector.a"), **SYNC}
    response = client.get("/api/v1/sync/pull", query_string={"limit": value}, headers=headers)
    body = assert_error(response, 422)
    assert "limit" in body["message"] and "limit" in body["errors"]


@pytest.mark.parametrize("collection", ["firms", "jobs", "users", "instruments", "offices"])
def test_search_text_longer_than_the_bound_is_422(client, auth, world, collection):
    url = f"/api/v1/{collection}/"
    response = client.get(url, query_string={"q": "x" * 60_000}, headers=auth("admin"))
    body = assert_error(response, 422)
    assert "q" in body["errors"]["query"]
    assert str(MAX_QUERY_TEXT) in str(body["errors"])


def test_search_text_at_the_bound_is_served(client, auth, world):
    response = client.get(
        "/api/v1/firms/", query_string={"q": "x" * MAX_QUERY_TEXT}, headers=auth("admin")
    )
    assert response.status_code == 200


def nested(depth):
    value = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def new_instrument(world, params):
    site = world.a.site
    return {"site_id": site["id"], "type": "fuel_dispenser", "serial": "S-9", "params": params}


@pytest.mark.parametrize("params", [nested(300), nested(9), {str(n): n for n in range(20_000)}])
def test_free_form_object_too_deep_or_large_is_422_naming_the_field(client, auth, world, params):
    body = new_instrument(world, params)
    response = client.post("/api/v1/instruments/", json=body, headers=auth("admin"))
    payload = assert_error(response, 422)
    assert "params" in payload["message"] and "params" in payload["errors"]["json"]


def test_free_form_object_within_bounds_is_stored(client, auth, world):
    body = new_instrument(world, {"hoses": [{"n": 1}], "deep": nested(7)})
    response = client.post("/api/v1/instruments/", json=body, headers=auth("admin"))
    assert response.status_code == 201, response.get_json()


def test_integer_beyond_64_bits_is_422(client, auth, world):
    site = world.a.site
    body = {"site_id": site["id"], "type": "fuel_dispenser", "serial": "S", "nozzle_count": 2**70}
    response = client.post("/api/v1/instruments/", json=body, headers=auth("admin"))
    assert "nozzle_count" in assert_error(response, 422)["errors"]["json"]


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_change_without_if_match_is_428_and_changes_nothing(client, auth, world, method):
    headers = auth("admin")
    before = client.get(firm_url(world), headers=headers).get_json()
    kwargs = {"json": {"name": "Overwritten"}} if method == "patch" else {}
    response = getattr(client, method)(firm_url(world), headers=headers, **kwargs)
    body = assert_error(response, 428)
    assert "If-Match" in body["message"] and "version" in body["message"]
    assert client.get(firm_url(world), headers=headers).get_json() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/offices/{office}",
        "/api/v1/users/{user}",
        "/api/v1/vehicles/{vehicle}",
        "/api/v1/sites/{site}",
        "/api/v1/instruments/{instrument}",
        "/api/v1/jobs/{job}",
    ],
)
def test_every_change_route_needs_if_match(client, auth, world, path):
    office = world.a
    url = path.format(
        office=office.id,
        user=office.inspector.user_id,
        vehicle=office.vehicle["id"],
        site=office.site["id"],
        instrument=office.instrument["id"],
        job=office.job["id"],
    )
    headers = auth("admin")
    assert_error(client.patch(url, json={}, headers=headers), 428)
    assert_error(client.delete(url, headers=headers), 428)


def test_transition_without_if_match_is_428(client, auth, world):
    job = world.a.job
    url = f"/api/v1/jobs/{job['id']}/transition"
    assert_error(client.post(url, json={"to": "cancelled"}, headers=auth("admin")), 428)


def test_change_with_if_match_of_the_current_version_applies(client, auth, world):
    headers = {**auth("admin"), "If-Match": 'W/"1"'}
    response = client.patch(firm_url(world), json={"name": "New"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'


def test_json_answers_say_nosniff(client):
    response = client.get("/api/v1/meta/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert_error(client.get("/api/v1/nothing"), 404)
    assert client.get("/api/v1/nothing").headers["X-Content-Type-Options"] == "nosniff"


def test_html_pages_send_nosniff_and_a_content_security_policy(client):
    response = client.get("/docs")
    assert response.mimetype == "text/html"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


@pytest.mark.parametrize("bad_id", ["", 0, None, "not-a-uuid", 7])
def test_a_bad_id_on_create_is_422_never_replaced(client, auth, world, bad_id):
    body = {"code": "NEW", "name_zh": "新", "name_en": "New", "id": bad_id}
    response = client.post("/api/v1/offices/", json=body, headers=auth("admin"))
    assert "id" in assert_error(response, 422)["errors"]["json"]


def test_a_cursor_with_other_digits_is_400(client, auth):
    headers = {**auth("inspector.a"), **SYNC}
    cursor = "1.epoch.buckets.²³.7"
    response = client.get("/api/v1/sync/pull", query_string={"cursor": cursor}, headers=headers)
    assert "cursor" in assert_error(response, 400)["errors"]


def test_an_integer_past_64_bits_in_an_assignment_is_422(client, auth, world):
    job, inspector = world.b.job, world.b.inspector
    body = {"inspector_ids": [inspector.user_id], "date": "2030-02-02", "route_order": 2**70}
    response = client.post(f"/api/v1/jobs/{job['id']}/assignment", json=body, headers=auth("admin"))
    assert "route_order" in assert_error(response, 422)["errors"]["json"]
