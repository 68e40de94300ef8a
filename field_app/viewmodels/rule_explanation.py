"""The rule that judged a point, in words: one tap away from a verdict on the check form.

From a point's result (``evaluate_check`` / ``judge_so_far``) and the rule table entry it names
(``domain.tolerances.rule_details``): the rule id, its source citations, the class, the MPE and
how the rule computes it, and whether it is provisional and why.
"""

from domain.tolerances import rule_details
from domain.tolerances.ruleset import PROVISIONAL_CONFIDENCE
from field_app.i18n import _


def explain(result: dict, accuracy_class, rule_version=None) -> dict:
    """``{"rule_id", "sources": [text], "accuracy_class", "mpe", "how", "notes": [text],
    "confidence", "provisional", "why_provisional": [text]}`` for one judged point."""
    rule = rule_details(result["rule_id"], rule_version=rule_version)
    notes = [part for part in (result.get("note") or "").split("; ") if part]
    return {
        "rule_id": rule["id"],
        "sources": [_cited(source) for source in rule["sources"]],
        "accuracy_class": accuracy_class,
        "mpe": f"±{result['mpe']} {result['error_unit']}".rstrip(),
        "how": how_computed(rule),
        "notes": notes,
        "confidence": rule["confidence"],
        "provisional": result["provisional"],
        "why_provisional": _why_provisional(rule, notes) if result["provisional"] else [],
    }


def _cited(source: dict) -> str:
    locator = source.get("locator")
    return f"{source['cite']} ({locator})" if locator else source["cite"]


def _why_provisional(rule: dict, notes: list[str]) -> list[str]:
    reasons = []
    if rule["confidence"] in PROVISIONAL_CONFIDENCE:
        reasons.append(
            _("The rule's confidence is '{confidence}': no confirmed source.").format(
                confidence=rule["confidence"]
            )
        )
    if rule["type_confidence"] in PROVISIONAL_CONFIDENCE:
        reasons.append(
            _("The rules of this instrument type are '{confidence}'.").format(
                confidence=rule["type_confidence"]
            )
        )
    if rule.get("fallback"):
        reasons.append(_("The rule is a fallback: the legal value was not found."))
    if not reasons:
        reasons.append(_("A fallback or assumption was used for this reading (see the notes)."))
    return reasons + ([rule["note"]] if rule.get("note") and rule["note"] not in notes else [])


def how_computed(rule: dict) -> str:
    """How the rule's kind computes the MPE, with the rule's numbers."""
    kind = rule["kind"]
    if kind == "piecewise_e":
        bands = ", ".join(_band(band) for band in rule["bands"])
        return _("A multiple of e by the load (OIML R 76): {bands}.").format(bands=bands)
    if kind == "multiple_of_verification":
        return _("{factor} × the verification MPE of the same point.").format(factor=rule["factor"])
    if kind == "absolute":
        return _("A fixed ±{mpe} {unit}.").format(mpe=rule["mpe_abs"], unit=rule["unit"])
    if kind == "absolute_by_range":
        ranges = ", ".join(
            f"±{span['mpe_abs']} {rule['unit']} ({span['from']}–{span['to']} {rule['unit']})"
            for span in rule["ranges"]
        )
        return _("A fixed value by range of the reference: {ranges}.").format(ranges=ranges)
    if kind == "percent_of_reading":
        return _("±{pct} % of the {of}.").format(pct=rule["mpe_pct"], of=rule["of"])
    if kind == "percent_with_floor":
        floor = rule.get("floor", rule.get("floor_field"))
        return _("The larger of {pct} % of the reference and {floor} {unit}.").format(
            pct=rule["mpe_pct"], floor=floor, unit=rule["unit"]
        )
    if kind == "percent_by_flow_zone":
        zones = ", ".join(_zone(zone) for zone in rule["zones"])
        return _("A percentage by flow zone: {zones}.").format(zones=zones)
    if kind == "volume_with_emin":
        return _(
            "The class percentage of the delivered volume (a multiple of it for small "
            "volumes), never below the minimum specified error Emin."
        )
    if kind == "percent_by_current_and_temperature":
        return _("A percentage by the current's range and the meter's temperature.")
    return kind


def _band(band: dict) -> str:
    upper = _("above {low} e").format(low=band["from"]) if band["to"] is None else None
    upper = upper or _("up to {high} e").format(high=band["to"])
    return f"±{band['mpe_e']} e {upper}"


def _zone(zone: dict) -> str:
    text = f"±{zone['mpe_pct']} % {zone['from']}–{zone['to']}"
    if "temp_at_most" in zone:
        text += " " + _("at most {t} °C").format(t=zone["temp_at_most"])
    if "temp_above" in zone:
        text += " " + _("above {t} °C").format(t=zone["temp_above"])
    return text
