"""The firm visit form of the mobile service team (廠商服務紀錄表): who attended, and the
firm's questions and suggestions, each resolved, escalated to headquarters, or pending.

`FirmVisitForm.new` starts a visit on a job at the firm's site. Drafts are savable at any time
(`draft_fields`, a suggestion's text may still be empty); a submit needs at
least one attendee and a text for every suggestion (`submit_problems`); a submitted visit is
read-only; `FirmVisitForm.from_record` reopens one with every value. `counts` gives what the
office reports: suggestions resolved, escalated and pending, and the improvement rate
(resolved ÷ all, as the office writes it: 22 of 28 is 78.5 %). No Kivy here.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from domain.ids import new_record_id
from domain.records.visits import SuggestionSchema
from domain.records.vocabulary import SUGGESTION_STATUSES
from field_app.i18n import N_, _
from field_app.viewmodels import form_fields as ff

COLLECTION = "firm_visits"
SUGGESTION_TEXTS = {
    "text": N_("Suggestion"),
    "category": N_("Category"),
    "response": N_("Response"),
}
STATUS_LABELS = {
    "resolved": N_("Resolved"),
    "escalated": N_("Escalated to headquarters"),
    "pending": N_("Pending"),
}
SECTIONS = (("attendees", N_("Who attended")), ("suggestions", N_("Suggestions")))
_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class SuggestionCounts:
    resolved: int
    escalated: int
    pending: int

    @property
    def total(self):
        return self.resolved + self.escalated + self.pending

    @property
    def improvement_rate(self):
        """Resolved ÷ all in per cent, cut (not rounded) to one decimal; None with none."""
        return improvement_rate(self.resolved, self.total)

    def rate_text(self):
        """`78.5%`, or an empty text when there are no suggestions."""
        rate = self.improvement_rate
        return "" if rate is None else f"{rate}%"


def improvement_rate(resolved, total):
    """The office's improvement rate: `resolved` of `total` in per cent, cut to one decimal.

    >>> improvement_rate(22, 28), improvement_rate(0, 0)
    (Decimal('78.5'), None)
    """
    if not total:
        return None
    return (Decimal(100 * resolved) / Decimal(total)).quantize(_ONE_DECIMAL, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class SuggestionRow:
    """One suggestion as the screen shows it."""

    id: str
    number: int
    text: str
    category: str
    response: str
    status: str
    status_label: str
    editable: bool


class FirmVisitForm(ff.VisitForm):
    """One firm visit being written: attendees and suggestions, as typed."""

    collection = COLLECTION

    def __init__(self, record_id, job_id, firm_id, inspector_id, attendees, suggestions, **more):
        self.record_id = record_id
        self.job_id = job_id
        self.firm_id = firm_id
        self.inspector_id = inspector_id
        self._attendees = list(attendees)
        self._suggestions = [_incoming_suggestion(s) for s in suggestions]
        self.visited_at = more.get("visited_at")
        self.status = more.get("status") or "draft"

    @classmethod
    def new(cls, job, site, inspector_id, *, record_id=None, now=None):
        """A new visit on `job` at the firm's `site` by `inspector_id`, dated now (or `now`)."""
        if not site.get("firm_id"):
            raise ValueError(
                _("This job's site has no firm: ask the office to add the firm to the site.")
            )
        record_id = record_id or new_record_id()
        return cls(
            record_id, job["id"], site["firm_id"], inspector_id, [], [], visited_at=ff.now_text(now)
        )

    @classmethod
    def from_record(cls, record):
        """Reopen a saved visit: every value as it was saved."""
        return cls(
            record["id"],
            record["job_id"],
            record["firm_id"],
            record["inspector_id"],
            record.get("attendees") or [],
            record.get("suggestions") or [],
            visited_at=record.get("visited_at"),
            status=record.get("status"),
        )

    @property
    def read_only(self):
        """A submitted visit is evidence: it does not change any more."""
        return self.status == "submitted"

    @property
    def attendees(self):
        return list(self._attendees)

    def add_attendee(self, name):
        """List a person who attended (their name as they give it)."""
        self._editable()
        name = (name or "").strip()
        if not name:
            raise ValueError(_("Write the name of the person who attended."))
        if name in self._attendees:
            raise ValueError(_("{name} is already listed.").format(name=name))
        self._attendees.append(name)

    def remove_attendee(self, index):
        """Take the attendee at `index` (from 0, as listed) off the list."""
        self._editable()
        if not 0 <= index < len(self._attendees):
            raise IndexError(f"no attendee #{index}; the visit lists {len(self._attendees)}")
        del self._attendees[index]

    def add_suggestion(self, text="", category=""):
        """Add a suggestion the firm raised (pending until told otherwise); returns its id."""
        self._editable()
        suggestion = {"id": new_record_id(), "text": "", "category": "", "response": ""}
        suggestion["status"] = "pending"
        self._suggestions.append(suggestion)
        self.edit_suggestion(suggestion["id"], "text", text)
        self.edit_suggestion(suggestion["id"], "category", category)
        return suggestion["id"]

    def edit_suggestion(self, suggestion_id, name, text):
        """Type `text` into a suggestion's `text`, `category` or `response`."""
        self._editable()
        if name not in SUGGESTION_TEXTS:
            raise ValueError(
                f"unknown suggestion field {name!r}; expected text, category, response"
            )
        limit = ff.text_limit(SuggestionSchema, name)
        checked = ff.checked_text(_(SUGGESTION_TEXTS[name]), text, limit)
        self._suggestion(suggestion_id)[name] = checked

    def set_suggestion_status(self, suggestion_id, status):
        """Mark a suggestion resolved, escalated (to headquarters) or pending."""
        self._editable()
        if status not in SUGGESTION_STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {SUGGESTION_STATUSES}")
        self._suggestion(suggestion_id)["status"] = status

    def remove_suggestion(self, suggestion_id):
        self._editable()
        self._suggestions.remove(self._suggestion(suggestion_id))

    def suggestions(self):
        """The suggestions as rows for the screen, numbered from 1."""
        return [
            SuggestionRow(
                id=s["id"],
                number=number,
                text=s["text"],
                category=s["category"],
                response=s["response"],
                status=s["status"],
                status_label=_(STATUS_LABELS[s["status"]]),
                editable=not self.read_only,
            )
            for number, s in enumerate(self._suggestions, start=1)
        ]

    def sections(self):
        """The headings to jump to."""
        return [ff.FormSection(key, _(title), ()) for key, title in SECTIONS]

    def counts(self):
        """How many suggestions are resolved, escalated and pending, and the rate."""
        statuses = [s["status"] for s in self._suggestions]
        return SuggestionCounts(*(statuses.count(status) for status in SUGGESTION_STATUSES))

    def draft_fields(self):
        """The record's fields as a draft: always savable, whatever is still empty."""
        return self._record_fields("draft")

    def submit_problems(self):
        """Sentences naming what a submit still needs; empty when it may be submitted."""
        problems = []
        if not self._attendees:
            problems.append(_("List at least one person who attended."))
        for row in self.suggestions():
            if not ff.is_filled(row.text):
                message = _(
                    "Suggestion {number} has no text: write what the firm raised, or remove it."
                )
                problems.append(message.format(number=row.number))
        return problems

    def submitted_fields(self):
        """The record's fields as submitted (FormIncomplete naming what is missing)."""
        problems = self.submit_problems()
        if problems:
            raise ff.FormIncomplete(problems)
        return self._record_fields("submitted")

    def _record_fields(self, status):
        return {
            "job_id": self.job_id,
            "firm_id": self.firm_id,
            "inspector_id": self.inspector_id,
            "attendees": list(self._attendees),
            "suggestions": [_outgoing_suggestion(s) for s in self._suggestions],
            "visited_at": self.visited_at,
            "status": status,
        }

    def _suggestion(self, suggestion_id):
        for suggestion in self._suggestions:
            if suggestion["id"] == suggestion_id:
                return suggestion
        raise KeyError(f"no suggestion {suggestion_id} on this visit")

    def _editable(self):
        if self.read_only:
            raise ff.FormLocked(_("This visit is submitted and can no longer be changed."))


def _incoming_suggestion(stored):
    texts = {name: ff.incoming_text(stored.get(name)) for name in SUGGESTION_TEXTS}
    return {"id": stored["id"], **texts, "status": stored.get("status") or "pending"}


def _outgoing_suggestion(suggestion):
    return {
        "id": suggestion["id"],
        "text": ff.outgoing_text(suggestion["text"]),
        "category": ff.outgoing_text(suggestion["category"]),
        "status": suggestion["status"],
        "response": ff.outgoing_text(suggestion["response"]),
    }
