"""Build the field app's font: Noto Sans CJK TC, subset to what an inspector's screens show.

    .venv/bin/python tools/make_app_font.py

Kivy has no font fallback, so one font must draw both Latin and Chinese. This takes the
Traditional Chinese face (number 3; face 0 has Japanese glyph forms) of the Noto Sans CJK
collections in Debian's `fonts-noto-cjk` package (SIL OFL 1.1) and keeps:

- Latin (Basic, Latin-1, Extended-A), Greek, and the punctuation, currency, arrows, maths and
  shapes blocks; CJK punctuation and the full-width forms;
- Big5 level 1: the 5,401 common hanzi (Big5 0xA440–0xC67E) and the Big5 symbols
  (0xA140–0xA3BF) without bopomofo;
- every character of the app's catalogs (`field_app/locale/*/LC_MESSAGES/*.po`), of the app's
  own source (symbols such as ✓), of the demo seed's place and people names
  (`server/demo/`) and of the domain's rule and record texts (`domain/`).

It writes `field_app/fonts/NotoSansTC-{Regular,Bold}.otf` and `field_app/fonts/OFL.txt`.
Run it again after the translations change: a catalog character the source face lacks stops
the build. The build needs the Debian package and fontTools (dev extras); the app only reads
the `.otf` files, which are committed. The output is reproducible (the source's timestamps
are kept).
"""

import argparse
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "field_app" / "fonts"
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
TRADITIONAL_CHINESE_FACE = 3
WEIGHTS = ("Regular", "Bold")
#: The upstream notice (github.com/notofonts/noto-cjk, Sans/LICENSE).
COPYRIGHT = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
OFL_PREAMBLE = (
    "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
    "This license is copied below, and is also available with a FAQ at:\n"
    "https://openfontlicense.org"
)

#: Unicode blocks kept whole, as far as the face has them.
BLOCKS = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x0370, 0x03FF),  # Greek
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x218F),  # Letterlike Symbols, Number Forms (℃, Ⅰ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (≤ ≥ ± −)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (① …)
    (0x2500, 0x25FF),  # Box Drawing, Block Elements, Geometric Shapes
    (0x2600, 0x27BF),  # Miscellaneous Symbols, Dingbats (⚠ ✓)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)
BOPOMOFO = range(0x3100, 0x3130)
BIG5_SYMBOLS = (0xA140, 0xA3BF)
BIG5_LEVEL_1 = (0xA440, 0xC67E)
BIG5_TRAILS = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
#: Text the screens show besides the catalogs: (folder, file patterns).
TEXT_SOURCES = (
    ("field_app", ("*.py", "*.kv")),
    ("server/demo", ("*.py",)),
    ("domain", ("*.py", "*.json")),
)


def big5_characters(first, last):
    """The characters of the Big5 codes `first`..`last` (two bytes: lead, trail)."""
    characters = set()
    for lead in range(first >> 8, (last >> 8) + 1):
        for trail in BIG5_TRAILS:
            if first <= (lead << 8 | trail) <= last:
                try:
                    characters.add(bytes((lead, trail)).decode("big5"))
                except UnicodeDecodeError:
                    continue  # an unassigned code
    return characters


def block_characters():
    """Latin, punctuation and symbols: every code point of BLOCKS."""
    return {chr(code) for first, last in BLOCKS for code in range(first, last + 1)}


def catalog_characters(locale_dir=ROOT / "field_app" / "locale"):
    """Every character of every msgid and msgstr of the app's catalogs."""
    characters = set()
    for path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with open(path, "rb") as fileobj:
            for message in read_po(fileobj):
                for text in (*_strings(message.id), *_strings(message.string)):
                    characters.update(text)
    return characters


def source_characters():
    """The non-ASCII characters of TEXT_SOURCES (place names, people, rule texts, symbols)."""
    characters = set()
    for folder, patterns in TEXT_SOURCES:
        for pattern in patterns:
            for path in sorted((ROOT / folder).rglob(pattern)):
                characters.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F)
    return characters


def wanted_characters():
    """What the font should draw, as (required from the catalogs, wanted from the rest)."""
    required = {c for c in catalog_characters() if c.isprintable()}
    wanted = block_characters() | big5_characters(*BIG5_LEVEL_1)
    wanted |= {c for c in big5_characters(*BIG5_SYMBOLS) if ord(c) not in BOPOMOFO}
    wanted |= {c for c in source_characters() if c.isprintable()}
    return required, wanted - required


def subset_options():
    """fontTools subsetting options: keep the names, hints and an outlined .notdef (a
    missing glyph shows as a box, not as nothing); keep only kerning of the layout features.

    Kivy draws each character's default glyph, so the glyphs that only OpenType substitutions
    reach (the other regions' forms behind `locl`, vertical forms) would double the file.
    """
    options = Options()
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["vhea", "vmtx", "VORG"]  # no vertical text in the app
    return options


def make_face(weight, required, wanted):
    """Subset the Traditional Chinese face of `weight`; returns (font, characters missing)."""
    source = NOTO_DIR / f"NotoSansCJK-{weight}.ttc"
    font = TTFont(source, fontNumber=TRADITIONAL_CHINESE_FACE, recalcTimestamp=False)
    cmap = font.getBestCmap()
    missing_required = sorted(c for c in required if ord(c) not in cmap)
    if missing_required:
        raise SystemExit(
            f"{source.name} face {TRADITIONAL_CHINESE_FACE} has no glyph for catalog "
            f"characters {''.join(missing_required)!r} "
            f"({', '.join(f'U+{ord(c):04X}' for c in missing_required)}); change the translation"
        )
    keep = [ord(c) for c in required | wanted if ord(c) in cmap]
    subsetter = Subsetter(subset_options())
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    unmapped = {c for c in source_characters() if c.isprintable() and ord(c) not in cmap}
    return font, sorted(unmapped)


def licence_text():
    """The OFL 1.1 text from the Debian package, under the upstream copyright notice."""
    text = DEBIAN_COPYRIGHT.read_text(encoding="utf-8")
    start = text.index("License: SIL-1.1\n ---")
    lines = text[start:].splitlines()[1:]
    body = []
    for line in lines:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    return f"{COPYRIGHT}\n\n{OFL_PREAMBLE}\n\n" + "\n".join(body).strip("\n") + "\n"


def build(weights=WEIGHTS, out_dir=OUT_DIR):
    """Write the fonts and the licence; returns {path: (bytes, glyph count)}."""
    required, wanted = wanted_characters()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for weight in weights:
        font, unmapped = make_face(weight, required, wanted)
        path = out_dir / f"NotoSansTC-{weight}.otf"
        font.save(path)
        written[path] = (path.stat().st_size, len(font.getGlyphOrder()), len(font.getBestCmap()))
        if unmapped:
            print(f"{weight}: no glyph in the source for {''.join(unmapped)!r}", file=sys.stderr)
    (out_dir / "OFL.txt").write_text(licence_text(), encoding="utf-8")
    return written


def _strings(value):
    if not value:
        return ()
    return value if isinstance(value, tuple | list) else (value,)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", nargs="+", default=list(WEIGHTS), choices=WEIGHTS)
    args = parser.parse_args(argv)
    for path, (size, glyphs, characters) in build(args.weights).items():
        print(f"{path.relative_to(ROOT)}: {size / 1e6:.2f} MB, {glyphs} glyphs, {characters} chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())
