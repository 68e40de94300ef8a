"""Debian's headless Chromium for the browser tests, and where their screenshots go.

`.ci/apt-packages` installs `chromium`; a machine without it fails these tests (they are
never skipped). Playwright's own browser download is not used.
"""

import contextlib
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"


@contextlib.contextmanager
def chromium():
    """A launched headless Chromium, closed when the block ends."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
