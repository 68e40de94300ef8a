"""A wrong code and an unknown number cost the lookup the same work and the same time."""

import statistics
import time

import pytest

from server.lookup import status
from tests.lookup.conftest import NUMBER

#: Lookups of each kind, interleaved so both see the same machine.
ROUNDS = 300
#: The medians may differ by this much (ms): far below what one request costs (~1 ms) or
#: what a network's jitter hides.
TOLERANCE_MS = 0.25


@pytest.fixture
def unlimited(app):
    app.config.update(LOOKUP_MAX_PER_ADDRESS=10**9, LOOKUP_MAX_FAILURES_PER_NUMBER=10**9)


def test_every_candidate_is_compared_and_an_unknown_number_is_compared_too(
    public_world, app, monkeypatch
):
    compared = []
    real = status.hmac.compare_digest
    monkeypatch.setattr(
        status.hmac, "compare_digest", lambda a, b: compared.append(1) or real(a, b)
    )
    with app.app_context():
        assert status.matching_job_id(public_world.db, NUMBER, "000000") is None
        assert status.matching_job_id(public_world.db, "APP-404", "000000") is None
        assert status.matching_job_id(public_world.db, NUMBER, "7Q4K9X") is not None
    assert compared == [1, 1, 1]


def test_a_wrong_code_takes_as_long_as_an_unknown_number(public_world, unlimited, lookup_json):
    times = {"wrong code": [], "unknown number": []}
    for n in range(ROUNDS):
        for kind, number in (("wrong code", NUMBER), ("unknown number", "APP-404")):
            started = time.perf_counter()
            assert lookup_json(number, f"{n:06d}").status_code == 404
            times[kind].append((time.perf_counter() - started) * 1000)
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    assert abs(medians["wrong code"] - medians["unknown number"]) < TOLERANCE_MS, medians
