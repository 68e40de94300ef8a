"""Factories for valid records of every collection, for any test in the project.

Each ``make_<record>(**overrides)`` returns a fresh dict that ``validate_record`` accepts, with
a new uuid4 ``id`` and fresh uuid4s for the records it refers to (schemas never check that a
referenced record exists). Pass keyword overrides to set or replace fields::

    site = make_site()
    job = make_job(site_id=site["id"], priority=3)

Values are the JSON the wire carries (strings for ids, dates and datetimes).
"""

import uuid


def new_id() -> str:
    """A fresh lower-case UUID string, as devices create them."""
    return str(uuid.uuid4())


def _record(fields: dict, overrides: dict) -> dict:
    return {"id": new_id(), **fields, **overrides}


def make_office(**overrides) -> dict:
    return _record(
        {
            "code": "KEELUNG",
            "name_zh": "基隆分局",
            "name_en": "Keelung Branch",
            "address": "基隆市中正區中正路 1 號",
            "lat": 25.1283,
            "lon": 121.7419,
            "is_island": False,
        },
        overrides,
    )


def make_user(**overrides) -> dict:
    return _record(
        {
            "username": f"inspector-{uuid.uuid4().hex[:8]}",
            "display_name": "林檢驗員",
            "role": "inspector",
            "office_id": new_id(),
            "skills": ["nawi", "fuel_dispenser"],
            "email": "inspector@example.org",
            "phone": "02-2431-0000",
            "active": True,
            "shift_start": "08:00",
            "shift_end": "17:30",
        },
        overrides,
    )


def make_vehicle(**overrides) -> dict:
    return _record(
        {
            "office_id": new_id(),
            "plate": "ABC-1234",
            "seats": 4,
            "equipment": [
                {"kind": "proving_measure", "capacity": 20, "unit": "L", "serial": "PM-020"},
                {"kind": "test_weights", "capacity": 500, "unit": "kg"},
            ],
            "active": True,
        },
        overrides,
    )


def make_firm(**overrides) -> dict:
    return _record(
        {
            "office_id": new_id(),
            "tax_id": "12345675",
            "name": "海港加油站股份有限公司",
            "contact_name": "陳經理",
            "phone": "02-2422-1234",
            "email": "contact@example.com",
            "address": "基隆市仁愛區愛一路 10 號",
        },
        overrides,
    )


def make_site(**overrides) -> dict:
    return _record(
        {
            "office_id": new_id(),
            "firm_id": new_id(),
            "name": "仁愛市場",
            "address": "基隆市仁愛區仁二路 200 號",
            "lat": 25.1290,
            "lon": 121.7440,
            "kind": "market",
        },
        overrides,
    )


def make_instrument(**overrides) -> dict:
    return _record(
        {
            "site_id": new_id(),
            "type": "nawi",
            "serial": "SC-2013-0042",
            "make": "Acme",
            "model": "T-30",
            "accuracy_class": "III",
            "params": {"e": 5, "max": 30000, "unit": "g"},
            "seal_number": "KL-S-000123",
            "last_verified": "2023-05-02",
            "due_date": "2025-05-02",
            "nozzle_count": None,
        },
        overrides,
    )


def make_sphygmomanometer(**overrides) -> dict:
    """A blood-pressure monitor: no accuracy class, no parameters (its checks copy `{}`)."""
    defaults = {"type": "sphygmomanometer", "accuracy_class": None, "params": {}}
    return make_instrument(**{**defaults, **overrides})


#: The flat parameters of a class 0.5 fuel dispenser, as its checks carry them.
FUEL_PARAMS = {"accuracy_class": "0.5", "mmq": 2, "scale_interval": 0.01}
#: A fuel dispenser's inspection programme, both flows in tolerance.
FUEL_POINTS = [
    {"name": "max_flow", "flow_rate": 40, "indicated": 20.05, "reference": 20.0},
    {"name": "min_flow", "flow_rate": 5, "indicated": 9.99, "reference": 10.0},
]


def make_fuel_dispenser(**overrides) -> dict:
    """A fuel dispenser of accuracy class 0.5 (its checks copy `FUEL_PARAMS`)."""
    defaults = {
        "type": "fuel_dispenser",
        "accuracy_class": FUEL_PARAMS["accuracy_class"],
        "params": {"mmq": FUEL_PARAMS["mmq"], "scale_interval": FUEL_PARAMS["scale_interval"]},
    }
    return make_instrument(**{**defaults, **overrides})


def make_job(**overrides) -> dict:
    return _record(
        {
            "office_id": new_id(),
            "kind": "instrument_verification",
            "application_number": "KL-2024-000123",
            "lookup_code": "7Q4K9X",
            "applicant_name": "仁愛市場自治會",
            "applicant_email": "applicant@example.com",
            "applicant_phone": "0912-345-678",
            "site_id": new_id(),
            "instrument_ids": [new_id()],
            "window_start": "2024-05-06T09:00:00+08:00",
            "window_end": "2024-05-06T12:00:00+08:00",
            "priority": 1,
            "required_skills": ["nawi"],
            "required_equipment": [{"kind": "test_weights", "capacity": 30, "unit": "kg"}],
            "estimated_minutes": 45,
            "inspectors_needed": 1,
            "status": "requested",
            "needs_review": False,
            "review_reason": None,
            "notes": "",
        },
        overrides,
    )


def make_assignment(**overrides) -> dict:
    return _record(
        {
            "job_id": new_id(),
            "inspector_ids": [new_id()],
            "vehicle_id": new_id(),
            "date": "2024-05-06",
            "planned_start": "2024-05-06T09:30:00+08:00",
            "route_order": 0,
            "locked": False,
        },
        overrides,
    )


def make_check(**overrides) -> dict:
    """A draft check of a class III scale with its full test programme (no verdict yet).

    ``instrument_params`` is the flat dict the tolerance engine reads (``accuracy_class`` plus
    the instrument record's ``params``).
    """
    return _record(
        {
            "job_id": new_id(),
            "instrument_id": new_id(),
            "phase": "verification",
            "status": "draft",
            "instrument_type": "nawi",
            "instrument_params": {"accuracy_class": "III", "e": 5, "max": 30000, "unit": "g"},
            "points": _scale_points(),
            "provisional": False,
            "seal_number": "KL-S-000124",
            "sticker_number": "KL-T-000124",
            "photo_hashes": ["a" * 64],
            "signature_hash": "b" * 64,
            "recorded_at": "2024-05-06T10:15:00+08:00",
            "inspector_id": new_id(),
            "notes": "",
        },
        overrides,
    )


def sphygmo_points(offset=1) -> list[dict]:
    """A full sphygmomanometer programme, every reading `offset` mmHg off (±3 passes)."""
    return [
        {"name": f"{p}mmHg", "indicated": p + offset, "reference": p}
        for p in (0, 10, 50, 100, 150, 200, 250)
    ]


def make_sphygmo_check(**overrides) -> dict:
    """A draft sphygmomanometer check with its full programme and no attachments."""
    fields = {
        "instrument_type": "sphygmomanometer",
        "instrument_params": {},
        "points": sphygmo_points(),
        "photo_hashes": [],
        "signature_hash": None,
    }
    return make_check(**{**fields, **overrides})


def make_fuel_check(**overrides) -> dict:
    """A draft inspection of a fuel dispenser with both flows and no attachments."""
    fields = {
        "phase": "inspection",
        "instrument_type": "fuel_dispenser",
        "instrument_params": FUEL_PARAMS,
        "points": FUEL_POINTS,
        "photo_hashes": [],
        "signature_hash": None,
    }
    return make_check(**{**fields, **overrides})


def _scale_points() -> list[dict]:
    """The verification programme of a class III scale (e = 5 g, max = 30 kg), all in tolerance."""
    points = [
        {"name": "zero", "load": 0, "indication": 0},
        {"name": "min", "load": 100, "indication": 100},
        {"name": "max", "load": 30000, "indication": 30005},
    ]
    points += [
        {"name": "eccentricity", "position": position, "load": 10000, "indication": 10000}
        for position in (1, 2, 3, 4)
    ]
    return points


def make_submitted_check(**overrides) -> dict:
    """A submitted check: carries verdict, rule version and the engine's result."""
    fields = {
        "status": "submitted",
        "verdict": "pass",
        "rule_set": "verifield-tolerances",
        "rule_version": "2024.1",
        "result": {"verdict": "pass", "points": [{"name": "min", "ok": True}]},
    }
    return make_check(**{**fields, **overrides})


def make_accident_visit(**overrides) -> dict:
    return _record(
        {
            "job_id": new_id(),
            "report_reference": "ACC-2024-0007",
            "household_name": "王家",
            "address": "基隆市七堵區明德一路 5 號",
            "product": "電暖器",
            "product_brand": "Warmco",
            "description": "使用中冒煙",
            "injuries": "none",
            "cause_assessment": "電源線破損",
            "photo_hashes": ["c" * 64],
            "follow_up": "協助申請理賠",
            "visited_at": "2024-05-07T14:00:00+08:00",
            "inspector_id": new_id(),
            "status": "draft",
        },
        overrides,
    )


def make_firm_visit(**overrides) -> dict:
    return _record(
        {
            "job_id": new_id(),
            "firm_id": new_id(),
            "attendees": ["陳經理", "林檢驗員"],
            "suggestions": [
                {
                    "id": new_id(),
                    "text": "希望延長檢定申請受理時間",
                    "category": "service",
                    "status": "escalated",
                    "response": "已轉總局",
                }
            ],
            "visited_at": "2024-05-08T10:00:00+08:00",
            "inspector_id": new_id(),
            "status": "draft",
        },
        overrides,
    )


def make_conflict(**overrides) -> dict:
    return _record(
        {
            "collection": "jobs",
            "record_id": new_id(),
            "field": "window_start",
            "winning_value": "2024-05-06T09:00:00+08:00",
            "losing_value": "2024-05-06T13:00:00+08:00",
            "winning_role": "dispatcher",
            "losing_role": "inspector",
            "winning_user_id": new_id(),
            "losing_user_id": new_id(),
            "losing_device_id": new_id(),
            "base_version": 3,
            "server_version": 5,
            "created_at": "2024-05-06T11:00:00+08:00",
            "resolved": False,
            "resolved_by": None,
            "resolution_note": None,
        },
        overrides,
    )


def make_audit_entry(**overrides) -> dict:
    return _record(
        {
            "at": "2024-05-06T11:00:00+08:00",
            "user_id": new_id(),
            "device_id": new_id(),
            "action": "update",
            "collection": "jobs",
            "record_id": new_id(),
            "changes": {"priority": [1, 3]},
        },
        overrides,
    )


FACTORIES = {
    "offices": make_office,
    "users": make_user,
    "vehicles": make_vehicle,
    "firms": make_firm,
    "sites": make_site,
    "instruments": make_instrument,
    "jobs": make_job,
    "assignments": make_assignment,
    "checks": make_check,
    "accident_visits": make_accident_visit,
    "firm_visits": make_firm_visit,
    "conflicts": make_conflict,
    "audit_entries": make_audit_entry,
}
