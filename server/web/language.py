"""The console's two languages: Traditional Chinese (the default) and English.

Every user-facing string of the console is written in English in the code and templates
(`_("Day board")`) and has its Traditional Chinese in `messages.ZH_TW`; `translate` picks
the language of the browser session (`session["lang"]`, switched at `/console/language/..`).
A string missing from the catalog is a bug the tests catch (`tests/web/test_language.py`).

    >>> translate("Day board", "zh_TW"), translate("Day board", "en")
    ('派工看板', 'Day board')
    >>> translate("%(n)s jobs", "en", n=3)
    '3 jobs'
"""

from flask import g, session

from server.web.messages import EN, ZH_TW

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
