"""The accident home visit form (商品事故到府關懷): the household, the product, what happened,
the injuries, the cause assessment, the follow-up and the photos.

`AccidentForm.new` starts a visit on a job: the site's address, and for a household site its
name as the household, are filled in. A draft is savable at any time (`draft_fields`, whatever is
still empty: the record schema requires the household, address and product only of a submitted
visit); `submit_problems` says in sentences what a submit still needs; after a submit
the form is read-only. `AccidentForm.from_record` reopens a saved visit with every value.
No Kivy here.
"""

from dataclasses import dataclass

from domain.ids import new_record_id
from domain.records.visits import AccidentVisitSchema
from field_app.i18n import N_, _
from field_app.viewmodels import form_fields as ff

COLLECTION = "accident_visits"
#: Photos a submitted visit needs: the office assesses the cause from them.
MIN_PHOTOS = 1


@dataclass(frozen=True)
class TextField:
    name: str
    label: str  # an English msgid, translated where shown
    section: str
    multiline: bool = False
    required: bool = False  # needed to submit


TEXT_FIELDS = (
    TextField("report_reference", N_("Accident report number"), "household"),
    TextField("household_name", N_("Household"), "household", required=True),
    TextField("address", N_("Address"), "household", required=True),
    TextField("product", N_("Product"), "product", required=True),
    TextField("product_brand", N_("Brand"), "product"),
    TextField("description", N_("What happened"), "what_happened", multiline=True, required=True),
    TextField("injuries", N_("Injuries"), "injuries", multiline=True, required=True),
    TextField("cause_assessment", N_("Cause assessment"), "cause", multiline=True, required=True),
    TextField("follow_up", N_("Follow-up"), "follow_up", multiline=True),
)
BY_NAME = {field.name: field for field in TEXT_FIELDS}
SECTIONS = (
    ("household", N_("Household")),
    ("product", N_("Product")),
    ("what_happened", N_("What happened")),
    ("injuries", N_("Injuries")),
    ("cause", N_("Cause assessment")),
    ("follow_up", N_("Follow-up")),
    ("photos", N_("Photos")),
)
#: Hints added to the "missing" sentence of a field, where the plain sentence is not enough.
MISSING_HINTS = {"injuries": N_("Write 'none' if nobody was hurt.")}


class AccidentForm(ff.VisitForm):
    """One accident visit being written: its texts and photos, as typed."""

    collection = COLLECTION

    def __init__(self, record_id, job_id, inspector_id, values, photo_hashes, visited_at, status):
        self.record_id = record_id
        self.job_id = job_id
        self.inspector_id = inspector_id
        self._values = {field.name: values.get(field.name, "") for field in TEXT_FIELDS}
        self._photos = list(photo_hashes)
        self.visited_at = visited_at
        self.status = status

    @classmethod
    def new(cls, job, site, inspector_id, *, record_id=None, now=None):
        """A new visit on `job` at `site` by `inspector_id`, dated now (or `now`)."""
        household = (
            site.get("name") if site.get("kind") == "household" else job.get("applicant_name")
        )
        values = {"household_name": household or "", "address": site.get("address") or ""}
        record_id = record_id or new_record_id()
        return cls(record_id, job["id"], inspector_id, values, [], ff.now_text(now), "draft")

    @classmethod
    def from_record(cls, record):
        """Reopen a saved visit: every value as it was saved."""
        values = {field.name: ff.incoming_text(record.get(field.name)) for field in TEXT_FIELDS}
        return cls(
            record["id"],
            record["job_id"],
            record["inspector_id"],
            values,
            record.get("photo_hashes") or [],
            record.get("visited_at"),
            record.get("status") or "draft",
        )

    @property
    def read_only(self):
        """A submitted visit is evidence: it does not change any more."""
        return self.status == "submitted"

    def value(self, name):
        """The text of field `name` as typed."""
        return self._values[self._field(name).name]

    def set_field(self, name, text):
        """Type `text` into field `name` (kept as typed; trimmed when saved)."""
        self._editable()
        field = self._field(name)
        limit = ff.text_limit(AccidentVisitSchema, name)
        self._values[name] = ff.checked_text(_(field.label), text, limit)

    @property
    def photo_hashes(self):
        return list(self._photos)

    def add_photo(self, sha256):
        """Attach a stored photo (`photos.store_photo`); attaching it again changes nothing."""
        self._editable()
        if ff.checked_sha256(sha256) not in self._photos:
            self._photos.append(sha256)

    def remove_photo(self, sha256):
        """Take a photo off the visit (its blob stays on the device)."""
        self._editable()
        if sha256 not in self._photos:
            raise ValueError(_("This photo is not attached to the visit."))
        self._photos.remove(sha256)

    def fields(self):
        """The text rows the screen shows, in order."""
        return [
            ff.FieldRow(
                name=field.name,
                label=_(field.label),
                value=self._values[field.name],
                multiline=field.multiline,
                required=field.required,
                section=field.section,
                max_length=ff.text_limit(AccidentVisitSchema, field.name),
                editable=not self.read_only,
            )
            for field in TEXT_FIELDS
        ]

    def sections(self):
        """The headings to jump to, each with the fields under it."""
        return [
            ff.FormSection(key, _(title), tuple(f.name for f in TEXT_FIELDS if f.section == key))
            for key, title in SECTIONS
        ]

    def draft_fields(self):
        """The record's fields as a draft: always savable, whatever is still empty."""
        return self._record_fields("draft", draft=True)

    def submit_problems(self):
        """Sentences naming what a submit still needs; empty when it may be submitted."""
        problems = []
        for field in TEXT_FIELDS:
            if field.required and not ff.is_filled(self._values[field.name]):
                problems.append(_missing(field))
        if len(self._photos) < MIN_PHOTOS:
            problems.append(_("Add at least one photo of the product."))
        return problems

    def submitted_fields(self):
        """The record's fields as submitted (FormIncomplete naming what is missing)."""
        problems = self.submit_problems()
        if problems:
            raise ff.FormIncomplete(problems)
        return self._record_fields("submitted", draft=False)

    def _record_fields(self, status, *, draft):
        fields = {
            "job_id": self.job_id,
            "inspector_id": self.inspector_id,
            "visited_at": self.visited_at,
            "photo_hashes": list(self._photos),
            "status": status,
        }
        for field in TEXT_FIELDS:
            fields[field.name] = ff.outgoing_text(self._values[field.name])
        return fields

    def _field(self, name):
        field = BY_NAME.get(name)
        if field is None:
            raise ValueError(f"unknown field {name!r} of an accident visit")
        return field

    def _editable(self):
        if self.read_only:
            raise ff.FormLocked(_("This visit is submitted and can no longer be changed."))


def _missing(field):
    sentence = _("{field} is missing: fill it in before submitting.").format(field=_(field.label))
    hint = MISSING_HINTS.get(field.name)
    return f"{sentence} {_(hint)}" if hint else sentence
