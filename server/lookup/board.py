"""The bulletin board's content: an office's dispatch of the day, grouped by place.

`board_of(db, office_id, day, lang)` reads the day's live assignments of the office
(`server.records.public.day_dispatch`) and keeps only what the office publishes: the place,
the time, the kind of work, the inspectors' public codes (`server.lookup.public_codes`),
the application number and the stage. The place of a container yard — where import
sampling is done, announced to the importer — is the yard's name; of any other site, only
its area (`server.lookup.areas`): never a street, a firm's name, an applicant or a phone.
Cancelled jobs are left out.
"""

from dataclasses import dataclass, field

from domain.job_states import JobStatus
from server.lookup.areas import area_of
from server.lookup.messages import kind_label, stage_key, texts
from server.lookup.public_codes import inspector_code
from server.lookup.stages import stage_of
from server.lookup.status import local_time
from server.records import public

#: Site kinds the board names by the site's own name (the rest by area).
NAMED_PLACES = ("container_yard",)


@dataclass(frozen=True)
class BoardRow:
    """One job on the board."""

    time: str
    application_number: str
    kind: str
    inspectors: tuple
    stage: str


@dataclass
class BoardPlace:
    """A place and the day's jobs there, in time order."""

    name: str
    rows: list = field(default_factory=list)


def place_name(site, words):
    """What the board calls a site: a yard's name, else its area, else "elsewhere"."""
    if site is None:
        return words["board_elsewhere"]
    if site["kind"] in NAMED_PLACES:
        return site["name"]
    return area_of(site.get("address")) or words["board_elsewhere"]


def board_of(db, office_id, day, lang):
    """`[BoardPlace, ...]` of the office's dispatch on `day` (a `date`), places in the
    order of their first job."""
    words = texts(lang)
    places = {}
    for assignment, job, site in public.day_dispatch(db, office_id, day.isoformat()):
        if job["status"] == JobStatus.CANCELLED:
            continue
        name = place_name(site, words)
        places.setdefault(name, BoardPlace(name)).rows.append(_row(assignment, job, words, lang))
    return list(places.values())


def _row(assignment, job, words, lang):
    planned = local_time(assignment.get("planned_start"))
    return BoardRow(
        time=f"{planned:%H:%M}" if planned else "",
        application_number=job.get("application_number") or "",
        kind=kind_label(job["kind"], lang),
        inspectors=tuple(inspector_code(i) for i in assignment["inspector_ids"]),
        stage=words[stage_key(stage_of(job["status"]))],
    )
