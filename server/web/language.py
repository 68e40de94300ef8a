"""The console's two languages: Traditional Chinese (the default) and English.

Every user-facing string of the console is written in English in the code and templates
(`_("Day board")`) and has its Traditional Chinese in `messages.ZH_TW`; `translate` picks
the language of the browser session (`session["lang"]`, switched at `/console/language/..`).
A string missing from the catalog is a bug the tests catch (`tests/web/test_language.py`).
The planner's reasons and a proposal's changes come with a code and values; `reason_text` and
`change_text` put them in the session's language (`messages.REASONS_ZH`, `CHANGES_ZH`).

    >>> translate("Day board", "zh_TW"), translate("Day board", "en")
    ('派工看板', 'Day board')
    >>> translate("%(n)s jobs", "en", n=3)
    '3 jobs'
"""

from flask import g, session

from server.web.messages import CHANGES_ZH, EN, REASONS_ZH, ZH_TW

LANGUAGES = ("zh_TW", "en")
DEFAULT = "zh_TW"
#: The language's name, in itself, for the switch.
NAMES = {"zh_TW": "中文", "en": "English"}
#: The `lang` attribute of the page.
HTML_LANG = {"zh_TW": "zh-Hant-TW", "en": "en"}


def current_language():
    """The language of this browser session (read once a request)."""
    chosen = g.get("console_language")
    if chosen is None:
        chosen = session.get("lang")
        chosen = g.console_language = chosen if chosen in LANGUAGES else DEFAULT
    return chosen


def translate(text, language, **values):
    """`text` in `language`, with `values` put in (`%(name)s`)."""
    catalog = ZH_TW if language == "zh_TW" else EN
    message = catalog.get(text, text)
    return message % values if values else message


def gettext(text, **values):
    """`text` in this session's language (the templates' `_`)."""
    return translate(text, current_language(), **values)


def reason_text(gap, office=None):
    """A planner's reason (an `unserved` item of a proposal) in this session's language; in
    Chinese the office goes by its Chinese name (`office`, its record)."""
    template = REASONS_ZH.get(gap.get("code") or "")
    if current_language() != "zh_TW" or template is None:
        return gap["reason"]
    values = dict(gap.get("values") or {})
    if office and "office" in values:
        values["office"] = office.get("name_zh") or values["office"]
    if "skills" in values:
        values["skills"] = "、".join(map(skill_name, values["skills"].split(", ")))
    return template % values


def skill_name(skill):
    """A skill's name in this session's language (an instrument type's, or its own)."""
    for key in (f"type:{skill}", f"skill:{skill}"):
        if key in ZH_TW:
            return translate(key, current_language())
    return skill


def change_text(change, reasons):
    """A proposal's change in this session's language; `reasons` are the texts of the jobs
    left out, by job id (a dropped job's reason)."""
    template = CHANGES_ZH.get(change["kind"])
    values = change.get("values")
    if current_language() != "zh_TW" or template is None or not values:
        return change["message"]
    values = dict(values)
    for was in ("", "was_"):
        if was + "people" in values:
            vehicle = values[was + "vehicle"] or ZH_TW["no vehicle yet"]
            values[was + "crew"] = f"{values[was + 'people']}（{vehicle}）"
    if "reason" in values:
        values["reason"] = reasons.get(change["job_id"], values["reason"])
    return template % values
