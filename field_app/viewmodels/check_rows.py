"""How a check form shows its test points: one row's labels, typed values, error with its
sign, ±MPE, the verdict in words and what is still missing. No Kivy here."""

from domain.tolerances.live import typed_into
from field_app.i18n import _
from field_app.viewmodels.programmes import Row


def row_view(row: Row, typed: dict, state: dict, informative: bool) -> dict:
    """What the form shows of one test point: labels, typed values, error, MPE, verdict."""
    result = state.get("result") or {}
    view = {
        "key": row.key,
        "section": row.section,
        "label": row.label,
        "required": row.required,
        "repeatable": row.repeatable,
        "fields": [
            {
                "name": f.name,
                "label": f.label,
                "unit": f.unit,
                "required": f.required,
                "text": typed.get(f.name, ""),
            }
            for f in row.fields
        ],
        "state": state["state"],
        "error": signed(result["error"], result["error_unit"]) if result else "",
        "mpe": f"±{result['mpe']} {result['error_unit']}".rstrip() if result else "",
        "passed": result.get("passed"),
        "verdict": point_words(result.get("passed"), informative),
        "provisional": bool(result.get("provisional")),
        "provisional_mark": _("Provisional") if result.get("provisional") else "",
        "warning": result.get("warning", ""),
        "note": result.get("note", ""),
        "message": state.get("message", ""),
    }
    if state["state"] == "incomplete" and (row.required or typed_into(typed)):
        view["message"] = _("Missing: {readings}").format(
            readings=", ".join(empty_labels(row, state["empty"]))
        )
    return view


def empty_labels(row: Row, empty: list[str]) -> list[str]:
    """The labels of a row's empty readings, in the row's order."""
    shown = [f.label for f in row.fields if f.name in empty]
    return shown + [name for name in empty if name not in {f.name for f in row.fields}]


def signed(error: str, unit: str) -> str:
    sign = "+" if not error.startswith("-") and error != "0" else ""
    return f"{sign}{error} {unit}".rstrip()


def point_words(passed, informative: bool) -> str:
    if passed is None:
        return ""
    if informative:
        return (
            _("Within tolerance (informative)") if passed else _("Outside tolerance (informative)")
        )
    return _("Pass") if passed else _("Fail")


def verdict_words(verdict) -> str:
    return {
        "pass": _("Pass"),
        "fail": _("Fail"),
        "not_regulated": _("Not regulated (informative)"),
    }.get(verdict, "")
