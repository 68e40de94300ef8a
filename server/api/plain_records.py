"""The plain record resources, declared as data: offices, vehicles, firms, sites, instruments
and assignments, each served by the routes of `record_routes`.

Everyone reads them (inspectors what their pull gives them, `server.records.permissions`):

- `/api/v1/offices` — the branch's offices; admins change them. Synced to every device
  (bucket `global`).
- `/api/v1/vehicles` — the offices' vehicles and the test equipment each carries;
- `/api/v1/firms` — firms (applicants, stations, shops) with their tax id and contact;
- `/api/v1/sites` — places inspectors go to (address, coordinates, office);
- `/api/v1/instruments` — measuring instruments with their seal and due date.
  Dispatchers change their own office's, admins any; synced to the devices of the office
  (bucket `office:<id>`).
- `/api/v1/assignments` — who goes to which job, with which vehicle, on which day: read
  here, written by `POST /api/v1/jobs/<id>/assignment`.

`BLUEPRINTS` maps each collection to its blueprint.
"""

from domain.access import ADMIN
from server.api import list_queries
from server.api.record_routes import RecordResource, record_blueprint
from server.api.schemas import AssignmentFilter, InstrumentFilter, OfficeFilter, SiteFilter

PLAIN_RECORDS = (
    RecordResource(
        "offices", "office", "Offices", OfficeFilter, list_queries.offices, writers=(ADMIN,)
    ),
    RecordResource("vehicles", "vehicle", "Vehicles", OfficeFilter, list_queries.vehicles),
    RecordResource("firms", "firm", "Firms", OfficeFilter, list_queries.firms),
    RecordResource("sites", "site", "Sites", SiteFilter, list_queries.sites),
    RecordResource(
        "instruments", "instrument", "Instruments", InstrumentFilter, list_queries.instruments
    ),
    RecordResource(
        "assignments",
        "assignment",
        "Assignments",
        AssignmentFilter,
        list_queries.assignments,
        writers=(),
    ),
)

BLUEPRINTS = {
    resource.collection: record_blueprint(resource, __name__) for resource in PLAIN_RECORDS
}
