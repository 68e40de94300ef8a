"""Wire encoding: compact JSON, zstd/gzip both ways, clear refusals; push schemas."""

import gzip

import pytest

from sync.codec import MIN_COMPRESS_BYTES, accepted_encodings, decode_body, dumps, encode_body
from sync.errors import SyncRequestError
from sync.wire import load_mutation

BIG = {"changes": [{"id": i, "name": "檢定"} for i in range(200)]}


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("zstd, gzip", "zstd"),
        ("gzip", "gzip"),
        ("br", None),
        (None, None),
        ("*", "zstd"),
        ("zstd;q=0, gzip", "gzip"),
    ],
)
def test_encoding_follows_accept_encoding_and_round_trips(accept, expected):
    body, encoding = encode_body(BIG, accept)
    assert encoding == expected
    assert decode_body(body, encoding) == BIG


def test_small_bodies_are_sent_plain_and_json_is_compact():
    body, encoding = encode_body({"a": "測 試"}, "zstd")
    assert encoding is None and len(body) < MIN_COMPRESS_BYTES
    assert body.decode() == '{"a":"測 試"}' == dumps({"a": "測 試"})


def test_prebuilt_json_text_is_sent_as_it_is():
    body, _ = encode_body('{"x":1}', None)
    assert body == b'{"x":1}'


@pytest.mark.parametrize(
    "data, encoding, status",
    [
        (b"not json", None, 400),
        (b"\xff\xfe", None, 400),
        (b"garbage", "zstd", 400),
        (b"garbage", "gzip", 400),
        (b"{}", "br", 415),
        (gzip.compress(b"{oops"), "gzip", 400),
    ],
)
def test_bad_bodies_are_refused_clearly(data, encoding, status):
    with pytest.raises(SyncRequestError) as refused:
        decode_body(data, encoding)
    assert refused.value.status == status
    assert refused.value.to_dict()["code"] == status


def test_accept_encoding_ignores_zero_quality():
    assert accepted_encodings("gzip;q=0, zstd;q=0.1") == {"zstd"}


def test_update_must_name_its_base_version():
    mutation, messages = load_mutation(
        {
            "mutation_id": 1,
            "collection": "checks",
            "record_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
            "op": "update",
            "fields": {},
        }
    )
    assert mutation is None and "base_version" in messages
