"""The records contract: every collection loads its factory record, round-trips, and refuses
unknown collections, unknown fields, wrong types and malformed ids with a message per field."""

import json

import pytest

from domain.records import (
    ENVELOPE,
    SCHEMAS,
    RecordInvalid,
    UnknownCollection,
    dump_record,
    validate_record,
)
from tests.domain.factories import FACTORIES, make_job, make_office, make_vehicle

ALL_COLLECTIONS = sorted(SCHEMAS)


def messages_for(collection: str, data: dict, *, partial: bool = False) -> dict:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(collection, data, partial=partial)
    return caught.value.messages


def test_schemas_cover_the_contracted_collections():
    assert set(SCHEMAS) == {
        "offices", "users", "vehicles", "firms", "sites", "instruments", "jobs",
        "assignments", "checks", "accident_visits", "firm_visits", "conflicts",
        "audit_entries",
    }  # fmt: skip


def test_every_collection_has_a_factory():
    assert set(FACTORIES) == set(SCHEMAS)


@pytest.mark.parametrize("collection", ALL_COLLECTIONS)
def test_factory_record_is_valid(collection):
    record = FACTORIES[collection]()
    assert validate_record(collection, record) == record


@pytest.mark.parametrize("collection", ALL_COLLECTIONS)
def test_round_trip_validate_dump_is_json_and_loads_again(collection):
    loaded = validate_record(collection, FACTORIES[collection]())
    dumped = dump_record(collection, loaded)
    assert json.loads(json.dumps(dumped)) == dumped
    assert validate_record(collection, dumped) == loaded


@pytest.mark.parametrize("collection", ALL_COLLECTIONS)
def test_every_schema_requires_an_id(collection):
    record = FACTORIES[collection]()
    del record["id"]
    assert messages_for(collection, record)["id"] == ["Missing data for required field."]


@pytest.mark.parametrize("envelope_field", ENVELOPE)
def test_sync_envelope_is_not_a_domain_field(envelope_field):
    record = make_job(**{envelope_field: 1})
    assert messages_for("jobs", record) == {envelope_field: ["Unknown field."]}


def test_unknown_field_is_named_in_messages_and_text():
    with pytest.raises(RecordInvalid) as caught:
        validate_record("offices", make_office(colour="red"))
    assert caught.value.messages == {"colour": ["Unknown field."]}
    assert "colour: Unknown field." in str(caught.value)
    assert "offices" in str(caught.value)


def test_unknown_collection_is_a_record_invalid():
    with pytest.raises(UnknownCollection) as caught:
        validate_record("spaceships", {"id": "x"})
    assert isinstance(caught.value, RecordInvalid)
    assert isinstance(caught.value, ValueError)
    assert "Unknown collection 'spaceships'" in caught.value.messages["collection"][0]


def test_dump_of_unknown_collection_is_refused():
    with pytest.raises(UnknownCollection):
        dump_record("spaceships", {})


@pytest.mark.parametrize(
    ("bad_id", "message"),
    [
        ("0F8FAD5B-D9CB-469F-A165-70867728950E", "Not a valid id: UUIDs must be lower-case."),
        ("not-a-uuid", "Not a valid id: expected a lower-case UUID"),
        ("0f8fad5bd9cb469fa16570867728950e", "Not a valid id: expected a lower-case UUID"),
        (42, "Not a valid string."),
    ],
)
def test_bad_ids_are_refused_with_a_clear_message(bad_id, message):
    messages = messages_for("jobs", make_job(id=bad_id))
    assert messages["id"][0].startswith(message)


def test_bad_reference_id_names_the_field():
    assert "site_id" in messages_for("jobs", make_job(site_id="site-7"))


def test_bad_id_inside_a_list_names_the_item():
    messages = messages_for("jobs", make_job(instrument_ids=["nope"]))
    assert messages["instrument_ids"][0].startswith("item 0: Not a valid id")


@pytest.mark.parametrize(
    ("collection", "field", "bad_value", "message"),
    [
        ("jobs", "priority", "2", "Not a valid integer."),
        ("jobs", "priority", 1.5, "Not a valid integer."),
        ("jobs", "priority", True, "Not a valid integer."),
        ("jobs", "estimated_minutes", "45", "Not a valid integer."),
        ("jobs", "needs_review", "yes", "Not a valid boolean."),
        ("jobs", "needs_review", 1, "Not a valid boolean."),
        ("jobs", "instrument_ids", "abc", "Not a valid list."),
        ("jobs", "notes", 12, "Not a valid string."),
        ("jobs", "window_start", "tomorrow", "Not a valid datetime"),
        ("jobs", "window_start", "2024-05-06", "Not a valid datetime"),
        ("offices", "lat", "25.1", "Not a valid number."),
        ("offices", "is_island", "true", "Not a valid boolean."),
        ("vehicles", "seats", "four", "Not a valid integer."),
        ("instruments", "due_date", "2025-13-01", "Not a valid date"),
        ("instruments", "due_date", "2025-05-02T00:00:00", "Not a valid date"),
        ("instruments", "params", [], "Not a valid object: expected names with their values."),
        ("users", "email", "not-an-email", "Not a valid email address."),
        ("checks", "points", {}, "Not a valid list."),
    ],
)
def test_wrong_type_is_refused_per_field(collection, field, bad_value, message):
    record = FACTORIES[collection](**{field: bad_value})
    messages = messages_for(collection, record)
    assert list(messages) == [field]
    assert messages[field][0].startswith(message)


def test_every_wrong_field_gets_its_own_message():
    record = make_job(priority="high", estimated_minutes=-5, colour="red")
    assert set(messages_for("jobs", record)) == {"priority", "estimated_minutes", "colour"}


def test_nested_error_stays_under_its_top_level_field():
    vehicle = make_vehicle(equipment=[{"kind": "test_weights", "capacity": "lots", "unit": "kg"}])
    assert messages_for("vehicles", vehicle) == {
        "equipment": ["item 0, capacity: Not a valid number."]
    }


def test_non_dict_input_is_refused():
    assert "_schema" in messages_for("jobs", ["not", "a", "record"])


def test_optional_lists_default_to_empty():
    office_id, site_id = make_job()["office_id"], make_job()["site_id"]
    minimal = {
        "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "office_id": office_id,
        "kind": "fuel_sampling",
        "site_id": site_id,
        "window_start": "2024-05-06T09:00:00+08:00",
        "window_end": "2024-05-06T10:00:00+08:00",
        "estimated_minutes": 30,
    }
    loaded = validate_record("jobs", minimal)
    assert loaded["instrument_ids"] == []
    assert loaded["required_skills"] == []
    assert loaded["status"] == "requested"
    assert loaded["priority"] == 0


def test_partial_update_requires_nothing_and_fills_no_defaults():
    assert validate_record("jobs", {"priority": 3}, partial=True) == {"priority": 3}


def test_partial_update_still_refuses_wrong_types():
    assert messages_for("jobs", {"priority": "3"}, partial=True) == {
        "priority": ["Not a valid integer."]
    }


def test_naive_datetime_is_read_as_taiwan_time():
    job = make_job(window_start="2024-05-06T09:00:00", window_end="2024-05-06T10:00:00Z")
    loaded = validate_record("jobs", job)
    assert loaded["window_start"] == "2024-05-06T09:00:00+08:00"
    assert loaded["window_end"] == "2024-05-06T10:00:00+00:00"


def test_dump_turns_date_objects_into_iso_strings():
    import datetime as dt

    instrument = FACTORIES["instruments"](last_verified=dt.date(2023, 5, 2))
    dumped = dump_record("instruments", instrument)
    assert dumped["last_verified"] == "2023-05-02"


def test_dump_leaves_out_the_sync_envelope():
    job = make_job()
    assert dump_record("jobs", {**job, "version": 4, "deleted": False}) == dump_record("jobs", job)
