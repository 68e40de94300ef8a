"""Kivy's environment, set before Kivy is first imported: a window-less run for tests and
benchmarks (`headless()`), the app's own Kivy home, and no command-line parsing by Kivy.

Import this module, call `prepare()` (or `headless()`), then import Kivy.
"""

import os
import tempfile


def prepare(kivy_home=None):
    """Defaults for every run: Kivy leaves argv alone and logs through Python's logging."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    if kivy_home:
        os.environ["KIVY_HOME"] = str(kivy_home)


def headless(kivy_home=None):
    """Render off screen (SDL offscreen + Mesa): no display needed, screenshots still work;
    Kivy's config goes to a fresh folder unless one is given."""
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    if "KIVY_HOME" not in os.environ:
        kivy_home = kivy_home or tempfile.mkdtemp(prefix="kivy-home-")
    prepare(kivy_home)
