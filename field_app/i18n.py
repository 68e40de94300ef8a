"""The app's words in Traditional Chinese (the default) and English: gettext catalogs.

Every user-facing string is written in English as `_("...")` in `.py` and `.kv` files (in
`.kv`: `#:import _ field_app.i18n._`) and translated in
`field_app/locale/<lang>/LC_MESSAGES/field_app.po`, compiled to the `.mo` the app reads;
`tools/catalogs.py` extracts, updates and compiles them. `_` reads the current language at
call time, so a screen built after `set_language` speaks it; `on_language_change` tells the
screens to rebuild. Words written before a language is chosen (module-level tables) are
marked with `N_` and translated where they are shown. No Kivy here: view-models use it too.

>>> translator("zh_TW").gettext("Sync now"), translator("en").gettext("Sync now")
('立即同步', 'Sync now')
"""

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "field_app"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh_TW", "en")
DEFAULT_LANGUAGE = "zh_TW"

_current = {"language": DEFAULT_LANGUAGE}
_listeners = []


def _check(language):
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")


@cache
def translator(language):
    """The compiled catalog of `language` (a `gettext.GNUTranslations`), read once.

    A missing `.mo` is an error, not a silent switch to English: run `tools/catalogs.py`.
    """
    _check(language)
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with open(path, "rb") as fileobj:
            return gettext.GNUTranslations(fileobj)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"no compiled catalog for {language!r} at locale/{language}/LC_MESSAGES/"
            f"{DOMAIN}.mo; run tools/catalogs.py"
        ) from None


def set_language(language):
    """Speak `language` (one of LANGUAGES) from now on, and tell the listeners."""
    translator(language)
    changed = language != _current["language"]
    _current["language"] = language
    if changed:
        for listener in list(_listeners):
            listener(language)


def language():
    """The language the app speaks now."""
    return _current["language"]


def on_language_change(listener):
    """Call `listener(language)` after every change of language; returns `listener`."""
    _listeners.append(listener)
    return listener


def _(message):
    """`message` (English) in the current language."""
    return translator(_current["language"]).gettext(message)


def ngettext(singular, plural, n):
    """The singular or plural form of a message for `n`, in the current language."""
    return translator(_current["language"]).ngettext(singular, plural, n)


def N_(message):
    """Mark `message` for the catalogs without translating it yet (translate it with `_`)."""
    return message
