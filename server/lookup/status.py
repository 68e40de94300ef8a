"""The public lookup: an application number and its lookup code give a job's public status.

`look_up(db, number, code, address)` is the one path the page and the JSON endpoint share:
the rate limits first (`server.lookup.limits`, 429 before anything is read), then the job.
A wrong code and an unknown number are the same `None`, reached by the same work: the
candidates' codes are read by one indexed query (`server.records.public`) and every one is
compared — as SHA-256 digests, with `hmac.compare_digest` — against the code given, and an
unknown number is compared against a stand-in, so neither the answer nor its time says
whether the number exists. Only a match reads more (the job, its assignment, its office).

`PublicStatus` holds all that is shown, and nothing personal: the stage, the scheduled
date and the expected arrival window, and the office with its phone and address — never
the applicant, the site, or who inspects.

    >>> normal_code(" 7q4k-9x ")
    '7Q4K9X'
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.records.work import LOOKUP_CODE_PATTERN
from server.lookup.limits import app_limits, moment
from server.lookup.stages import stage_of
from server.planner.day import TAIPEI
from server.records import public
from sync.server.records import get_record

#: How long the arrival window is: from the planned start's hour, this long.
ARRIVAL_WINDOW = timedelta(hours=2)
#: The longest application number anyone is asked for.
MAX_NUMBER_LENGTH = 40
#: What an unknown number's code is compared against (never a valid code: too long).
STAND_IN = "-" * 64
_CODE = re.compile(LOOKUP_CODE_PATTERN)


@dataclass(frozen=True)
class PublicOffice:
    """The office an applicant calls."""

    code: str
    name_zh: str
    name_en: str
    phone: str | None
    address: str | None

    def name(self, lang):
        return self.name_zh if lang == "zh_TW" else self.name_en


@dataclass(frozen=True)
class PublicStatus:
    """What the public lookup shows of a job."""

    application_number: str
    stage: str
    kind: str
    scheduled_date: date | None
    window_start: datetime | None
    window_end: datetime | None
    office: PublicOffice | None


def normal_code(text):
    """A lookup code as compared: without spaces or dashes, in upper case."""
    return re.sub(r"[\s-]", "", text or "").upper()


def valid_number(text):
    """Whether an application number is worth looking up (1–40 characters once trimmed)."""
    return 0 < len(public.normal_number(text or "")) <= MAX_NUMBER_LENGTH


def valid_code(text):
    """Whether a lookup code has the form of one (4–12 letters or digits)."""
    return bool(_CODE.match(normal_code(text)))


def _digest(code):
    return hashlib.sha256(normal_code(code).encode()).digest()


def matching_job_id(db, number, code):
    """The id of the live job with this number and code, or None — the same work either way."""
    given = _digest(code)
    found = None
    for job_id, stored in public.lookup_candidates(db, number) or [(None, STAND_IN)]:
        same = hmac.compare_digest(given, _digest(stored or STAND_IN))
        if same and job_id is not None and stored:
            found = job_id
    return found


def look_up(db, number, code, address):
    """The public status of the job with this number and code, or None; `TooManyLookups`
    past a limit. `number` and `code` must be valid (`valid_number`, `valid_code`)."""
    limits, at = app_limits(), moment()
    key = public.normal_number(number)
    limits.admit(address, key, at)
    job_id = matching_job_id(db, number, code)
    if job_id is None:
        limits.failed(key, at)
        return None
    return public_status(db, get_record(db, "jobs", job_id))


def public_status(db, job):
    """The `PublicStatus` of a job record."""
    assignment = public.live_assignment(db, job["id"])
    day, start, end = schedule(job, assignment)
    office = get_record(db, "offices", job["office_id"])
    return PublicStatus(
        application_number=job.get("application_number") or "",
        stage=stage_of(job["status"]),
        kind=job["kind"],
        scheduled_date=day,
        window_start=start,
        window_end=end,
        office=_office(office) if office and not office.get("deleted") else None,
    )


def _office(record):
    return PublicOffice(
        code=record["code"],
        name_zh=record["name_zh"],
        name_en=record["name_en"],
        phone=record.get("phone"),
        address=record.get("address"),
    )


def local_time(text):
    """An ISO 8601 timestamp as an aware datetime in the offices' time zone (None stays)."""
    return datetime.fromisoformat(text).astimezone(TAIPEI) if text else None


def schedule(job, assignment):
    """`(date, window start, window end)` of an assigned job (all None when unassigned).

    The window is `ARRIVAL_WINDOW` from the hour of the planned start, kept inside the
    job's own window; with no planned start, there is a day but no window yet.
    """
    if assignment is None:
        return None, None, None
    day = date.fromisoformat(assignment["date"])
    planned = local_time(assignment.get("planned_start"))
    if planned is None:
        return day, None, None
    wanted_start, wanted_end = local_time(job["window_start"]), local_time(job["window_end"])
    start = planned.replace(minute=0, second=0, microsecond=0)
    end = start + ARRIVAL_WINDOW
    if start < wanted_end < end:
        end = wanted_end
    if start < wanted_start < end:
        start = wanted_start
    return day, start, end
