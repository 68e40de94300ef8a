"""`Tablet`: the real app built headless, driven through its screens, and photographed.

`Tablet(data_dir)` builds `FieldApp` into the off-screen window without running its loop;
`frames()` lets Kivy lay out and draw; `show(name, **params)` opens a screen the way the app
does; `tap(widget)` presses and releases it like a finger; `type_into(input, text)` types.
`screenshot(name)` writes the current screen to `test-artifacts/screens/<name>.png` and
checks that it is neither blank nor showing text the app's font has no glyph for.
"""

import time
from pathlib import Path

from fontTools.ttLib import TTFont
from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from PIL import Image, ImageStat

from field_app.app import FieldApp
from field_app.fonts import REGULAR

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
TABLET_SIZE = (1280, 800)
_CMAP = {}


class Tablet:
    """The app on a tablet whose user data folder is `data_dir`."""

    def __init__(self, data_dir, *, size=TABLET_SIZE, **app_options):
        Window.size = size
        app_options.setdefault("sync_in_background", False)
        self.app = FieldApp(data_dir=str(data_dir), **app_options)
        self.app._run_prepare()
        self.frames()

    @property
    def ctx(self):
        return self.app.ctx

    @property
    def screen(self):
        return self.app.manager.current_screen

    def frames(self, n=4):
        """Let Kivy run `n` turns of its loop (layout, clock callbacks, drawing)."""
        for _ in range(n):
            EventLoop.idle()

    def show(self, name, **params):
        screen = self.app.go(name, **params)
        self.frames()
        return screen

    def tap(self, widget):
        """A finger's press and release on the middle of `widget`."""
        x, y = widget.to_window(widget.center_x, widget.center_y)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.frames()

    def type_into(self, text_input, text):
        """Replace what `text_input` holds by `text`, as typing would (its events fire)."""
        text_input.focus = True
        text_input.text = ""
        self.frames(1)  # a new input lays out its (empty) lines first
        text_input.insert_text(text)
        assert text_input.text == text, f"typed {text!r}, the field shows {text_input.text!r}"
        self.frames(2)

    def wait_for_sync(self, runs=1, timeout=20.0):
        """Let the app's sync worker finish `runs` runs (its results reach the screen)."""
        deadline = time.monotonic() + timeout
        worker = self.ctx.worker
        while worker is None or worker.runs < runs or self.ctx.sync_engine().status().running:
            assert time.monotonic() < deadline, "the sync worker did not finish in time"
            time.sleep(0.05)
            self.frames(1)
            worker = self.ctx.worker
        self.frames()
        return self.app.sync_status

    def rotate(self, size):
        """Turn the tablet: the window takes `size`."""
        Window.size = size
        self.frames(6)

    def screenshot(self, name):
        """Write the current screen to the artifacts folder and check it is readable."""
        self.frames()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.screen.export_to_png(str(path))
        assert_not_blank(path)
        assert_glyphs_present(self.screen)
        return path

    def close(self):
        self.screen.dispatch("on_leave")  # as when the app goes away: forms save their drafts
        self.app.on_stop()
        Window.remove_widget(self.app.root)
        self.frames(1)


def assert_not_blank(path):
    """A screen with content has several colours and visible contrast."""
    image = Image.open(path).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16)
    distinct = len(colours) if colours is not None else 1 << 16
    spread = max(ImageStat.Stat(image).stddev)
    assert distinct > 8 and spread > 10, f"{path.name} looks blank ({distinct} colours)"


def texts_on(widget):
    """Every text the widget tree shows (labels, buttons, inputs and their hints)."""
    found = []
    for node in widget.walk(restrict=True):
        for attribute in ("text", "hint_text"):
            value = getattr(node, attribute, None)
            if isinstance(value, str) and value.strip():
                found.append(value)
        data = getattr(node, "data", None)
        if isinstance(data, list):  # a recycled list: the rows not drawn count too
            found.extend(v for item in data for v in item.values() if isinstance(v, str))
    return found


def missing_glyphs(texts):
    """Characters of `texts` the app's font cannot draw (Kivy would show empty boxes)."""
    if "cmap" not in _CMAP:
        _CMAP["cmap"] = set(TTFont(str(REGULAR), fontNumber=0).getBestCmap())
    cmap = _CMAP["cmap"]
    return sorted({ch for text in texts for ch in text if not ch.isspace() and ord(ch) not in cmap})


def assert_glyphs_present(widget):
    missing = missing_glyphs(texts_on(widget))
    assert not missing, f"no glyph in the app's font for {''.join(missing)!r}"
