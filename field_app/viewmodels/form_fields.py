"""What the visit forms share: the rows a screen shows, sections, locks, texts in and out.

A form keeps every value as typed; what it saves is built from that state. A draft is savable
at any time with any text still empty (the record schemas require a visit's texts only when it
is submitted); an empty text is saved as None and reopens as empty. No Kivy here.

>>> outgoing_text("  "), incoming_text(None), incoming_text(" Wang ")
(None, '', ' Wang ')
"""

import re
from dataclasses import dataclass
from datetime import datetime

from marshmallow import validate

from domain.records.base import TAIWAN_TIME
from field_app.i18n import _

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class FieldRow:
    """One text field of a form as the screen shows it."""

    name: str
    label: str
    value: str
    multiline: bool
    required: bool
    section: str
    max_length: int
    editable: bool = True


@dataclass(frozen=True)
class FormSection:
    """A heading of a long form to jump to, and the fields under it."""

    key: str
    title: str
    names: tuple


class FormLocked(ValueError):
    """An edit of a form that may not change any more (submitted, or not the user's to edit)."""


class FormIncomplete(ValueError):
    """A submit refused: `.problems` are the sentences saying what is missing."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


def incoming_text(value):
    """A stored text as the form shows it: None and the draft marker are empty."""
    if value is None:
        return ""
    return str(value)


def outgoing_text(text):
    """A typed optional text as a record stores it: trimmed, None when empty."""
    cleaned = (text or "").strip()
    return cleaned or None


def is_filled(text):
    """True when a required text holds more than blanks (or the draft marker)."""
    return bool(incoming_text(text).strip())


def text_limit(schema_class, name):
    """The most characters the schema allows in the text field `name`."""
    for validator in _validators(schema_class._declared_fields[name]):
        if isinstance(validator, validate.Length) and validator.max is not None:
            return validator.max
    raise LookupError(f"{schema_class.__name__}.{name} has no maximum length")


def _validators(field):
    found = field.validate
    if found is None:
        return []
    return list(found) if isinstance(found, list | tuple) else [found]


def checked_text(label, text, limit):
    """`text` if it fits in `limit` characters, else a ValueError naming the field."""
    text = "" if text is None else str(text)
    if len(text.strip()) > limit:
        message = _("{field}: at most {limit} characters (now {count}).")
        raise ValueError(message.format(field=label, limit=limit, count=len(text.strip())))
    return text


def checked_sha256(sha256):
    """A photo's or signature's SHA-256 as the record stores it, else a ValueError."""
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise ValueError(_("Not a stored photo: expected its SHA-256 (64 hex digits)."))
    return sha256


def now_text(now=None):
    """`now` (default: this moment) in Taiwan time as the ISO 8601 text records store."""
    moment = now or datetime.now(TAIWAN_TIME)
    return moment.astimezone(TAIWAN_TIME).isoformat(timespec="seconds")


class VisitForm:
    """What the visit forms do with the replica: save the draft, submit. A subclass names its
    `collection` and gives `draft_fields`, `submitted_fields` and `_editable`."""

    collection = None

    def save_draft(self, replica):
        """Save the draft on the device (and in the outbox); returns the visible record."""
        self._editable()
        return save_record(replica, self.collection, self.record_id, self.draft_fields())

    def submit(self, replica):
        """Save the visit as submitted; from then on the form is read-only."""
        self._editable()
        saved = save_record(replica, self.collection, self.record_id, self.submitted_fields())
        self.status = "submitted"
        return saved


def save_record(replica, collection, record_id, fields):
    """Save `fields` of a form's record: create it, or update only the fields that changed.

    Sending only what changed keeps an update from overwriting what the office changed in
    other fields meanwhile. Returns the visible record.
    """
    stored = replica.get(collection, record_id)
    if stored is None or stored.get("deleted"):
        return replica.save(collection, record_id, fields, op="create")
    changed = {name: value for name, value in fields.items() if stored.get(name) != value}
    if not changed:
        return stored
    return replica.save(collection, record_id, changed, op="update")
