"""The field app's translations in one command: extract, update and compile the catalogs.

    .venv/bin/python tools/catalogs.py           # extract → update zh_TW and en → compile .mo
    .venv/bin/python tools/catalogs.py --check   # change nothing; exit 1 if a file is stale

How to add or change a translation:

1. Write the words in English in the code: `_("Sync now")` in `.py`, and in `.kv` after
   `#:import _ field_app.i18n._`; plurals as `ngettext("{n} check", "{n} checks", n)`;
   words defined before a language is chosen as `N_("...")`, translated later with `_()`.
   Put values in `{named}` placeholders (`_("Due {date}").format(date=...)`), never
   concatenate pieces of a sentence.
2. Run this command. It extracts every string from `field_app/` (`babel.cfg`) into
   `field_app/locale/field_app.pot`, adds new strings to each language's
   `field_app/locale/<lang>/LC_MESSAGES/field_app.po` with an empty translation, keeps the
   translations of strings no longer used as `#~` comments, and compiles the `.mo` files.
3. Fill every empty `msgstr` in `zh_TW/.../field_app.po` (keep each `{placeholder}`). The `en`
   catalog may stay empty: an empty msgstr shows the English msgid.
4. Run this command again to compile. If a translation uses a character the app's font lacks,
   `tests/field_app/test_font.py` fails: run `tools/make_app_font.py` to rebuild the font.
5. Commit the `.pot`, `.po` and `.mo` files: the app reads the compiled `.mo` and has no
   build step. `tests/field_app/test_i18n.py` fails while any string is untranslated, fuzzy
   or not compiled.

Nothing is guessed: new strings are never pre-filled from similar ones (no fuzzy matching),
and a file is rewritten only when its messages change, not for a new timestamp.
"""

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "field_app"
MAPPING = ROOT / "babel.cfg"
LOCALE_DIR = APP_DIR / "locale"
DOMAIN = "field_app"
LANGUAGES = ("zh_TW", "en")
PROJECT = "Verifield field app"
HEADER = {
    "project": PROJECT,
    "version": "1",
    "copyright_holder": "Verifield",
    "language_team": "Verifield",
    "charset": "utf-8",
    "fuzzy": False,
}
HEADER_COMMENT = (
    "# The field app's words{language}.\n"
    "# Made by tools/catalogs.py from the _() calls in field_app/ (see babel.cfg);\n"
    "# translate here, then run tools/catalogs.py to compile.\n#"
)
#: Header lines that change on every run without any message changing.
VOLATILE_HEADERS = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:')


def template_path():
    """Where the extracted template lives."""
    return LOCALE_DIR / f"{DOMAIN}.pot"


def po_path(language):
    """The translations of `language`."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language):
    """The compiled translations of `language`, which the app reads."""
    return po_path(language).with_suffix(".mo")


def extract(source_dir=APP_DIR, mapping=MAPPING):
    """Every translatable string in `source_dir` as a template catalog (no translations)."""
    with open(mapping, encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj, str(mapping))
    template = Catalog(header_comment=HEADER_COMMENT.format(language=""), **HEADER)
    found = extract_from_dir(source_dir, method_map, options_map, strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        where = (Path(source_dir).name + "/" + filename.replace("\\", "/"), lineno)
        template.add(message, None, [where], auto_comments=comments, context=context)
    return template


def updated(template, existing, language):
    """`existing` (a language's catalog, or None for a new one) brought up to `template`."""
    catalog = existing or Catalog(
        locale=language,
        domain=DOMAIN,
        header_comment=HEADER_COMMENT.format(language=f" in {language}"),
        **HEADER,
    )
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    return catalog


def po_bytes(catalog):
    """The `.po`/`.pot` text of `catalog`: files named without line numbers, so that moving
    code does not rewrite the catalogs."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog):
    """The compiled `.mo` of `catalog` (untranslated strings left out: they show the msgid)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def read_catalog(path, language=None):
    """The catalog stored at `path`, or None when there is none yet."""
    if not path.exists():
        return None
    with open(path, "rb") as fileobj:
        return read_po(fileobj, locale=language, domain=DOMAIN)


def _stable(text):
    return [line for line in text.splitlines() if not line.startswith(VOLATILE_HEADERS)]


def write_if_changed(path, content, *, check, volatile_ok):
    """Write `content` to `path` unless it holds the same; True if it differed."""
    old = path.read_bytes() if path.exists() else None
    same = old == content or (volatile_ok and old is not None and _stable(old) == _stable(content))
    if same:
        return False
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return True


def untranslated(catalog):
    """The msgids of `catalog` that have no translation (or a fuzzy one)."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def run(check=False):
    """Extract, update and compile; returns the paths that changed (or would change)."""
    template = extract()
    changed = []
    if write_if_changed(template_path(), po_bytes(template), check=check, volatile_ok=True):
        changed.append(template_path())
    for language in LANGUAGES:
        catalog = updated(template, read_catalog(po_path(language), language), language)
        text = po_bytes(catalog)
        if write_if_changed(po_path(language), text, check=check, volatile_ok=True):
            changed.append(po_path(language))
        compiled = mo_bytes(read_po(io.BytesIO(text), locale=language, domain=DOMAIN))
        if write_if_changed(mo_path(language), compiled, check=check, volatile_ok=False):
            changed.append(mo_path(language))
    return template, changed


def report(template, changed, check):
    """Print what was done and what is left for the translator."""
    print(f"{len(template)} strings in {template_path().relative_to(ROOT)}")
    verb = "stale" if check else "written"
    for path in changed:
        print(f"{verb}: {path.relative_to(ROOT)}")
    for language in LANGUAGES[:1]:  # the default language must translate everything
        missing = untranslated(read_catalog(po_path(language), language) or Catalog())
        if missing:
            print(f"{language}: {len(missing)} strings to translate in {po_path(language)}")
            for msgid in missing:
                print(f"  {msgid!r}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if any file is stale"
    )
    args = parser.parse_args(argv)
    template, changed = run(check=args.check)
    report(template, changed, args.check)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
