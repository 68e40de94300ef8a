"""The fast loading path gives exactly marshmallow's result, or steps aside.

For any data — valid records, records with a field spoiled, missing or added, whole or
partial — the fast path either returns what `schema.load` returns (same keys, same values,
same order) or gives up (`NeedsFullLoad`); it never accepts what marshmallow refuses. Valid
records of every collection and well-formed push bodies take the fast path, so the speed is
not silently lost when a schema changes.
"""

import math
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, fields, post_load

from domain.records import SCHEMAS, validate_record
from domain.records.checks import CheckSchema
from domain.records.fast_load import FastPath, NeedsFullLoad, fast_loader
from sync.wire import MutationSchema, PushEnvelopeSchema
from tests.domain.factories import FACTORIES, make_submitted_check

INVALID = object()
GAVE_UP = object()

SPOILERS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, -1, 2**63, 10**400, 1.5, -0.0, math.nan, math.inf, -math.inf]),
    st.sampled_from(
        [
            "",
            "  ",
            "draft",
            "submitted",
            "pass",
            "verification",
            "nawi",
            "2024-05-01",
            "2024-05-01T09:30:00",
            "2024-05-01T09:30:00+08:00",
            "2024-13-01T09:30:00",
            str(uuid.uuid4()),
            str(uuid.uuid4()).upper(),
            "0" * 64,
            "F" * 64,
            "x" * 3000,
        ]
    ),
    st.text(max_size=20),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.integers()), max_size=3),
    st.just([{"name": "p1", "indicated": 1.0}, {"indicated": 2}]),
    st.just([{"name": " "}]),
    st.just(["0" * 64, "1" * 64]),
)


def outcome_of_marshmallow(schema, data, partial):
    try:
        return schema.load(data, partial=partial)
    except ValidationError:
        return INVALID


def outcome_of_fast_path(schema, data, partial):
    try:
        return FastPath(schema).load(data, partial)
    except NeedsFullLoad:
        return GAVE_UP


def assert_same_or_gave_up(schema, data, partial):
    fast = outcome_of_fast_path(schema, data, partial)
    if fast is GAVE_UP:
        return
    expected = outcome_of_marshmallow(schema, data, partial)
    assert expected is not INVALID, f"fast path accepted what marshmallow refuses: {data}"
    assert list(fast.items()) == list(expected.items())


@st.composite
def spoiled_records(draw):
    collection = draw(st.sampled_from(sorted(FACTORIES)))
    record = FACTORIES[collection]()
    if collection == "checks" and draw(st.booleans()):
        record = make_submitted_check()
    keys = sorted(record)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        action = draw(st.sampled_from(["spoil", "drop", "add"]))
        if action == "spoil":
            record[draw(st.sampled_from(keys))] = draw(SPOILERS)
        elif action == "drop":
            record.pop(draw(st.sampled_from(keys)), None)
        else:
            record[draw(st.sampled_from(["extra", "version", "nickname"]))] = draw(SPOILERS)
    return collection, record, draw(st.booleans())


@settings(max_examples=600, deadline=None)
@given(spoiled_records())
def test_fast_path_gives_marshmallows_result_or_gives_up(case):
    collection, record, partial = case
    assert_same_or_gave_up(SCHEMAS[collection](), record, partial)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {"mutation_id": SPOILERS, "collection": SPOILERS, "record_id": SPOILERS},
        optional={"op": SPOILERS, "base_version": SPOILERS, "fields": SPOILERS, "x": SPOILERS},
    ),
    st.sampled_from(["checks", "create", "update", "delete", 1, 3]),
)
def test_fast_path_of_a_mutation_gives_marshmallows_result_or_gives_up(raw, valid_value):
    for key in ("collection", "op", "base_version"):
        if raw.get(key) is None and key != "base_version":
            raw[key] = valid_value
    assert_same_or_gave_up(MutationSchema(), raw, False)
    assert_same_or_gave_up(
        PushEnvelopeSchema(), {"device_id": str(uuid.uuid4()), "mutations": [raw]}, False
    )


@pytest.mark.parametrize("collection", sorted(FACTORIES))
@pytest.mark.parametrize("partial", [False, True])
def test_valid_records_of_every_collection_take_the_fast_path(collection, partial):
    record = FACTORIES[collection]()
    fast = FastPath(SCHEMAS[collection]()).load(record, partial)
    assert list(fast.items()) == list(SCHEMAS[collection]().load(record, partial=partial).items())


def test_a_submitted_check_and_a_push_body_take_the_fast_path():
    check = make_submitted_check()
    assert FastPath(CheckSchema()).load(check, False) == CheckSchema().load(check)
    mutation = {
        "mutation_id": 1,
        "collection": "checks",
        "record_id": check["id"],
        "op": "create",
        "fields": check,
    }
    body = {"device_id": str(uuid.uuid4()), "mutations": [mutation]}
    assert FastPath(PushEnvelopeSchema()).load(body, False) == PushEnvelopeSchema().load(body)
    assert FastPath(MutationSchema()).load(mutation, False) == MutationSchema().load(mutation)


def test_defaults_fill_in_and_naive_datetimes_are_normalised_as_marshmallow_does():
    check = {**make_submitted_check(), "recorded_at": "2024-05-01T09:30:00"}
    for key in ("status", "points", "photo_hashes", "provisional"):
        check.pop(key, None)
    assert validate_record("checks", check)["recorded_at"] == "2024-05-01T09:30:00+08:00"
    fast = FastPath(CheckSchema()).load(check, False)
    assert list(fast.items()) == list(CheckSchema().load(check).items())
    assert fast["status"] == "draft" and fast["points"] == [] and fast["provisional"] is False


def test_invalid_data_still_gets_marshmallows_messages():
    check = {**make_submitted_check(), "phase": "guesswork", "photo_hashes": ["nope"]}
    with pytest.raises(ValidationError) as refused:
        fast_loader(CheckSchema())(check)
    assert set(refused.value.messages) == {"phase", "photo_hashes"}


def test_a_schema_with_load_hooks_is_loaded_by_marshmallow_itself():
    class Shouting(Schema):
        name = fields.String()

        @post_load
        def shout(self, data, **kwargs):
            return {"name": data["name"].upper()}

    with pytest.raises(NotImplementedError):
        FastPath(Shouting())
    assert fast_loader(Shouting())({"name": "max"}) == {"name": "MAX"}
