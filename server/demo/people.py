"""The demo branch's people and vehicles, with the logins printed when the server starts.

One admin, a dispatcher per office and twelve inspectors spread over the four offices, each with
skills from `domain.records.vocabulary.SKILLS`; vehicles carry the test equipment the jobs
need (20 L proving measure, test weights, taximeter roller, BP reference manometer, blackbody).
Inspectors work `SHIFT`. Passwords are demo-only and printed on purpose.
"""

ADMIN_PASSWORD = "admin-demo"
DISPATCHER_PASSWORD = "dispatch-demo"
INSPECTOR_PASSWORD = "inspect-demo"

#: Inspectors' working hours (HH:MM), the hours the planner plans them.
SHIFT = ("08:00", "17:30")

#: (username, display name, role, office code, skills)
PEOPLE = (
    ("admin", "系統管理者 Admin", "admin", "KEELUNG", ()),
    ("dispatcher.keelung", "周課長 Chou", "dispatcher", "KEELUNG", ()),
    ("dispatcher.wudu", "何課長 Ho", "dispatcher", "WUDU", ()),
    ("dispatcher.suao", "游課長 Yu", "dispatcher", "SUAO", ()),
    ("dispatcher.matsu", "曹課長 Tsao", "dispatcher", "MATSU", ()),
    (
        "inspector.chen",
        "陳志明",
        "inspector",
        "KEELUNG",
        ("nawi", "fuel_dispenser", "fuel_sampling"),
    ),
    ("inspector.lin", "林淑芬", "inspector", "KEELUNG", ("taximeter", "nawi", "water_meter")),
    (
        "inspector.huang",
        "黃家豪",
        "inspector",
        "KEELUNG",
        ("sphygmomanometer", "ir_ear_thermometer", "nawi", "accident_visit"),
    ),
    ("inspector.chang", "張怡君", "inspector", "KEELUNG", ("shop_audit", "firm_visit", "nawi")),
    (
        "inspector.li",
        "李俊傑",
        "inspector",
        "KEELUNG",
        ("import_sampling", "electricity_meter", "gas_meter_diaphragm"),
    ),
    ("inspector.wang", "王雅婷", "inspector", "WUDU", ("fuel_dispenser", "fuel_sampling", "nawi")),
    (
        "inspector.wu",
        "吳建宏",
        "inspector",
        "WUDU",
        ("taximeter", "water_meter", "electricity_meter"),
    ),
    (
        "inspector.liu",
        "劉美玲",
        "inspector",
        "WUDU",
        ("import_sampling", "shop_audit", "accident_visit"),
    ),
    (
        "inspector.tsai",
        "蔡冠宇",
        "inspector",
        "SUAO",
        ("nawi", "fuel_dispenser", "taximeter", "fuel_sampling"),
    ),
    (
        "inspector.yang",
        "楊佩珊",
        "inspector",
        "SUAO",
        ("sphygmomanometer", "ir_ear_thermometer", "firm_visit", "shop_audit"),
    ),
    (
        "inspector.hsu",
        "許宗翰",
        "inspector",
        "MATSU",
        ("nawi", "fuel_dispenser", "taximeter", "sphygmomanometer", "fuel_sampling"),
    ),
    (
        "inspector.cheng",
        "鄭惠如",
        "inspector",
        "MATSU",
        ("nawi", "ir_ear_thermometer", "accident_visit", "firm_visit", "import_sampling"),
    ),
)

#: Test equipment as the vehicle schema holds it: kind -> (capacity, unit).
EQUIPMENT = {
    "proving_measure": (20, "L"),
    "test_weights_large": (500, "kg"),
    "test_weights": (20, "kg"),
    "taximeter_roller": (1, "set"),
    "bp_reference_manometer": (300, "mmHg"),
    "ir_blackbody": (42, "°C"),
    "fuel_sample_kit": (4, "L"),
}

#: (plate, office code, seats, equipment kinds)
VEHICLES = (
    ("RAB-1201", "KEELUNG", 5, ("proving_measure", "fuel_sample_kit", "test_weights")),
    ("RAB-1202", "KEELUNG", 3, ("test_weights_large", "test_weights")),
    ("RAB-1203", "KEELUNG", 5, ("taximeter_roller", "bp_reference_manometer", "ir_blackbody")),
    ("RAB-2201", "WUDU", 5, ("proving_measure", "fuel_sample_kit", "taximeter_roller")),
    ("RAB-2202", "WUDU", 3, ("test_weights_large", "bp_reference_manometer", "ir_blackbody")),
    ("RAB-3201", "SUAO", 5, ("proving_measure", "test_weights", "fuel_sample_kit")),
    ("RAB-3202", "SUAO", 5, ("taximeter_roller", "bp_reference_manometer", "ir_blackbody")),
    (
        "RAB-6201",
        "MATSU",
        5,
        (
            "proving_measure",
            "test_weights",
            "taximeter_roller",
            "bp_reference_manometer",
            "ir_blackbody",
            "fuel_sample_kit",
        ),
    ),
)


def equipment(kinds, serial_prefix):
    """The vehicle schema's equipment list for some kinds of test equipment."""
    return [
        {
            "kind": kind,
            "capacity": EQUIPMENT[kind][0],
            "unit": EQUIPMENT[kind][1],
            "serial": f"{serial_prefix}-{n + 1}",
        }
        for n, kind in enumerate(kinds)
    ]


def password_of(role):
    """The demo password of a role."""
    return {"admin": ADMIN_PASSWORD, "dispatcher": DISPATCHER_PASSWORD}.get(
        role, INSPECTOR_PASSWORD
    )


def demo_logins():
    """`[(role, username, password), ...]` — one line per demo account, for the banner."""
    return [(role, username, password_of(role)) for username, _, role, _, _ in PEOPLE]
