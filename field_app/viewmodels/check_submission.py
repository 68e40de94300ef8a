"""What a check needs before it is submitted (the office's rule), one sentence per gap. No Kivy.

- every required reading typed, and every point typed into judged (no refused reading);
- at least one point, for a type with no required point (personal scales);
- the seal number, when a regulated instrument passes verification (it is sealed on site);
- at least one photo, when the check fails (the evidence a failed instrument is taken out of
  use on);
- the firm representative's signature, always;
- for an amendment, its reason.

`reading_problems` covers the readings, `evidence_problems` the seal, photos and signature;
``CheckForm.submit_problems`` adds the rest.
"""

from domain.tolerances.live import is_blank, typed_into
from field_app.i18n import _
from field_app.viewmodels.check_rows import empty_labels


def reading_problems(rows, values: dict, states: dict) -> list[str]:
    """Each refused point, and each missing reading of a required or typed-into point
    (`values` and `states` by row key)."""
    problems = []
    for row in rows:
        state = states[row.key]
        typed = typed_into({**row.identity(), **values[row.key]})
        if state["state"] == "refused":
            problems.append(f"{row.label}: {state['message']}")
        elif state["state"] == "incomplete" and (row.required or typed):
            for label in empty_labels(row, state["empty"]):
                problems.append(
                    _("{point}: {reading} is missing.").format(point=row.label, reading=label)
                )
    return problems


def evidence_problems(verdict, phase: str, seal_number, photo_hashes, signature_hash) -> list[str]:
    """The seal of a passed verification, the photo of a failure, the signature."""
    problems = []
    if verdict == "pass" and phase == "verification" and is_blank(seal_number):
        problems.append(
            _("Enter the seal number: an instrument that passes verification is sealed.")
        )
    if verdict == "fail" and not photo_hashes:
        problems.append(_("Add at least one photo: a failed check needs its evidence."))
    if not signature_hash:
        problems.append(_("The firm representative must sign."))
    return problems
