"""The tablet app's plain parts are tested in English unless a test says otherwise; the
language the app had is restored after each test."""

import pytest

from field_app.i18n import language, set_language


@pytest.fixture(autouse=True)
def english():
    before = language()
    set_language("en")
    yield
    set_language(before)
