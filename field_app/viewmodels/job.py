"""One job as the inspector sees it on site: where, who, with what, and what is left to do.

The site with its address and contact (the firm's), the instruments in scope each with its
last result and due date, the other people and the vehicle on the job, the results recorded
so far, and the status changes the inspector may make now — the same rule the server
enforces (`domain.access.status_targets`), so a button the server would refuse is not shown.
No Kivy here.
"""

from dataclasses import dataclass, field

from domain.access import status_targets
from field_app import dates
from field_app.i18n import _
from field_app.viewmodels import labels

RESULT_KINDS = ("checks", "accident_visits", "firm_visits")


@dataclass(frozen=True)
class InstrumentLine:
    instrument_id: str
    title: str
    serial: str
    due: str
    last_result: str
    check_id: str | None = None  # the check of this job for the instrument, if any


@dataclass(frozen=True)
class ResultLine:
    collection: str
    record_id: str
    title: str
    status: str
    badge: str


@dataclass
class JobDetail:
    job_id: str
    kind: str
    job_kind: str
    status: str
    status_label: str
    window: str
    site_name: str
    address: str
    contact: str
    people: list = field(default_factory=list)
    vehicle: str = ""
    instruments: list = field(default_factory=list)
    results: list = field(default_factory=list)
    transitions: list = field(default_factory=list)  # [(target status, button text)]
    notes: str = ""


def job_detail(replica, job_id, actor_role, user_id):
    """The `JobDetail` of a job on the device (KeyError if it is not there)."""
    job = replica.get("jobs", job_id)
    if job is None or job.get("deleted"):
        raise KeyError(job_id)
    site = replica.get("sites", job["site_id"]) or {}
    firm = replica.get("firms", site["firm_id"]) if site.get("firm_id") else None
    assignment = _assignment(replica, job_id, user_id)
    results = _results(replica, job_id)
    return JobDetail(
        job_id=job_id,
        kind=job["kind"],
        job_kind=labels.job_kind(job["kind"]),
        status=job.get("status"),
        status_label=labels.job_status(job.get("status")),
        window=dates.format_window(job["window_start"], job["window_end"]),
        site_name=site.get("name", _("Unknown site")),
        address=site.get("address", ""),
        contact=_contact(firm),
        people=_people(replica, assignment, user_id),
        vehicle=_vehicle(replica, assignment),
        instruments=_instruments(replica, job, site, results),
        results=_result_lines(replica, results),
        transitions=_transitions(actor_role, job.get("status")),
        notes=job.get("notes") or "",
    )


def _assignment(replica, job_id, user_id):
    mine = replica.query("assignments", where={"job_id": job_id})
    mine.sort(key=lambda a: user_id not in (a.get("inspector_ids") or []))
    return mine[0] if mine else None


def _results(replica, job_id):
    return {c: replica.query(c, where={"job_id": job_id}) for c in RESULT_KINDS}


def _contact(firm):
    if not firm:
        return ""
    parts = [firm.get("name"), firm.get("contact_name"), firm.get("phone")]
    return " · ".join(part for part in parts if part)


def _people(replica, assignment, user_id):
    if not assignment:
        return []
    others = [i for i in assignment.get("inspector_ids") or [] if i != user_id]
    return [(replica.get("users", i) or {}).get("display_name", i) for i in others]


def _vehicle(replica, assignment):
    if not assignment or not assignment.get("vehicle_id"):
        return ""
    vehicle = replica.get("vehicles", assignment["vehicle_id"]) or {}
    return vehicle.get("plate", "")


def _instruments(replica, job, site, results):
    in_scope = list(job.get("instrument_ids") or [])
    found_on_site = [
        i["id"]
        for i in replica.query("instruments", where={"site_id": site.get("id")})
        if i["id"] not in in_scope and any(c["instrument_id"] == i["id"] for c in results["checks"])
    ]
    lines = []
    for instrument_id in in_scope + found_on_site:
        instrument = replica.get("instruments", instrument_id)
        if instrument is None:
            continue
        lines.append(_instrument_line(instrument, results["checks"]))
    return lines


def _instrument_line(instrument, checks):
    of_this = [c for c in checks if c["instrument_id"] == instrument["id"] and not c.get("amends")]
    latest = max(of_this, key=lambda c: c["id"], default=None)
    last = instrument.get("last_verified")
    last_result = labels.verdict(latest.get("verdict")) if latest else ""
    if latest and latest.get("status") == "draft":
        last_result = _("Draft")
    elif not last_result and last:
        last_result = _("Last verified {date}").format(date=dates.format_date(last))
    return InstrumentLine(
        instrument_id=instrument["id"],
        title=_instrument_title(instrument),
        serial=instrument.get("serial", ""),
        due=dates.format_date(instrument["due_date"]) if instrument.get("due_date") else "",
        last_result=last_result,
        check_id=latest["id"] if latest else None,
    )


def _instrument_title(instrument):
    kind = labels.instrument_type(instrument["type"])
    return f"{kind} {instrument.get('accuracy_class') or ''}".strip()


def _result_lines(replica, results):
    badges = replica.sync_badges()
    titles = {
        "checks": _("Check"),
        "accident_visits": _("Accident visit"),
        "firm_visits": _("Firm visit"),
    }
    lines = []
    for collection, records in results.items():
        for record in records:
            lines.append(
                ResultLine(
                    collection=collection,
                    record_id=record["id"],
                    title=titles[collection],
                    status=labels.record_status(record.get("status")),
                    badge=badges.get((collection, record["id"]), "sent"),
                )
            )
    return lines


def _transitions(role, status):
    targets = status_targets(role, status)
    actions = {"in_progress": _("Start the job"), "done": _("Finish the job")}
    return [(target, text) for target, text in actions.items() if target in targets]
