"""Fixtures of the public pages' tests: the office world at a known moment, and its secrets.

`clock` sets the app's clock to 2030-01-01 10:00 in Taipei — the day office a's job is
assigned (`tests/conftest.py`) — and returns a list whose one item tests may move.
`public_world` is the world with a phone on office a; `lookup_json(number, code, ...)` posts
a lookup to the JSON endpoint; `personal_values(world)` lists every personal value the
world holds (applicant, site, firm, people, vehicle), none of which a public answer may show.
"""

from datetime import datetime, timedelta, timezone

import pytest

TAIPEI = timezone(timedelta(hours=8))
MORNING = datetime(2030, 1, 1, 10, 0, tzinfo=TAIPEI)
OFFICE_PHONE = "02-2422-8100"
NUMBER = "APP-1"  # office a's job (tests/conftest.py)
CODE = "7Q4K9X"  # its lookup code (tests.domain.factories.make_job)


@pytest.fixture
def clock(app):
    moment = [MORNING]
    app.config["CLOCK"] = lambda: moment[0]
    return moment


@pytest.fixture
def public_world(world, clock):
    """The world with office a's phone set (office b has none), its assigned job scheduled,
    and names long enough that finding one in a page means it leaked."""
    world.edit("offices", world.a.id, {"phone": OFFICE_PHONE}, actor=world.admin)
    world.edit("jobs", world.a.job["id"], {"status": "scheduled"})
    for key, office in world.offices.items():
        site = {"name": f"王小明自宅{key}", "address": f"基隆市仁愛區愛一路{len(key)}號之{key}"}
        office.site.update(world.edit("sites", office.site["id"], site, actor=world.admin))
        firm = {"name": f"海港加油站股份有限公司{key}"}
        office.firm.update(world.edit("firms", office.firm["id"], firm, actor=world.admin))
    return world


@pytest.fixture
def lookup_json(client):
    """`lookup_json(number, code, address="10.0.0.1", **kwargs)` → the test client's answer."""

    def post(number=NUMBER, code=CODE, address="10.0.0.1", **kwargs):
        body = {"application_number": number, "code": code}
        environ = {"REMOTE_ADDR": address}
        return client.post("/api/v1/lookup/", json=body, environ_base=environ, **kwargs)

    return post


def personal_values(world, typed=()):
    """Every value a public page must never show: applicants, sites, firms, people, cars
    (but what the visitor `typed`)."""
    values = []
    for office in world.offices.values():
        job, site, firm = office.job, office.site, office.firm
        values += [job.get(k) for k in ("applicant_name", "applicant_email", "applicant_phone")]
        values += [job.get("lookup_code"), job.get("notes"), site["name"], site["address"]]
        values += [firm["name"], firm.get("tax_id"), firm.get("phone"), firm.get("email")]
        values += [firm.get("contact_name"), office.vehicle["plate"]]
    for username, person in world.people.items():
        record = person.record
        values += [username, person.user_id, record.get("display_name"), record.get("email")]
        values.append(record.get("phone"))
    return sorted({value for value in values if value} - set(typed))
