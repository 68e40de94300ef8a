"""`POST /api/v1/lookup/`: an application number and its code give the public status, and
nothing else — the same "not found" for a wrong code and an unknown number."""

import pytest

from sync.server.records import write_record
from tests.lookup.conftest import CODE, NUMBER, OFFICE_PHONE, personal_values


def body_of(response):
    assert response.content_type == "application/json"
    return response.get_json()


def test_the_number_and_code_give_stage_schedule_and_office(public_world, lookup_json):
    answer = lookup_json()
    assert answer.status_code == 200, answer.get_json()
    assert body_of(answer) == {
        "application_number": NUMBER,
        "stage": "scheduled",
        "stage_label": "已排定",
        "kind": "fuel_dispenser_inspection",
        "kind_label": "加油機檢查",
        "scheduled_date": "2030-01-01",
        # planned 09:30 (tests/conftest.py): the two hours from its hour
        "window_start": "2030-01-01T09:00:00+08:00",
        "window_end": "2030-01-01T11:00:00+08:00",
        "office": {
            "code": "KEELUNG",
            "name": "基隆",
            "phone": OFFICE_PHONE,
            "address": public_world.a.record["address"],
        },
        "lang": "zh_TW",
    }


def test_case_spaces_and_dashes_do_not_matter(public_world, lookup_json):
    assert lookup_json(f"  {NUMBER.lower()} ", "7q4k-9x").status_code == 200


def test_the_answer_is_in_english_when_asked(public_world, lookup_json):
    by_query = body_of(lookup_json(query_string={"lang": "en"}))
    by_header = body_of(lookup_json(headers={"Accept-Language": "en-GB,en;q=0.8"}))
    assert by_query == by_header
    assert by_query["stage_label"] == "Scheduled" and by_query["office"]["name"] == "Keelung"
    assert by_query["kind_label"] == "Fuel dispenser inspection" and by_query["lang"] == "en"


def answer_parts(response):
    """What a caller can see of an answer: status, body, headers but the date."""
    headers = {k: v for k, v in response.headers.items() if k != "Date"}
    return response.status_code, response.get_data(), headers


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(public_world, lookup_json):
    wrong_code = lookup_json(NUMBER, "000000", address="10.0.0.2")
    unknown = lookup_json("APP-999999", CODE, address="10.0.0.3")
    assert wrong_code.status_code == 404
    assert answer_parts(wrong_code) == answer_parts(unknown)
    assert body_of(wrong_code) == {
        "code": 404,
        "status": "Not Found",
        "message": "查無此申請案號與查詢碼的案件，請核對通知單上的兩者。",
        "errors": {},
    }


def test_another_offices_code_does_not_open_this_number(public_world, lookup_json):
    public_world.edit("jobs", public_world.b.job["id"], {"lookup_code": "B2B2B2"})
    assert lookup_json("APP-1", "B2B2B2").status_code == 404
    assert lookup_json("APP-2", "B2B2B2").status_code == 200


def test_a_deleted_job_and_a_job_without_a_code_are_not_found(public_world, lookup_json):
    job_id = public_world.a.job["id"]
    public_world.edit("jobs", job_id, {"lookup_code": None})
    assert lookup_json(NUMBER, CODE).status_code == 404
    public_world.edit("jobs", job_id, {"lookup_code": CODE})
    assert lookup_json(NUMBER, CODE).status_code == 200
    write_record(public_world.db, "jobs", job_id, {}, actor=public_world.admin, op="delete")
    assert lookup_json(NUMBER, CODE).status_code == 404


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("requested", "received"),
        ("scheduled", "scheduled"),
        ("dispatched", "scheduled"),
        ("in_progress", "in_progress"),
        ("done", "done"),
        ("needs_review", "under_review"),
        ("cancelled", "cancelled"),
    ],
)
def test_every_job_status_has_its_public_stage(public_world, lookup_json, status, stage):
    public_world.edit("jobs", public_world.a.job["id"], {"status": status})
    assert body_of(lookup_json())["stage"] == stage


def test_an_unassigned_job_is_received_with_no_date_yet(public_world, lookup_json):
    answer = body_of(lookup_json("APP-2", CODE))
    assert answer["stage"] == "received"
    assert answer["scheduled_date"] is answer["window_start"] is answer["window_end"] is None
    assert answer["office"]["phone"] is None  # office b publishes none


def test_malformed_input_is_a_422_naming_each_field(public_world, lookup_json):
    answer = lookup_json(" ", "12")
    assert answer.status_code == 422
    assert set(body_of(answer)["errors"]["json"]) == {"application_number", "code"}


def test_the_json_shows_nothing_personal(public_world, lookup_json):
    text = lookup_json().get_data(as_text=True)
    leaks = [value for value in personal_values(public_world) if value in text]
    assert leaks == []
    assert "inspector" not in text and "vehicle" not in text and "applicant" not in text


def test_the_answer_is_kept_out_of_caches_and_referrers(public_world, lookup_json):
    answer = lookup_json()
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_the_endpoint_is_documented_with_its_refusals(client):
    operation = client.get("/openapi.json").get_json()["paths"]["/api/v1/lookup/"]["post"]
    assert {"200", "404", "422", "429"} <= set(operation["responses"])
    assert "security" not in operation  # public: no token
