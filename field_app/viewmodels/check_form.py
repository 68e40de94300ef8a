"""``CheckForm``: the state of one check of one instrument on one job, as the inspector types it.

The form holds the typed text of every reading (a reading is text: the engine reads numeric
strings exactly, so ``"20.05"`` is 20.05 and a half-typed ``"20."`` is kept as typed), the
seal and sticker numbers, the remarks, the photos and the firm representative's signature.
Every reading re-judges the whole check with ``domain.tolerances.judge_so_far`` (the engine the
server judges with), so error, MPE and pass/fail are live, and the rule that judged a point is
one call away (:meth:`CheckForm.rule_explanation`).

The instrument's type, class and parameters are never the form's own: they are copied from the
register record (``domain.register.register_copy``) each time fields are produced, so a copy
made before the register changed never goes out. Pass the current register record to
:meth:`draft_fields` / :meth:`submitted_fields` (or :meth:`refresh_instrument`). The rows follow
the copy: a fuel dispenser of N nozzles has a section of rows per nozzle, and a register whose
nozzles change re-lays the form, keeping every typed reading (a row the new layout has no
place for is kept under "Other points"). A submitted check is shown as it was judged: with the
copy it carries, under its rule version.

Saving: ``draft_fields()`` always works (status ``draft``, whatever is typed, required
readings empty or not); ``submit_problems()`` names what stops a submission;
``submitted_fields()`` gives the evidence record and makes the form read-only. A submitted check
is corrected by ``amendment(reason)``: a new check that ``amends`` it.

What a submission requires is the office's rule in ``check_submission``.
"""

import datetime as dt
from dataclasses import replace

from domain.ids import new_record_id
from domain.records import RecordInvalid, validate_record
from domain.records.base import TAIWAN_TIME
from domain.register import register_copy
from domain.tolerances import evaluate_check, judge_so_far
from domain.tolerances.live import is_blank, point_keys, typed_into
from domain.tolerances.ruleset import instrument_spec
from field_app.i18n import _
from field_app.viewmodels.check_rows import row_view, verdict_words
from field_app.viewmodels.check_submission import evidence_problems, reading_problems
from field_app.viewmodels.programmes import IDENTITY, OTHER_SECTION, Row, check_programme
from field_app.viewmodels.rule_explanation import explain

TEXT_FIELDS = ("seal_number", "sticker_number", "notes")


class ReadOnly(ValueError):
    """A change to a submitted check (evidence): record an amendment instead."""


class SubmitRefused(ValueError):
    """A submission that is not complete; ``problems`` lists what to do, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def phase_for_job(job: dict) -> str:
    """``verification`` for a verification job (``*_verification``), else ``inspection``."""
    return "verification" if str(job.get("kind", "")).endswith("_verification") else "inspection"


class CheckForm:
    """One check being typed (or a submitted one, read-only).

    ``job`` and ``instrument`` are records (the instrument as the register holds it);
    ``record`` an existing check (a draft to reopen, or a submitted check). ``phase`` defaults
    to the record's, else to the job's (:func:`phase_for_job`).
    """

    def __init__(self, job, instrument, inspector_id, record=None, *, phase=None):
        record = record or {}
        if record.get("instrument_id") not in (None, instrument["id"]):
            raise ValueError("This check is of another instrument than the one given.")
        self.id = record.get("id") or new_record_id()
        self.job_id = record.get("job_id") or job["id"]
        self.instrument_id = instrument["id"]
        self.inspector_id = record.get("inspector_id") or inspector_id
        self.phase = record.get("phase") or phase or phase_for_job(job)
        self.status = record.get("status") or "draft"
        self.amends = record.get("amends")
        self.amend_reason = record.get("amend_reason")
        self._instrument = instrument
        self._rule_version = record.get("rule_version") if self.read_only else None
        self._recorded = {k: record.get(k) for k in ("result", "recorded_at")}
        self._evidence_copy = _carried_copy(record) if self.read_only else None
        self.programme = self._laid_out(self._judged_copy())
        self._rows: list[Row] = self.programme.rows()
        self._values = {row.key: {} for row in self._rows}
        self._texts = {name: record.get(name) or "" for name in TEXT_FIELDS}
        self.photo_hashes = list(record.get("photo_hashes") or [])
        self.signature_hash = record.get("signature_hash")
        self._live = None
        if "points" in record:
            self._load_points(record["points"] or [])
        elif not record:
            for row in self._rows:
                self._values[row.key].update(row.targets)

    # --- what the form is -------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.status == "submitted"

    @property
    def instrument_type(self) -> str:
        return self._judged_copy()["instrument_type"]

    def refresh_instrument(self, instrument: dict) -> None:
        """Judge with the register's current record of the instrument from now on (and lay the
        rows out for it: a dispenser's nozzles may have changed)."""
        if instrument["id"] != self.instrument_id:
            raise ValueError("A check's instrument cannot change; start a check of the other one.")
        self._instrument = instrument
        self._live = None
        if not self.read_only:
            self._relay(self._laid_out(self._judged_copy()))

    def live(self) -> dict:
        """The live verdicts: ``judge_so_far`` of every row as typed."""
        if self._live is None:
            copy = self._judged_copy()
            self._live = judge_so_far(
                copy["instrument_type"],
                self.phase,
                copy["instrument_params"],
                self._points(all_rows=True),
                rule_version=self._rule_version,
            )
        return self._live

    @property
    def verdict(self):
        """The check's verdict so far (``None`` until every required reading is judged)."""
        return self.live()["verdict"]

    # --- typing -----------------------------------------------------------------------------

    def set_reading(self, point_key: str, field: str, text) -> dict:
        """Set a reading to the typed ``text`` (empty text clears it); returns :meth:`live`."""
        self._refuse_if_read_only()
        row = self._row(point_key)
        if field not in {f.name for f in row.fields}:
            names = ", ".join(f.name for f in row.fields)
            raise ValueError(f"{row.label} has no reading {field!r}; it has: {names}")
        self._values[row.key][field] = "" if text is None else str(text)
        self._live = None
        return self.live()

    def add_repeat(self, point_name: str) -> str:
        """Add a row for another reading of a repeatable point; returns the new row's key."""
        self._refuse_if_read_only()
        same = [row for row in self._rows if row.name == point_name]
        if not same or not same[0].repeatable:
            raise ValueError(f"{point_name!r} is not a point that is read more than once here")
        row = self.programme.repeat_of(same[0], len(same) + 1)
        self._rows.insert(self._rows.index(same[-1]) + 1, row)
        self._values[row.key] = {}
        self._live = None
        return row.key

    def set_field(self, name: str, text) -> None:
        """Set the seal number, the sticker number or the remarks (``notes``)."""
        self._refuse_if_read_only()
        if name not in TEXT_FIELDS:
            raise ValueError(f"{name!r} is not a text field of a check: {', '.join(TEXT_FIELDS)}")
        text = "" if text is None else str(text)
        _check_fields({name: text})
        self._texts[name] = text

    def add_photo(self, sha256: str) -> bool:
        """Attach a photo (its blob's hash); False when it is attached already."""
        self._refuse_if_read_only()
        _check_fields({"photo_hashes": [sha256]})
        if sha256 in self.photo_hashes:
            return False
        self.photo_hashes.append(sha256)
        return True

    def remove_photo(self, sha256: str) -> None:
        self._refuse_if_read_only()
        if sha256 not in self.photo_hashes:
            raise ValueError("That photo is not attached to this check.")
        self.photo_hashes.remove(sha256)

    def set_signature(self, sha256) -> None:
        """The firm representative's signature (its blob's hash), or ``None`` to clear it."""
        self._refuse_if_read_only()
        _check_fields({"signature_hash": sha256})
        self.signature_hash = sha256

    def text(self, name: str) -> str:
        return self._texts[name]

    # --- saving -----------------------------------------------------------------------------

    def draft_fields(self, instrument=None) -> dict:
        """The fields of the check saved as a draft: whatever is typed, complete or not."""
        self._refuse_if_read_only()
        if instrument is not None:
            self.refresh_instrument(instrument)
        return {
            **self._common_fields(),
            "status": "draft",
            "result": None,
            "verdict": None,
            "provisional": False,
            "recorded_at": None,
        }

    def submit_problems(self) -> list[str]:
        """What stops a submission, one sentence each (empty: it can be submitted)."""
        if self.read_only:
            return [_("This check is already submitted: record an amendment to correct it.")]
        live = self.live()
        if live["refused"]:
            return [
                _(
                    "The instrument's register entry cannot be judged ({problem}); correct the "
                    "instrument first."
                ).format(problem=live["refused"])
            ]
        problems = reading_problems(self._rows, self._values, live["points"])
        if not any(typed_into(point) for point in self._points()):
            problems.append(_("Enter the readings of at least one test point."))
        problems += evidence_problems(
            live["verdict"],
            self.phase,
            self._texts["seal_number"],
            self.photo_hashes,
            self.signature_hash,
        )
        if self.amends and is_blank(self.amend_reason):
            problems.append(_("Say why this check amends the submitted one."))
        return problems

    def submitted_fields(self, instrument=None, now=None) -> dict:
        """The evidence record of the submitted check (judged by ``evaluate_check``); the form
        is read-only afterwards. Raises :class:`SubmitRefused` naming what is missing."""
        if instrument is not None and not self.read_only:
            self.refresh_instrument(instrument)
        problems = self.submit_problems()
        if problems:
            raise SubmitRefused(problems)
        common = self._common_fields()
        result = evaluate_check(
            common["instrument_type"], self.phase, common["instrument_params"], common["points"]
        )
        recorded_at = _iso(now or dt.datetime.now(TAIWAN_TIME))
        self.status, self._rule_version = "submitted", result["rule_version"]
        self._evidence_copy = _carried_copy(common)
        self._recorded = {"result": result, "recorded_at": recorded_at}
        self._live = None
        return {
            **common,
            "status": "submitted",
            "result": result,
            "verdict": result["verdict"],
            "rule_set": result["rule_set"],
            "rule_version": result["rule_version"],
            "provisional": result["provisional"],
            "recorded_at": recorded_at,
        }

    def amendment(self, reason: str, inspector_id=None) -> "CheckForm":
        """A new check that amends this submitted one, pre-filled from it."""
        if not self.read_only:
            raise ValueError("Only a submitted check is amended; change this draft instead.")
        if is_blank(reason):
            raise ValueError(_("Say why this check amends the submitted one."))
        _check_fields({"amend_reason": reason})
        record = {
            **self._common_fields(),
            "id": new_record_id(),
            "status": "draft",
            "amends": self.id,
            "amend_reason": reason,
            "inspector_id": inspector_id or self.inspector_id,
        }
        return CheckForm({"id": self.job_id}, self._instrument, record["inspector_id"], record)

    # --- for the screen ---------------------------------------------------------------------

    def rows(self) -> list[dict]:
        """Per test point, what the form shows: labels, typed values, error, MPE, verdict."""
        states = self.live()["points"]
        informative = not instrument_spec(self.instrument_type)["regulated"]
        return [
            row_view(row, self._values[row.key], states[row.key], informative) for row in self._rows
        ]

    def sections(self) -> list[dict]:
        """``[{"key", "title", "rows": [row key]}]``: jump-to-section navigation (and "Other
        points", for stored points the layout has no place for, when there are any)."""
        titles = {section.key: section.title for section in self.programme.sections}
        if any(row.section == OTHER_SECTION for row in self._rows):
            titles[OTHER_SECTION] = _("Other points")
        return [
            {"key": key, "title": title, "rows": [r.key for r in self._rows if r.section == key]}
            for key, title in titles.items()
        ]

    def rule_explanation(self, point_key: str):
        """The rule that judged a point (see ``rule_explanation.explain``); None if not judged."""
        state = self.live()["points"][self._row(point_key).key]
        if state["state"] != "judged":
            return None
        accuracy_class = self._judged_copy()["instrument_params"].get("accuracy_class")
        return explain(state["result"], accuracy_class, self.live()["rule_version"])

    def verdict_text(self) -> str:
        return verdict_words(self.verdict)

    # --- inside -----------------------------------------------------------------------------

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise ReadOnly(
                _("This check was submitted and is evidence: record an amendment to correct it.")
            )

    def _judged_copy(self) -> dict:
        """What the form judges with: a submitted check's own copy (its evidence), else the
        register's (``register_copy``)."""
        return self._evidence_copy or register_copy(self._instrument)

    def _laid_out(self, copy: dict):
        return check_programme(copy["instrument_type"], self.phase, copy["instrument_params"])

    def _relay(self, programme) -> None:
        """Lay the rows out as ``programme`` (if it differs), keeping every typed reading."""
        if programme == self.programme:
            return
        typed = [
            (row, self._values[row.key])
            for row in self._rows
            if typed_into({**row.identity(), **self._values[row.key]})
        ]
        self.programme, self._rows = programme, programme.rows()
        self._values = {row.key: dict(row.targets) for row in self._rows}
        for row, values in typed:
            if row.key in self._values:
                pass
            elif row.repeatable:
                self.programme.place_stored(self._rows, row.key, row.identity())
            else:
                self._rows.append(
                    replace(row, required=False, section=self.programme.stored_section())
                )
            self._values[row.key] = dict(values)

    def _row(self, key: str) -> Row:
        for row in self._rows:
            if row.key == key:
                return row
        raise KeyError(f"no test point {key!r} on this {self.instrument_type} form")

    def _points(self, all_rows=False) -> list[dict]:
        """The points as typed: every row (for live judging) or those typed into (to save)."""
        points = []
        for row in self._rows:
            typed = {f: t for f, t in self._values[row.key].items() if not is_blank(t)}
            if typed or all_rows:
                points.append({**row.identity(), **typed})
        return points

    def _common_fields(self) -> dict:
        copy = register_copy(self._instrument)
        fields = {
            "job_id": self.job_id,
            "instrument_id": self.instrument_id,
            "inspector_id": self.inspector_id,
            "phase": self.phase,
            "instrument_type": copy["instrument_type"],
            "instrument_params": copy["instrument_params"],
            "points": self._points(),
            "photo_hashes": list(self.photo_hashes),
            "signature_hash": self.signature_hash,
            **{name: self._texts[name] or None for name in TEXT_FIELDS},
        }
        if self.amends:
            fields.update(amends=self.amends, amend_reason=self.amend_reason)
        return fields

    def _load_points(self, points: list[dict]) -> None:
        """Put a stored check's points back in their rows; a point the form has no row for
        (a repeat, or a name of another rule version) gets a row of its own: nothing is lost."""
        for key, point in zip(point_keys(points), points, strict=True):
            if key not in self._values:
                self.programme.place_stored(self._rows, key, point)
            self._values[key] = {
                f: str(v) for f, v in point.items() if f not in IDENTITY and v is not None
            }


def _carried_copy(fields: dict) -> dict | None:
    """The copy of its instrument a check carries (``None`` for a record without one)."""
    if not fields.get("instrument_type"):
        return None
    return {
        "instrument_type": fields["instrument_type"],
        "instrument_params": dict(fields.get("instrument_params") or {}),
    }


def _check_fields(fields: dict) -> None:
    """Refuse a value the check schema would refuse, in its words (so a draft always saves)."""
    try:
        validate_record("checks", fields, partial=True)
    except RecordInvalid as invalid:
        raise ValueError(
            " ".join(t for texts in invalid.messages.values() for t in texts)
        ) from None


def _iso(moment) -> str:
    if isinstance(moment, str):
        return moment
    return moment.isoformat(timespec="seconds")
