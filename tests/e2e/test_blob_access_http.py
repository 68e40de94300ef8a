"""Blob access over real HTTP: knowing a blob's hash opens nothing.

A photo's SHA-256 travels in records and logs; it is a name, not a key. Over the real server
these tests check that a stranger (here the inspector of the other office) cannot download
a colleague's photo by putting its hash in a check of their own, cannot learn by `HEAD`
whether a blob exists or how large it is, and cannot reset or continue someone else's
half-finished upload — while the owner's own flow (upload, then push) is unchanged. They
also check that a blob of the documented maximum size goes through in one `PATCH` and
through the tablet's own chunked upload, and that malformed tus headers get a 400.
"""

import hashlib
import uuid

import pytest
import requests

from sync.server.blobs import MAX_BLOB_BYTES
from tests.e2e.conftest import TIMEOUT, draft_check, log_in

BLOBS = "/api/v1/blobs/"
PUSH = "/api/v1/sync/push"
PHOTO = "鋼印 seal photo ".encode() * 4000
SHA = hashlib.sha256(PHOTO).hexdigest()
PHOTO_SIZE = len(PHOTO)
MISSING = "0" * 64
TUS = "application/offset+octet-stream"


class Person:
    """One logged-in user speaking the blob and push routes over HTTP, as a script would."""

    def __init__(self, base_url, username):
        self.base_url = base_url
        self.device_id = str(uuid.uuid4())
        login = log_in(base_url, username, self.device_id)
        self.user = login["user"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {login['token']}"
        self.mutation_id = 0

    def request(self, method, sha, **kwargs):
        url = self.base_url + BLOBS + sha
        return self.session.request(method, url, timeout=TIMEOUT, **kwargs)

    def head(self, sha=SHA):
        return self.request("HEAD", sha)

    def get(self, sha=SHA):
        return self.request("GET", sha)

    def patch(self, offset, chunk, total=PHOTO_SIZE, sha=SHA, **headers):
        sent = {"Upload-Offset": str(offset), "Upload-Length": str(total), "Content-Type": TUS}
        return self.request("PATCH", sha, data=chunk, headers={**sent, **headers})

    def upload(self, data=PHOTO, sha=SHA):
        answer = self.patch(0, data, total=len(data), sha=sha)
        assert answer.status_code == 201, answer.text
        return answer

    def push_check(self, fields):
        """Push one check create; returns (record id, the result entry)."""
        self.mutation_id += 1
        record_id = str(uuid.uuid4())
        mutation = {
            "mutation_id": self.mutation_id,
            "collection": "checks",
            "record_id": record_id,
            "op": "create",
            "base_version": None,
            "fields": fields,
        }
        body = {"device_id": self.device_id, "mutations": [mutation]}
        answer = self.session.post(
            self.base_url + PUSH, json=body, headers={"X-Schema-Version": "1"}, timeout=TIMEOUT
        )
        assert answer.status_code == 200, answer.text
        [result] = answer.json()["results"]
        return record_id, result


@pytest.fixture
def person(live_server):
    return lambda username: Person(live_server.url, username)


@pytest.fixture
def thief(person, api, world):
    """The inspector of office B, assigned to B's job so they may record checks on it."""
    inspector = person("inspector.b")
    job_id = world.b.job["id"]
    assignment = {"inspector_ids": [inspector.user["id"]], "date": "2030-01-01"}
    api("dispatcher.b").post(f"/api/v1/jobs/{job_id}/assignment", assignment)
    return inspector


def stored_data(live, record_id):
    """The server's data JSON text of a check."""
    sql = "SELECT data FROM records WHERE collection = 'checks' AND id = ?"
    return live.scalar(sql, [record_id])


def test_a_photo_hash_in_ones_own_check_does_not_open_a_colleagues_photo(
    live_server, world, person, thief
):
    owner = person("inspector.a")
    owner.upload()
    _, mine = owner.push_check(draft_check(world, photo_hashes=[SHA]))
    assert "incomplete" not in mine["record"]  # the owner's flow is unchanged
    assert owner.get().content == PHOTO

    fields = draft_check(world, "inspector.b", "b", photo_hashes=[SHA])
    record_id, result = thief.push_check(fields)
    assert result["status"] == "applied"
    assert result["record"]["incomplete"] is True  # as if the blob did not exist
    stolen, missing = thief.get(), thief.get(MISSING)
    assert stolen.status_code == 404
    assert stolen.json()["message"] == missing.json()["message"]
    assert '"incomplete":true' in stored_data(live_server, record_id)

    # Holding the bytes is proof: uploading them completes the thief's own check.
    assert thief.patch(0, PHOTO).status_code == 201
    assert '"incomplete"' not in stored_data(live_server, record_id)
    assert thief.get().content == PHOTO


def test_head_does_not_tell_a_stranger_whether_a_blob_exists_or_its_size(
    live_server, world, person, thief
):
    owner = person("inspector.a")
    half = len(PHOTO) // 2
    assert owner.patch(0, PHOTO[:half]).status_code == 204
    for sha in (SHA, MISSING):  # a half-uploaded blob looks like no blob
        answer = thief.head(sha)
        assert (answer.status_code, answer.headers["Upload-Offset"]) == (404, "0")
    assert owner.head().headers["Upload-Offset"] == str(half)
    assert owner.patch(half, PHOTO[half:]).status_code == 201
    assert owner.head().status_code == 200
    answer = thief.head()  # a complete blob looks like no blob too
    assert (answer.status_code, answer.headers["Upload-Offset"]) == (404, "0")
    assert answer.headers.get("Content-Length", "0") == "0"
    dispatcher = person("dispatcher.b")
    assert dispatcher.head().status_code == 404
    owner.push_check(draft_check(world, photo_hashes=[SHA]))
    assert person("dispatcher.a").head().status_code == 200  # sees the check: may see it
    assert person("admin").head().status_code == 200
    assert thief.head().status_code == 404


def test_a_stranger_can_neither_reset_nor_continue_someone_elses_upload(person, thief):
    owner = person("inspector.a")
    half = len(PHOTO) // 2
    assert owner.patch(0, PHOTO[:half]).status_code == 204
    reset = thief.patch(0, b"x", total=len(PHOTO) + 1)  # another Upload-Length
    assert reset.status_code == 204 and reset.headers["Upload-Offset"] == "1"
    appended = thief.patch(half, PHOTO[half:])  # the owner's offset: not the thief's
    assert appended.status_code == 409 and appended.headers["Upload-Offset"] == "0"
    assert owner.head().headers["Upload-Offset"] == str(half)
    assert owner.patch(half, PHOTO[half:]).status_code == 201
    assert owner.get().status_code == 404  # uploaded, but no record references it yet
    assert owner.head().status_code == 200


def test_a_strangers_patch_to_a_complete_blob_is_a_fresh_upload(person, thief):
    owner = person("inspector.a")
    owner.upload()
    assert owner.patch(0, PHOTO).status_code == 200  # its uploader: already complete
    answer = thief.patch(0, PHOTO[:1000])
    assert (answer.status_code, answer.headers["Upload-Offset"]) == (204, "1000")
    forged = thief.patch(1000, b"\x00" * (len(PHOTO) - 1000))
    assert forged.status_code == 422
    assert owner.head().status_code == 200  # the owner's blob is untouched
    assert thief.patch(0, PHOTO).status_code == 201  # never 200: that would reveal it
    assert thief.head().status_code == 200


def test_two_users_uploading_the_same_bytes_each_keep_their_own_upload(person, thief):
    owner = person("inspector.a")
    half = len(PHOTO) // 2
    assert owner.patch(0, PHOTO[:half]).status_code == 204
    assert thief.patch(0, PHOTO[:100]).status_code == 204
    assert thief.patch(100, PHOTO[100:]).status_code == 201  # completes first
    assert owner.head().headers["Upload-Offset"] == str(half)  # still the owner's own
    assert owner.patch(half, PHOTO[half:]).status_code == 201
    assert owner.head().status_code == 200


def test_a_blob_of_the_maximum_size_goes_up_in_one_patch(person):
    owner = person("inspector.a")
    big = bytes(range(256)) * (MAX_BLOB_BYTES // 256)
    sha = hashlib.sha256(big).hexdigest()
    answer = owner.patch(0, big, total=len(big), sha=sha)
    assert answer.status_code == 201, answer.text
    assert owner.head(sha).headers["Content-Length"] == str(MAX_BLOB_BYTES)
    too_big = owner.patch(0, big + b"x", total=len(big) + 1, sha=MISSING)
    assert too_big.status_code == 413 and str(MAX_BLOB_BYTES) in too_big.json()["message"]
    longer_body = owner.patch(0, big + b"x", total=len(big), sha=MISSING)
    assert longer_body.status_code in (400, 413)
    assert owner.head(MISSING).headers["Upload-Offset"] == "0"


def test_a_tablet_uploads_a_photo_of_the_maximum_size(live_server, world, tablet):
    device = tablet("inspector.a")
    photo = bytes(range(251)) * (MAX_BLOB_BYTES // 251) + b"\x01" * (MAX_BLOB_BYTES % 251)
    assert len(photo) == MAX_BLOB_BYTES
    sha = device.replica.add_blob(photo)
    check_id = str(uuid.uuid4())
    device.replica.save("checks", check_id, draft_check(world, photo_hashes=[sha]), op="create")
    assert device.engine.run().outcome == "ok"
    assert '"incomplete"' not in stored_data(live_server, check_id)
    assert live_server.scalar("SELECT size FROM blobs WHERE sha256 = ?", [sha]) == len(photo)


@pytest.mark.parametrize("header", ["Upload-Offset", "Upload-Length"])
@pytest.mark.parametrize("value", ["²", "9" * 5000, "-1", "1.5", "", "0x10"])
def test_a_malformed_tus_header_is_400_naming_it(person, header, value):
    owner = person("inspector.a")
    answer = owner.patch(0, PHOTO[:10], **{header: value})
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert header in body["message"] and header in body["errors"]
    assert owner.head().headers["Upload-Offset"] == "0"
