"""The transports: `HttpTransport` against a small HTTP server on loopback (headers, zstd both
ways, tus blobs, statuses mapped to the transport errors), and `FaultyTransport`'s faults."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from sync.client.http_transport import HttpTransport
from sync.client.transport import CursorGone, SyncRefused, TransportError
from sync.codec import decode_body, encode_body
from sync.testing.faulty_transport import Fault, FaultyTransport
from tests.domain.factories import new_id
from tests.sync.client.fake_server import FakeServer


class Handler(BaseHTTPRequestHandler):
    """Serves a `FakeServer` (self.server.fake) the way the office API does."""

    def log_message(self, *args):
        pass

    def _answer(self, status, body=None, headers=()):
        data, encoding = (
            encode_body(body, self.headers.get("Accept-Encoding")) if body else (b"", None)
        )
        self.send_response(status)
        for name, value in [*headers, ("Content-Length", str(len(data)))]:
            self.send_header(name, value)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append({**self.headers, "raw_size": len(raw)})
        return raw

    def _forced(self):
        status = self.server.force_status
        if status:
            self._answer(status, {"code": status, "message": f"forced {status}", "errors": {}})
        return bool(status)

    def do_POST(self):
        raw = self._body()
        if not self._forced():
            body = decode_body(raw, self.headers.get("Content-Encoding"))
            self._answer(200, self.server.fake.push(body))

    def do_GET(self):
        self._body()
        if self._forced():
            return
        query = parse_qs(urlparse(self.path).query)
        try:
            page = self.server.fake.pull(
                query.get("cursor", [None])[0], int(query.get("limit", ["100"])[0])
            )
        except CursorGone:
            return self._answer(410, {"code": 410, "message": "pull everything again"})
        self._answer(200, page)

    def do_HEAD(self):
        self._body()
        complete, offset = self.server.fake.blob_status(self.path.rsplit("/", 1)[1])
        if complete:
            self.send_response(200)
            self.send_header("Content-Length", str(offset))
        else:
            self.send_response(404)
            self.send_header("Upload-Offset", str(offset))
        self.end_headers()

    def do_PATCH(self):
        data = self._body()
        sha, offset = self.path.rsplit("/", 1)[1], int(self.headers["Upload-Offset"])
        held = self.server.fake.blob_status(sha)[1]
        if offset != held:
            return self._answer(
                409, {"code": 409, "message": "offset"}, [("Upload-Offset", str(held))]
            )
        new = self.server.fake.blob_append(sha, offset, int(self.headers["Upload-Length"]), data)
        self._answer(204, None, [("Upload-Offset", str(new))])


@pytest.fixture
def http_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.fake, httpd.seen, httpd.force_status = FakeServer(), [], None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def transport(http_server):
    host, port = http_server.server_address
    return HttpTransport(f"http://{host}:{port}/", "device-token", schema_version=3, timeout=5)


def site_creates(fields, ids=(1, 2, 3)):
    """Push mutations creating one site each."""
    return [
        {
            "mutation_id": n,
            "collection": "sites",
            "record_id": new_id(),
            "op": "create",
            "base_version": None,
            "fields": fields,
        }
        for n in ids
    ]


def test_push_and_pull_travel_compressed_with_auth_and_schema_headers(http_server, transport):
    mutations = site_creates({"name": "港" * 200})
    answer = transport.push({"device_id": new_id(), "mutations": mutations})
    assert [r["status"] for r in answer["results"]] == ["applied"] * 3
    page = transport.pull(None, 2)
    assert (len(page["changes"]), page["has_more"], page["remaining"]) == (2, True, 1)
    sent = http_server.seen[0]
    assert sent["Authorization"] == "Bearer device-token" and sent["X-Schema-Version"] == "3"
    assert sent["Content-Encoding"] == "zstd" and "zstd" in sent["Accept-Encoding"]
    assert sent["raw_size"] < len(json.dumps(mutations))


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (410, CursorGone),
        (503, TransportError),
        (500, TransportError),
        (401, SyncRefused),
        (403, SyncRefused),
        (426, SyncRefused),
    ],
)
def test_statuses_become_transport_errors(http_server, transport, status, error):
    http_server.force_status = status
    with pytest.raises(error) as raised:
        transport.pull("cursor", 10)
    if error is SyncRefused:
        assert (raised.value.status, raised.value.message) == (status, f"forced {status}")


def test_no_server_is_a_transport_error():
    with pytest.raises(TransportError):
        HttpTransport("http://127.0.0.1:9", "token", timeout=2).pull(None, 1)


def test_blobs_use_tus_offsets(http_server, transport):
    import hashlib

    data = b"signature bytes" * 100
    sha = hashlib.sha256(data).hexdigest()
    assert transport.blob_status(sha) == (False, 0)
    assert transport.blob_append(sha, 0, len(data), data[:500]) == 500
    assert transport.blob_append(sha, 0, len(data), data[:500]) == 500  # 409 → server offset
    assert transport.blob_status(sha) == (False, 500)
    assert transport.blob_append(sha, 500, len(data), data[500:]) == len(data)
    assert transport.blob_status(sha) == (True, len(data))
    patch = http_server.seen[-2]
    assert patch["Content-Type"] == "application/offset+octet-stream"
    assert (patch["Upload-Offset"], patch["Upload-Length"]) == ("500", str(len(data)))


def test_engine_syncs_over_http(http_server, transport, replica, make_engine):
    http_server.fake.write("sites", new_id(), {"name": "Office"}, op="create")
    replica.save("sites", new_id(), {"name": "Device"}, op="create")
    assert make_engine(replica, transport).run().outcome == "ok"
    assert len(replica.query("sites")) == len(http_server.fake.records) == 2


def test_faults_fire_at_their_planned_call_only():
    fake = FakeServer()
    body = {
        "device_id": "d",
        "mutations": [
            {
                "mutation_id": 1,
                "collection": "sites",
                "record_id": "r",
                "op": "create",
                "base_version": None,
                "fields": {},
            }
        ],
    }
    faulty = FaultyTransport(
        fake,
        [
            Fault("push", "before_send", 1),
            Fault("push", "lose_response", 2),
            Fault("pull", "server_error", 1),
        ],
    )
    with pytest.raises(TransportError):
        faulty.push(body)
    assert fake.applied == []
    with pytest.raises(TransportError):
        faulty.push(body)
    assert fake.applied == [("d", 1)]  # committed, answer lost
    assert faulty.push(body)["results"][0]["status"] == "applied"
    with pytest.raises(TransportError):
        faulty.pull(None, 10)
    assert faulty.pull(None, 10)["changes"] and faulty.pending_faults == []


def test_a_cut_upload_delivers_only_the_kept_bytes():
    fake = FakeServer()
    faulty = FaultyTransport(fake, [Fault("blob_append", "cut_upload", 1, keep_bytes=3)])
    with pytest.raises(TransportError):
        faulty.blob_append("a" * 64, 0, 10, b"0123456789")
    assert fake.blob_status("a" * 64) == (False, 3)
    with pytest.raises(ValueError):
        Fault("push", "cut_upload")


def test_a_raw_page_is_read_for_storage_and_refused_when_garbled(http_server, transport):
    mutations = site_creates({"name": "港", "office_id": "o1"})
    transport.push({"device_id": new_id(), "mutations": mutations})
    page = transport.pull_raw(None, 2).decode()
    assert (len(page["changes"]), page["has_more"], page["remaining"]) == (2, True, 1)
    assert page["changes"][0].as_dict() == transport.pull(None, 2)["changes"][0]
    http_server.force_status = 410
    with pytest.raises(CursorGone):
        transport.pull_raw("cursor", 10)


def test_a_cut_page_is_an_unreadable_answer(transport, monkeypatch):
    cut = RawPageStub(b'{"epoch":"e","cursor":"c","has_more":false,"remaining":0,"changes":[')
    monkeypatch.setattr(transport, "_send", lambda *args, **kwargs: (cut, cut.body))
    with pytest.raises(TransportError, match="unreadable answer"):
        transport.pull_raw(None, 1).decode()


class RawPageStub:
    """A 200 answer whose body is `body`, sent without compression."""

    status_code = 200
    reason = "OK"

    def __init__(self, body):
        self.body = body
        self.headers = {"X-Sync-Cursor": "c", "X-Sync-Has-More": "false"}
