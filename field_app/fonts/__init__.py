"""The app's one font, Latin and Traditional Chinese: paths for Kivy to register (no Kivy here).

Kivy has no font fallback, so every label uses this font:
`LabelBase.register(FONT_NAME, fn_regular=str(REGULAR), fn_bold=str(BOLD))`. The files are a
subset of Noto Sans CJK TC made by `tools/make_app_font.py` (README.md, OFL.txt).
"""

from pathlib import Path

FONT_DIR = Path(__file__).parent
FONT_NAME = "NotoSansTC"
REGULAR = FONT_DIR / "NotoSansTC-Regular.otf"
BOLD = FONT_DIR / "NotoSansTC-Bold.otf"
LICENCE = FONT_DIR / "OFL.txt"
