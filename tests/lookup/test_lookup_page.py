"""`/lookup`: the form, the answer, the one "not found", escaping, language, and QR codes."""

import pytest

from server.lookup.qr import lookup_url, qr_image
from tests.lookup.conftest import CODE, NUMBER, OFFICE_PHONE, personal_values

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def page(client):
    """`page(address="10.0.0.1", headers=None, **query)` → the lookup page's answer."""

    def get(address="10.0.0.1", headers=None, **query):
        environ = {"REMOTE_ADDR": address}
        return client.get("/lookup", query_string=query, environ_base=environ, headers=headers)

    return get


def text_of(response):
    assert response.content_type == "text/html; charset=utf-8"
    return response.get_data(as_text=True)


def test_the_form_is_in_traditional_chinese_by_default(page):
    html = text_of(page())
    assert '<html lang="zh-Hant-TW">' in html and "申請案號" in html and "查詢碼" in html
    assert 'name="number"' in html and 'name="code"' in html and 'name="viewport"' in html


def test_english_by_query_or_by_the_browsers_language(page):
    assert "Application number" in text_of(page(lang="en"))
    assert "Application number" in text_of(page(headers={"Accept-Language": "en-US,en"}))
    assert "申請案號" in text_of(page(lang="zh_TW", headers={"Accept-Language": "en"}))


def test_the_answer_shows_stage_date_window_and_the_office(public_world, page):
    answer = page(number=NUMBER, code=CODE)
    html = text_of(answer)
    assert answer.status_code == 200
    assert 'data-stage="scheduled"' in html and "已排定" in html
    assert "2030-01-01（民國119年）星期二" in html and "09:00–11:00" in html
    assert f'href="tel:{OFFICE_PHONE}"' in html and "基隆" in html


def test_the_english_answer(public_world, page):
    html = text_of(page(number=NUMBER, code=CODE, lang="en"))
    assert "Scheduled" in html and "Tue 1 Jan 2030" in html and "Keelung" in html


def test_a_wrong_code_and_an_unknown_number_get_the_same_page(public_world, page):
    wrong_code = page(number=NUMBER, code="000000")
    unknown = page(number="APP-999", code=CODE)
    assert wrong_code.status_code == unknown.status_code == 404
    same_form = text_of(wrong_code).replace(NUMBER, "N").replace("000000", "C")
    assert same_form == text_of(unknown).replace("APP-999", "N").replace(CODE, "C")
    assert "查無此申請案號與查詢碼的案件" in same_form


def test_the_page_shows_nothing_personal(public_world, page):
    html = text_of(page(number=NUMBER, code=CODE))
    assert [v for v in personal_values(public_world, typed=[CODE]) if v in html] == []


def test_a_malformed_code_is_named(page):
    answer = page(number=NUMBER, code="!")
    assert answer.status_code == 422 and "查詢碼為 4 至 12 個英文字母或數字" in text_of(answer)


@pytest.mark.parametrize("code", [CODE, SCRIPT])
def test_what_the_visitor_typed_is_escaped(public_world, page, code):
    html = text_of(page(number=SCRIPT, code=code))
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_too_many_lookups_is_a_page_with_retry_after(public_world, page):
    for n in range(10):
        page(number=NUMBER, code=f"{n:06d}")
    answer = page(number=NUMBER, code=CODE, lang="en")
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "60"
    assert "Too many lookups: try again in 60 s." in text_of(answer)


def test_the_page_runs_no_script_and_is_kept_private(page):
    headers = page().headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "form-action 'self'" in policy and "img-src 'self'" in policy
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(("kind", "content_type"), [("svg", "image/svg+xml"), ("png", "image/png")])
def test_the_qr_code_opens_the_page_with_number_and_code(client, kind, content_type):
    answer = client.get(f"/lookup/qr.{kind}", query_string={"number": NUMBER, "code": CODE})
    assert answer.status_code == 200 and answer.content_type == content_type
    assert answer.data == qr_image(lookup_url("http://localhost/", NUMBER, CODE), kind)


def test_the_qr_code_points_at_the_public_address_when_one_is_set(app, client):
    app.config["PUBLIC_BASE_URL"] = "https://verify.example.org"
    answer = client.get("/lookup/qr.svg", query_string={"number": NUMBER, "code": CODE})
    expected = "https://verify.example.org/lookup?number=APP-1&amp;code=7Q4K9X"
    assert expected in answer.get_data(as_text=True)  # the SVG's title is its address


def test_a_qr_code_of_a_malformed_query_is_refused(client):
    answer = client.get("/lookup/qr.svg", query_string={"number": NUMBER, "code": SCRIPT})
    assert answer.status_code == 422 and answer.content_type.startswith("text/html")
    assert client.get("/lookup/qr.gif", query_string={"number": NUMBER}).status_code == 404


def test_a_qr_code_is_not_a_lookup(client, public_world, app):
    """Drawn for any well-formed number, known or not, and counted against no limit."""
    app.config["LOOKUP_MAX_PER_ADDRESS"] = 1
    for number in (NUMBER, "APP-404", "APP-405"):
        answer = client.get("/lookup/qr.png", query_string={"number": number, "code": CODE})
        assert answer.status_code == 200
