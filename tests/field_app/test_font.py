"""The app's font draws every character it is asked to: each translated string, the office and
place names of the seed, the common hanzi (Big5 level 1), the symbols the screens use; it is
the Traditional Chinese face, small, with a visible box for a missing glyph, and its licence
ships beside it. Read with fontTools; no Kivy."""

import pytest
from babel.messages.pofile import read_po
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from field_app import fonts
from field_app.i18n import LANGUAGES
from tools import catalogs

FONT_FILES = (fonts.REGULAR, fonts.BOLD)
SAMPLES = (
    "基隆 五堵 蘇澳 馬祖 宜蘭 連江 南竿 汐止 七堵 暖暖",
    "民國元年 民國115年12月2日 週一 週二 週三 週四 週五 週六 週日 今天 明天 昨天",
    "合格 不合格 草稿 已送出 同步 檢定 檢查 封印 貼紙 備註 簽名 照片",
    "衡器 加油機 水量計 電度表 氣量計 計程車計費表 血壓計 耳溫槍 體重計",
    "「」（）：，。、；！？…—–·",
    "09:00–10:30 ±0.5 % ≤ ≥ × ℃ °C µ Ω Δ ✓ ◌ ⚠ ! → NT$ 1,234.5",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 @#&*_-+=/\\|<>[]{}~^`'\"",
)
SEED_FILES = ("server/demo/places.py", "server/demo/people.py")


@pytest.fixture(scope="module", params=FONT_FILES, ids=lambda path: path.stem)
def cmap(request):
    return TTFont(request.param, lazy=True).getBestCmap()


def missing(cmap, texts):
    return sorted({c for text in texts for c in text if c.isprintable() and ord(c) not in cmap})


def catalog_texts(language):
    with open(catalogs.po_path(language), "rb") as fileobj:
        for message in read_po(fileobj):
            for value in (message.id, message.string):
                yield from value if isinstance(value, tuple) else (value or "",)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_of_the_catalogs_has_a_glyph(cmap, language):
    lacking = missing(cmap, catalog_texts(language))
    assert not lacking, f"no glyph for {''.join(lacking)!r}: run tools/make_app_font.py"


def test_the_sample_strings_have_glyphs(cmap):
    assert not missing(cmap, SAMPLES)


def test_the_seed_place_and_people_names_have_glyphs(cmap):
    from tools.make_app_font import ROOT

    texts = [(ROOT / name).read_text(encoding="utf-8") for name in SEED_FILES]
    assert not missing(cmap, ["".join(c for t in texts for c in t if ord(c) > 0x7F)])


def test_every_common_hanzi_of_big5_level_1_has_a_glyph(cmap):
    level_1 = [
        bytes((lead, trail)).decode("big5")
        for lead in range(0xA4, 0xC7)
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
        if (lead << 8 | trail) <= 0xC67E
    ]
    assert len(level_1) == 5401
    assert not missing(cmap, level_1)


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda path: path.stem)
def test_it_is_the_traditional_chinese_face(path):
    names = TTFont(path, lazy=True)["name"]
    assert names.getDebugName(1) == "Noto Sans CJK TC"
    assert "Open Font License" in names.getDebugName(13)


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda path: path.stem)
def test_the_font_stays_small(path):
    assert path.stat().st_size < 4_000_000  # the whole face is 16 MB


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda path: path.stem)
def test_a_missing_glyph_shows_as_a_box(path):
    font = TTFont(path, lazy=True)
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[".notdef"].draw(pen)
    assert pen.bounds is not None


def test_the_licence_and_how_it_was_made_ship_with_it():
    licence = fonts.LICENCE.read_text(encoding="utf-8")
    assert licence.startswith("Copyright 2014-2021 Adobe (http://www.adobe.com/)")
    assert "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007" in licence
    assert 'THE FONT SOFTWARE IS PROVIDED "AS IS"' in licence
    readme = (fonts.FONT_DIR / "README.md").read_text(encoding="utf-8")
    assert "tools/make_app_font.py" in readme and "fonts-noto-cjk" in readme
