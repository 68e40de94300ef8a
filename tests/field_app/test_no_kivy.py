"""The app's plain parts — view-models, sign-in, settings, the sync worker, words and dates,
photos and signatures — import no Kivy, so they run without a window and in this process."""

import subprocess
import sys

PLAIN_MODULES = (
    "field_app.account",
    "field_app.context",
    "field_app.dates",
    "field_app.i18n",
    "field_app.photos",
    "field_app.profile",
    "field_app.signature",
    "field_app.worker",
    "field_app.viewmodels.today",
    "field_app.viewmodels.job",
    "field_app.viewmodels.sync_view",
    "field_app.viewmodels.check_form",
    "field_app.viewmodels.accident_form",
    "field_app.viewmodels.firm_visit_form",
    "field_app.viewmodels.instrument_form",
)


def test_the_plain_parts_of_the_app_import_no_kivy():
    probe = "import sys\n" + "".join(f"import {m}\n" for m in PLAIN_MODULES)
    probe += "print(sorted(m for m in sys.modules if m.split('.')[0] == 'kivy'))"
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"
