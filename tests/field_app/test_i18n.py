"""The translations are complete and compiled: every string of field_app/ is in both catalogs,
Chinese has a translation for each, nothing is fuzzy, placeholders match, the `.mo` files are
those of the `.po` files, and `field_app.i18n` switches languages. These fail whenever a string
is added without running `tools/catalogs.py` and translating it — on purpose."""

import doctest
import gettext
import io
import string

import pytest

import field_app.i18n as i18n
from field_app.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, language, ngettext, set_language
from tools import catalogs


@pytest.fixture(autouse=True)
def default_language():
    before = language()
    yield
    set_language(before)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The strings of today's sources, extracted to a temporary .pot and read back."""
    path = tmp_path_factory.mktemp("pot") / "field_app.pot"
    path.write_bytes(catalogs.po_bytes(catalogs.extract()))
    return catalogs.read_catalog(path)


def stored(language):
    return catalogs.read_catalog(catalogs.po_path(language), language)


def keys(catalog):
    return {(message.context, message.id) for message in catalog if message.id}


def forms(value):
    return value if isinstance(value, tuple) else (value,)


def fields_of(text):
    """The names of the `{placeholders}` of `text`."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_of_the_sources_is_in_the_catalog(template, lang):
    missing = sorted((m for _c, m in keys(template) - keys(stored(lang))), key=str)
    assert not missing, f"not in {lang}'s catalog (run tools/catalogs.py): {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_holds_no_string_the_sources_dropped(template, lang):
    stale = sorted((m for _c, m in keys(stored(lang)) - keys(template)), key=str)
    assert not stale, f"{lang} has strings no source uses (run tools/catalogs.py): {stale}"


def test_every_chinese_string_is_translated():
    untranslated = [m.id for m in stored("zh_TW") if m.id and not all(forms(m.string))]
    assert not untranslated, f"translate in {catalogs.po_path('zh_TW').name}: {untranslated}"


def test_english_translations_are_empty_or_complete():
    partial = [m.id for m in stored("en") if m.id and any(forms(m.string)) != all(forms(m.string))]
    assert not partial


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_is_fuzzy(lang):
    catalog = stored(lang)
    fuzzy = [m.id for m in catalog if m.fuzzy]
    assert not fuzzy and not catalog.fuzzy


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    for message in stored(lang):
        allowed = [fields_of(text) for text in forms(message.id)]  # singular, plural
        for text in filter(None, forms(message.string) if message.id else ()):
            assert fields_of(text) in allowed, (
                f"{lang}: {message.id!r} → {text!r} changes the {{placeholders}}"
            )


def translations(mo):
    """The messages of a compiled catalog, without its header."""
    catalog = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)
    catalog.pop("", None)
    return catalog


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogs_are_those_of_the_po_files(lang, tmp_path):
    fresh = tmp_path / "field_app.mo"
    fresh.write_bytes(catalogs.mo_bytes(stored(lang)))
    shipped = catalogs.mo_path(lang).read_bytes()
    assert translations(shipped) == translations(fresh.read_bytes()), (
        f"{catalogs.mo_path(lang).name} of {lang} is stale: run tools/catalogs.py"
    )


def test_chinese_is_the_default_and_english_the_other():
    assert DEFAULT_LANGUAGE == "zh_TW" and LANGUAGES == ("zh_TW", "en")


def test_the_current_language_translates():
    set_language("zh_TW")
    assert (_("Sync now"), _("Fail")) == ("立即同步", "不合格")
    set_language("en")
    assert (_("Sync now"), _("Fail")) == ("Sync now", "Fail")


def test_plural_forms_in_both_languages():
    singular = "{n} record is not sent yet. Sync first, then sign out."
    plural = "{n} records are not sent yet. Sync first, then sign out."
    set_language("en")
    assert ngettext(singular, plural, 1) == singular and ngettext(singular, plural, 3) == plural
    set_language("zh_TW")
    assert ngettext(singular, plural, 3).format(n=3) == "尚有 3 筆紀錄未傳送。請先同步，再登出。"


def test_an_unknown_string_shows_its_english():
    set_language("zh_TW")
    assert _("Not a string of the app") == "Not a string of the app"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'; expected one of zh_TW, en"):
        set_language("fr")


def test_a_missing_compiled_catalog_is_an_error_not_english(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translator.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="run tools/catalogs.py"):
            i18n.translator("zh_TW")
    finally:
        monkeypatch.undo()
        i18n.translator.cache_clear()


def test_listeners_hear_each_change_of_language():
    set_language("zh_TW")
    heard = []
    listener = i18n.on_language_change(heard.append)
    try:
        set_language("en")
        set_language("en")
        set_language("zh_TW")
    finally:
        i18n._listeners.remove(listener)
    assert heard == ["en", "zh_TW"]


def test_deferred_marker_leaves_the_english():
    assert i18n.N_("Today") == "Today"


def test_doctests():
    assert doctest.testmod(i18n).failed == 0
