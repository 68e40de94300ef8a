"""What a check copies from its instrument: a fuel dispenser's nozzles are the register's
``nozzle_count``, so one check reads every nozzle, and a copy that claims fewer (or none) is a
copy that differs from the register."""

import pytest

from domain.records import validate_record
from domain.register import copy_differences, register_copy
from domain.tolerances import evaluate_check, required_points
from tests.domain import factories as f

FUEL = {"accuracy_class": "0.5", "params": {"mmq": 2, "scale_interval": 0.01}}


def dispenser(nozzle_count):
    return validate_record(
        "instruments", f.make_instrument(type="fuel_dispenser", nozzle_count=nozzle_count, **FUEL)
    )


def test_a_dispenser_of_three_nozzles_copies_nozzles_3():
    copy = register_copy(dispenser(3))
    assert copy == {
        "instrument_type": "fuel_dispenser",
        "instrument_params": {
            "mmq": 2,
            "scale_interval": 0.01,
            "accuracy_class": "0.5",
            "nozzles": 3,
        },
    }
    assert len(required_points("fuel_dispenser", "verification", copy["instrument_params"])) == 9


def test_a_dispenser_of_one_nozzle_copies_nozzles_1_and_its_programme_is_the_tables():
    params = register_copy(dispenser(1))["instrument_params"]
    assert params["nozzles"] == 1
    assert [p["name"] for p in required_points("fuel_dispenser", "verification", params)] == [
        "max_flow",
        "min_flow",
        "mmq",
    ]


def test_a_dispenser_without_a_count_and_other_types_copy_no_nozzles():
    assert "nozzles" not in register_copy(dispenser(None))["instrument_params"]
    scale = {"type": "nawi", "accuracy_class": "III", "params": {"e": 5}, "nozzle_count": 3}
    assert "nozzles" not in register_copy(scale)["instrument_params"]


def test_the_register_count_wins_over_nozzles_written_into_params():
    record = {**dispenser(3), "params": {"mmq": 2, "nozzles": 1}}
    assert register_copy(record)["instrument_params"]["nozzles"] == 3


@pytest.mark.parametrize(
    ("sent", "difference"),
    [
        ({"nozzles": 2}, ("instrument_params.nozzles", 2, 3)),  # fewer than the register
        ({}, ("instrument_params.nozzles", None, 3)),  # none at all: one nozzle's check
        ({"nozzles": "3"}, ("instrument_params.nozzles", "3", 3)),
        ({"nozzles": True}, ("instrument_params.nozzles", True, 3)),
    ],
)
def test_a_copy_with_other_nozzles_than_the_register_differs(sent, difference):
    held = dispenser(3)
    params = {"mmq": 2, "scale_interval": 0.01, "accuracy_class": "0.5", **sent}
    check = {"instrument_type": "fuel_dispenser", "instrument_params": params}
    assert copy_differences(check, held) == [difference]


def test_the_honest_copy_has_no_difference_and_is_judged_for_every_nozzle():
    held = dispenser(3)
    check = register_copy(held)
    assert copy_differences(check, held) == []
    points = [
        {"name": n, "position": p, "indicated": 20, "reference": 20}
        for p in (1, 2, 3)
        for n in ("max_flow", "min_flow", "mmq")
    ]
    result = evaluate_check("fuel_dispenser", "verification", check["instrument_params"], points)
    assert result["verdict"] == "pass" and len(result["points"]) == 9
