"""The lookup's rate limits: per source address, and per application number across addresses.

Guessing codes is slowed to a crawl, a refused guess never reaches the database, and no
limit tells anyone whether a number exists.
"""

from datetime import timedelta

from server.lookup.limits import SlidingWindow
from tests.lookup.conftest import CODE, NUMBER

PER_ADDRESS = 10  # LOOKUP_MAX_PER_ADDRESS (server.config)
PER_NUMBER = 20  # LOOKUP_MAX_FAILURES_PER_NUMBER


def wrong_codes(lookup_json, count, number=NUMBER, address="10.0.0.1"):
    """Statuses of `count` lookups of `number` with wrong codes (one address unless told)."""
    return [lookup_json(number, f"{n:06d}", address=address).status_code for n in range(count)]


def test_many_wrong_codes_from_one_address_are_refused(public_world, lookup_json):
    assert wrong_codes(lookup_json, PER_ADDRESS) == [404] * PER_ADDRESS
    refused = lookup_json(NUMBER, CODE)  # even the right code, once the address is limited
    assert refused.status_code == 429
    assert refused.get_json()["message"] == "查詢次數過多，請於 60 秒後再試。"
    assert refused.headers["Retry-After"] == "60"


def test_every_lookup_counts_and_the_window_moves_on(public_world, lookup_json, clock):
    for _ in range(PER_ADDRESS):
        assert lookup_json().status_code == 200
    assert lookup_json().status_code == 429
    assert lookup_json(address="10.0.0.9").status_code == 200  # another source is served
    clock[0] += timedelta(seconds=30)
    assert lookup_json().headers["Retry-After"] == "30"
    clock[0] += timedelta(seconds=30)
    assert lookup_json().status_code == 200


def test_a_refused_lookup_counts_for_nothing(public_world, lookup_json, clock):
    wrong_codes(lookup_json, PER_ADDRESS)
    for _ in range(50):
        assert lookup_json().status_code == 429
    clock[0] += timedelta(seconds=60)
    assert lookup_json().status_code == 200


def test_malformed_lookups_are_not_counted(public_world, lookup_json):
    for _ in range(3 * PER_ADDRESS):
        assert lookup_json(NUMBER, "!").status_code == 422
    assert lookup_json().status_code == 200


def test_guessing_one_number_from_many_addresses_is_refused(public_world, lookup_json):
    statuses = [
        lookup_json(NUMBER, f"{n:06d}", address=f"10.1.{n}.1").status_code
        for n in range(PER_NUMBER)
    ]
    assert statuses == [404] * PER_NUMBER
    assert lookup_json(address="10.2.0.1").status_code == 429
    assert lookup_json("APP-2", CODE, address="10.2.0.1").status_code == 200  # others are not


def test_the_number_limit_says_nothing_of_whether_a_number_exists(public_world, lookup_json):
    answers = {}
    for number in (NUMBER, "APP-404"):
        for n in range(PER_NUMBER):
            lookup_json(number, f"{n:06d}", address=f"10.{len(number)}.{n}.1")
        answer = lookup_json(number, CODE, address="10.3.0.1")
        headers = {k: v for k, v in answer.headers.items() if k != "Date"}
        answers[number] = (answer.status_code, answer.get_data(), headers)
    assert answers[NUMBER] == answers["APP-404"]
    assert answers[NUMBER][0] == 429


def test_the_page_and_the_json_share_one_limit(public_world, lookup_json, client):
    environ = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(PER_ADDRESS):
        query = {"number": NUMBER, "code": f"{n:06d}"}
        assert client.get("/lookup", query_string=query, environ_base=environ).status_code == 404
    assert lookup_json().status_code == 429


def test_a_window_forgets_the_least_recent_keys_beyond_its_bound():
    window = SlidingWindow(limit=1, seconds=60, max_keys=3)
    for key in "abcd":
        window.add(key, 0)
    assert list(window.events) == ["b", "c", "d"]
    assert window.retry_after("a", 1) == 0 and window.retry_after("d", 1) == 59
