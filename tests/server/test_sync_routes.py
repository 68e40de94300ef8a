"""The sync and blob routes over the Flask test client: versions, auth, encodings, limits."""

import gzip
import hashlib
import json
import uuid

import pytest
import zstandard

from domain.tolerances import evaluate_check
from tests.domain.factories import FUEL_PARAMS, FUEL_POINTS

PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"
V1 = {"X-Schema-Version": "1"}


def device(username):
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, username))


@pytest.fixture
def inspector(auth):
    headers = auth("inspector.a", device_id=device("inspector.a"))
    return {**headers, **V1}


def check_fields(world, people_key="inspector.a", **overrides):
    """Fields of a submitted fuel-dispenser check of office a's job, with its result."""
    result = evaluate_check("fuel_dispenser", "inspection", FUEL_PARAMS, FUEL_POINTS)
    fields = {
        "status": "submitted",
        "result": result,
        "verdict": result["verdict"],
        "rule_set": result["rule_set"],
        "rule_version": result["rule_version"],
        "provisional": result["provisional"],
        "recorded_at": "2030-01-01T10:00:00+08:00",
        **overrides,
    }
    return world.check(world.a.job, world.person(people_key), **fields)


def push_body(username, mutations):
    return {"device_id": device(username), "mutations": mutations}


def create_check(mutation_id, world, **overrides):
    return {
        "mutation_id": mutation_id,
        "collection": "checks",
        "record_id": str(uuid.uuid4()),
        "op": "create",
        "base_version": None,
        "fields": check_fields(world, **overrides),
    }


def pull_all(client, headers):
    changes, cursor = [], None
    while True:
        url = PULL + (f"?cursor={cursor}" if cursor else "")
        answer = client.get(url, headers=headers).get_json()
        changes += answer["changes"]
        cursor = answer["cursor"]
        if not answer["has_more"]:
            return changes, answer


def test_push_without_schema_version_is_426_with_the_supported_range(client, auth, world):
    headers = auth("inspector.a", device_id=device("inspector.a"))
    response = client.post(PUSH, json=push_body("inspector.a", []), headers=headers)
    assert response.status_code == 426
    body = response.get_json()
    assert body["status"] == "Upgrade Required" and body["errors"]["supported"] == {
        "min": 1,
        "max": 1,
    }


@pytest.mark.parametrize(
    ("version", "says"),
    [("", "Update the app"), ("0", "Update the app"), ("2", "ask to update the server")],
)
def test_426_tells_people_what_to_update(client, auth, world, version, says):
    headers = {**auth("inspector.a", device_id=device("inspector.a")), "X-Schema-Version": version}
    response = client.post(PUSH, json=push_body("inspector.a", []), headers=headers)
    assert response.status_code == 426 and says in response.get_json()["message"]


def test_push_without_a_token_is_401(client, world):
    response = client.post(PUSH, json=push_body("inspector.a", []), headers=V1)
    assert response.status_code == 401 and response.get_json()["code"] == 401


def test_push_for_another_device_is_403(client, inspector, world):
    body = push_body("someone-else", [create_check(1, world)])
    response = client.post(PUSH, json=body, headers=inspector)
    assert response.status_code == 403
    assert "device" in response.get_json()["message"].lower()


def test_gzip_push_is_applied_and_the_answer_is_compressed(client, inspector, world):
    raw = json.dumps(push_body("inspector.a", [create_check(1, world)])).encode()
    headers = {**inspector, "Content-Encoding": "gzip", "Accept-Encoding": "zstd"}
    response = client.post(
        PUSH, data=gzip.compress(raw), headers=headers, content_type="application/json"
    )
    assert response.status_code == 200
    result = (
        response.get_json()["results"][0]
        if not response.headers.get("Content-Encoding")
        else json.loads(zstandard.ZstdDecompressor().decompress(response.data))["results"][0]
    )
    assert result["status"] == "applied", result
    assert result["record"]["version"] == 1


def test_malformed_push_body_is_400_and_nothing_is_stored(client, inspector, world):
    response = client.post(PUSH, data=b"{not json", headers=inspector)
    assert response.status_code == 400
    assert response.get_json()["code"] == 400
    changes, _ = pull_all(client, inspector)
    assert not [c for c in changes if c["collection"] == "checks"]


def test_oversize_push_is_413(app, client, inspector, world):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    big = push_body("inspector.a", [create_check(1, world, notes="x" * 4000)])
    response = client.post(PUSH, json=big, headers=inspector)
    assert response.status_code == 413 and response.get_json()["code"] == 413


def test_inspector_pulls_own_job_with_its_site_firm_and_instrument(client, inspector, world):
    changes, answer = pull_all(client, inspector)
    ids = {(c["collection"], c["id"]) for c in changes}
    a = world.a
    for collection, record in (("jobs", a.job), ("sites", a.site), ("firms", a.firm)):
        assert (collection, record["id"]) in ids
    assert ("instruments", a.instrument["id"]) in ids
    assert ("jobs", world.b.job["id"]) not in ids
    assert answer["remaining"] == 0 and answer["epoch"]


def test_pull_answers_in_zstd_when_asked(client, inspector, world):
    response = client.get(PULL, headers={**inspector, "Accept-Encoding": "zstd"})
    assert response.headers["Content-Encoding"] == "zstd"
    answer = json.loads(zstandard.ZstdDecompressor().decompress(response.data))
    assert answer["changes"]


@pytest.mark.parametrize(
    ("query", "status"), [("cursor=garbage", 400), ("limit=0", 422), ("limit=x", 422)]
)
def test_bad_cursor_or_limit_is_refused_clearly(client, inspector, world, query, status):
    response = client.get(f"{PULL}?{query}", headers=inspector)
    assert response.status_code == status
    assert response.get_json()["message"]


def test_openapi_documents_the_sync_and_blob_routes(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    assert "/api/v1/sync/push" in paths and "/api/v1/sync/pull" in paths
    assert any(path.startswith("/api/v1/blobs/") for path in paths)


class TestBlobs:
    data = "簽名 signature bytes ".encode() * 300
    sha = hashlib.sha256(data).hexdigest()

    def patch(self, client, headers, offset, chunk, sha=None):
        return client.patch(
            f"/api/v1/blobs/{sha or self.sha}",
            data=chunk,
            headers={
                **headers,
                "Upload-Offset": str(offset),
                "Upload-Length": str(len(self.data)),
                "Content-Type": "application/offset+octet-stream",
            },
        )

    def test_resumable_upload_then_head_and_duplicate(self, client, inspector, world):
        url = f"/api/v1/blobs/{self.sha}"
        first = client.head(url, headers=inspector)
        assert first.status_code == 404 and first.headers["Upload-Offset"] == "0"
        part = self.patch(client, inspector, 0, self.data[:1000])
        assert part.status_code == 204 and part.headers["Upload-Offset"] == "1000"
        wrong = self.patch(client, inspector, 10, self.data[10:20])
        assert wrong.status_code == 409 and wrong.headers["Upload-Offset"] == "1000"
        assert client.head(url, headers=inspector).headers["Upload-Offset"] == "1000"
        done = self.patch(client, inspector, 1000, self.data[1000:])
        assert done.status_code == 201
        head = client.head(url, headers=inspector)
        assert head.status_code == 200 and head.headers["Content-Length"] == str(len(self.data))
        assert self.patch(client, inspector, 0, self.data).status_code == 200

    def test_hash_mismatch_is_422_and_discarded(self, client, inspector, world):
        other = "0" * 64
        response = self.patch(client, inspector, 0, self.data, sha=other)
        assert response.status_code == 422 and response.get_json()["code"] == 422
        assert (
            client.head(f"/api/v1/blobs/{other}", headers=inspector).headers["Upload-Offset"] == "0"
        )

    def test_download_only_for_who_sees_a_referencing_record(self, client, auth, inspector, world):
        self.patch(client, inspector, 0, self.data)
        mutation = create_check(1, world, signature_hash=self.sha)
        answer = client.post(PUSH, json=push_body("inspector.a", [mutation]), headers=inspector)
        assert answer.get_json()["results"][0]["status"] == "applied"
        mine = client.get(f"/api/v1/blobs/{self.sha}", headers=inspector)
        assert mine.status_code == 200 and mine.data == self.data
        stranger = {**auth("inspector.b", device_id=device("inspector.b")), **V1}
        assert client.get(f"/api/v1/blobs/{self.sha}", headers=stranger).status_code == 404

    def test_bad_hash_in_url_is_404_and_bad_offset_header_400(self, client, inspector, world):
        assert client.head("/api/v1/blobs/XYZ", headers=inspector).status_code == 404
        response = client.patch(
            f"/api/v1/blobs/{self.sha}",
            data=b"x",
            headers={
                **inspector,
                "Upload-Offset": "-1",
                "Upload-Length": "1",
                "Content-Type": "application/offset+octet-stream",
            },
        )
        assert response.status_code == 400 and "Upload-Offset" in response.get_json()["message"]


def test_pull_answers_carry_the_next_cursor_as_headers(client, inspector, world):
    response = client.get(f"{PULL}?limit=1", headers=inspector)
    page = response.get_json()
    assert response.headers["X-Sync-Cursor"] == page["cursor"]
    assert response.headers["X-Sync-Has-More"] == ("true" if page["has_more"] else "false")
    assert page["has_more"]
