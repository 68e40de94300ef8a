"""The OpenAPI document says what the API does: bodies from the domain schemas, every error
an operation answers, the headers it reads and sends, and the limits `/api/v1/meta` states."""

import pytest

from domain.records import ENVELOPE, SCHEMAS
from server.config import MAX_PAGE_SIZE
from sync.codec import MAX_BODY_BYTES
from sync.server.blobs import MAX_BLOB_BYTES
from sync.server.pull import DEFAULT_LIMIT, MAX_LIMIT
from sync.server.push import MAX_MUTATIONS_PER_PUSH

METHODS = ("get", "head", "post", "put", "patch", "delete")


@pytest.fixture
def spec(client):
    return client.get("/openapi.json").get_json()


def component(spec, ref_holder):
    return spec["components"]["schemas"][ref_holder["$ref"].rsplit("/", 1)[1]]


def body_schema(spec, operation):
    return component(spec, operation["requestBody"]["content"]["application/json"]["schema"])


def answer_schema(spec, operation, status):
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    return component(spec, schema.get("items", schema))


def operations(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def test_job_bodies_and_answers_have_the_domain_fields(spec):
    jobs, job = spec["paths"]["/api/v1/jobs/"], spec["paths"]["/api/v1/jobs/{job_id}"]
    domain = set(SCHEMAS["jobs"]._declared_fields)
    create = body_schema(spec, jobs["post"])
    assert set(create["properties"]) == domain
    assert {"site_id", "window_start", "estimated_minutes"} <= set(create["required"])
    assert "id" not in create["required"] and create["additionalProperties"] is False
    change = body_schema(spec, job["patch"])
    assert set(change["properties"]) == domain and "required" not in change
    answer = answer_schema(spec, job["get"], "200")
    assert set(answer["properties"]) == domain | set(ENVELOPE)
    assert answer_schema(spec, jobs["get"], "200") == answer
    assert create["properties"]["window_start"]["format"] == "date-time"
    assert create["properties"]["site_id"]["format"] == "uuid"


def test_a_user_body_has_the_password_beside_the_record_fields(spec):
    create = body_schema(spec, spec["paths"]["/api/v1/users/"]["post"])
    assert "password" in create["required"] and "username" in create["properties"]
    answer = answer_schema(spec, spec["paths"]["/api/v1/users/{user_id}"]["get"], "200")
    assert "password" not in answer["properties"]


def test_the_incomplete_flag_is_documented_where_attachments_are_named():
    from server.api.record_schemas import record_out

    assert "incomplete" not in record_out("firms")().fields
    assert "incomplete" in record_out("checks")().fields


def test_no_operation_has_a_catch_all_answer_and_each_lists_its_refusals(spec):
    for method, path, operation in operations(spec):
        responses = operation["responses"]
        assert "default" not in responses, (method, path)
        if operation.get("security"):
            assert {"401", "403"} <= set(responses), (method, path)
        if "requestBody" in operation and "application/json" in operation["requestBody"]["content"]:
            assert {"400", "413"} <= set(responses), (method, path)


def test_changes_declare_if_match_428_and_412(spec):
    for method, path, operation in operations(spec):
        record_change = method in ("patch", "delete") and "{" in path and "/blobs/" not in path
        if record_change or path.endswith("/transition"):
            headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
            assert headers["If-Match"]["required"] is True, (method, path)
            assert {"412", "428"} <= set(operation["responses"]), (method, path)


def test_paging_is_declared_with_bounds_and_a_json_header(spec):
    listing = spec["paths"]["/api/v1/firms/"]["get"]
    parameters = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert parameters["page"]["minimum"] == 1
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (
        1,
        MAX_PAGE_SIZE,
    )
    assert parameters["q"]["maxLength"] == 200
    assert parameters["office_id"]["format"] == "uuid"
    header = spec["components"]["headers"]["PAGINATION"]
    assert "application/json" in header["content"] and "schema" not in header


def test_sync_routes_declare_the_schema_version_header_and_limit(spec):
    pull = spec["paths"]["/api/v1/sync/pull"]["get"]
    parameters = {p["name"]: p for p in pull["parameters"]}
    assert parameters["X-Schema-Version"]["required"] is True
    assert parameters["limit"]["schema"]["maximum"] == MAX_LIMIT
    push = spec["paths"]["/api/v1/sync/push"]["post"]
    assert {"400", "413", "426"} <= set(push["responses"])


def test_meta_states_the_sync_limits(client, app):
    meta = client.get("/api/v1/meta/").get_json()
    assert meta["pull_default_limit"] == DEFAULT_LIMIT and meta["pull_max_limit"] == MAX_LIMIT
    assert meta["push_max_mutations"] == MAX_MUTATIONS_PER_PUSH
    assert meta["max_content_length"] == app.config["MAX_CONTENT_LENGTH"] == 4 * 1024 * 1024
    assert meta["sync_max_body_bytes"] == MAX_BODY_BYTES
    assert meta["max_blob_bytes"] == MAX_BLOB_BYTES
    assert meta["max_page_size"] == MAX_PAGE_SIZE


def test_the_docs_page_renders_the_document(client):
    page = client.get("/docs").get_data(as_text=True)
    assert "/api/v1/jobs/{job_id}/transition" in page and "428" in page
