"""The scans raise the notices time brings — re-verification due, overdue jobs — once each,
however often they run."""

from datetime import UTC, datetime

from server.notices.scan import scan_due, scan_overdue
from server.notices.settings import app_settings
from tests.domain import factories as f
from tests.notices.outbox_rows import raised

#: 2030-01-10 09:00 in Taiwan.
MORNING = datetime(2030, 1, 10, 1, tzinfo=UTC)


def taxi_meter(world, due_date, **firm):
    """A taxi meter due on `due_date` at a taxi company of office a (a firm of its own)."""
    company = world.put(
        "firms",
        f.make_firm(office_id=world.a.id, tax_id="87654321", name="大安車行", **firm),
    )
    site = world.put(
        "sites",
        f.make_site(office_id=world.a.id, firm_id=company["id"], kind="taxi_company"),
    )
    fields = {"site_id": site["id"], "type": "taximeter", "serial": "TX-1", "due_date": due_date}
    return world.put("instruments", f.make_instrument(**fields))


def test_an_instrument_due_within_the_window_is_announced_once(world):
    meter = taxi_meter(world, "2030-02-01", email="fleet@example.org", phone="02-2222-3333")
    first = scan_due(world.db, MORNING, days_ahead=30)
    again = scan_due(world.db, MORNING, days_ahead=30)
    assert (first.raised, again.raised) == (2, 0)
    assert raised(world.db, "instruments", meter["id"]) == [
        ("reverification_due", "email", "fleet@example.org"),
        ("reverification_due", "sms", "02-2222-3333"),
    ]


def test_a_new_due_date_is_announced_again(world):
    meter = taxi_meter(world, "2030-02-01", email="fleet@example.org", phone=None)
    scan_due(world.db, MORNING, days_ahead=30)
    world.edit("instruments", meter["id"], {"due_date": "2030-02-05"}, actor=world.admin)
    assert scan_due(world.db, MORNING, days_ahead=30).raised == 1


def test_instruments_not_yet_due_past_due_or_already_planned_are_not_announced(world):
    later = taxi_meter(world, "2030-02-10", email="fleet@example.org")
    assert scan_due(world.db, MORNING, days_ahead=30).raised == 0
    planned = world.a.instrument  # in scope of office a's open job
    world.edit("instruments", planned["id"], {"due_date": "2030-01-20"}, actor=world.admin)
    assert scan_due(world.db, MORNING, days_ahead=30).raised == 0
    assert raised(world.db, "instruments", later["id"]) == []


def test_an_instrument_whose_firm_has_no_contact_is_reported(world):
    meter = taxi_meter(world, "2030-01-10", email=None, phone=None)
    report = scan_due(world.db, MORNING, days_ahead=30)
    assert report.raised == 0
    assert report.unreachable == [("instruments", meter["id"])]


def test_the_firms_language_is_the_notices(world):
    meter = taxi_meter(world, "2030-01-31", email="fleet@example.org", language="en")
    scan_due(world.db, MORNING, days_ahead=30)
    language = world.db.execute(
        "SELECT language FROM notices WHERE record_id = ?", [meter["id"]]
    ).fetchone()[0]
    assert language == "en"


def test_an_overdue_job_is_announced_to_each_dispatcher_with_an_address_once(world, app):
    dispatcher = world.a.dispatcher
    world.edit("users", dispatcher.user_id, {"email": "desk@example.org"}, actor=world.admin)
    job = world.new_job(
        application_number="KL-LATE",
        window_start="2030-01-09T09:00:00+08:00",
        window_end="2030-01-09T17:00:00+08:00",
    )
    language = app_settings(app).staff_language
    first = scan_overdue(world.db, MORNING, language=language)
    again = scan_overdue(world.db, MORNING, language=language)
    assert (first.raised, again.raised) == (2, 0)  # this job and the world's (ended 1 Jan)
    overdue = [n for n in raised(world.db, "jobs", job["id"]) if n[0] == "job_overdue"]
    assert overdue == [("job_overdue", "email", "desk@example.org")]


def test_a_done_or_future_job_is_not_overdue_and_an_office_without_address_is_reported(world):
    done = world.new_job(
        window_start="2030-01-09T09:00:00+08:00",
        window_end="2030-01-09T17:00:00+08:00",
        status="done",
    )
    today = world.new_job(
        window_start="2030-01-10T09:00:00+08:00", window_end="2030-01-10T17:00:00+08:00"
    )
    late = world.new_job(
        window_start="2030-01-09T09:00:00+08:00", window_end="2030-01-09T17:00:00+08:00"
    )
    report = scan_overdue(world.db, MORNING, language="zh_TW")
    assert report.raised == 0
    unreachable = {record_id for _, record_id in report.unreachable}
    assert late["id"] in unreachable and world.b.job["id"] in unreachable
    assert not unreachable & {done["id"], today["id"]}
