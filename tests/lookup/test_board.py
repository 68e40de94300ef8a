"""`/board`: an office's dispatch of today by place, with nothing the office would not publish."""

from datetime import timedelta

import pytest

from server.lookup.public_codes import ALPHABET, LENGTH, inspector_code
from tests.lookup.conftest import CODE, NUMBER, personal_values


def text_of(response):
    assert response.content_type == "text/html; charset=utf-8"
    return response.get_data(as_text=True)


@pytest.fixture
def board(client):
    """`board(code="KEELUNG", **query)` → the text of the office's board (200 asserted)."""

    def get(code="KEELUNG", **query):
        answer = client.get(f"/board/{code}", query_string=query)
        assert answer.status_code == 200
        return text_of(answer)

    return get


def test_todays_job_is_on_its_area_with_the_inspectors_code(public_world, board):
    html = board()
    code = inspector_code(public_world.a.inspector.user_id)
    assert "地點：基隆市仁愛區" in html
    assert NUMBER in html and code in html and "加油機檢查" in html and "09:30" in html
    assert "2030-01-01（民國119年）星期二" in html and "已排定" in html


def test_the_board_refreshes_itself(public_world, board, app):
    app.config["BOARD_REFRESH_SECONDS"] = 45
    assert '<meta http-equiv="refresh" content="45">' in board()


def test_the_board_in_english(public_world, board):
    html = board(lang="en")
    assert "Today&#39;s dispatch" in html and "Place: 基隆市仁愛區" in html and "Scheduled" in html


def test_the_board_shows_nothing_personal(public_world, board):
    html = board()
    assert [value for value in personal_values(public_world) if value in html] == []
    assert CODE not in html


def test_a_container_yard_is_named_and_its_name_escaped(public_world, board):
    name = "台基<script>alert(1)</script>貨櫃場"
    site = {"kind": "container_yard", "name": name}
    public_world.edit("sites", public_world.a.site["id"], site, actor=public_world.admin)
    html = board()
    assert "<script>alert(1)</script>" not in html
    assert "地點：台基&lt;script&gt;alert(1)&lt;/script&gt;貨櫃場" in html


def test_only_todays_uncancelled_jobs_of_the_office_are_shown(public_world, board, clock):
    world = public_world
    tomorrow = world.new_job(application_number="APP-TOMORROW")
    world.assign(tomorrow["id"], world.a.inspector, date="2030-01-02")
    cancelled = world.new_job(application_number="APP-CANCELLED", status="cancelled")
    world.assign(cancelled["id"], world.a.inspector, date="2030-01-01")
    b = world.b
    world.assign(b.job["id"], b.inspector, by=b.dispatcher, date="2030-01-01")
    html = board()
    assert NUMBER in html
    assert "APP-TOMORROW" not in html and "APP-CANCELLED" not in html and "APP-2" not in html
    assert "APP-2" in board("suao")  # office codes in any case


def test_a_reassigned_job_is_shown_once(public_world, board):
    world = public_world
    assignment = world.a.assignment
    world.edit("assignments", assignment["id"], {"planned_start": "2030-01-01T13:00:00+08:00"})
    html = board()
    assert html.count(NUMBER) == 1 and "13:00" in html and "09:30" not in html


def test_a_day_without_dispatch_says_so(public_world, board, clock):
    clock[0] += timedelta(days=3)
    assert 'id="empty"' in board()


def test_an_unknown_office_is_a_404_page_and_escaped(public_world, client):
    answer = client.get("/board/<b>NOPE")
    assert answer.status_code == 404
    html = text_of(answer)
    assert "查無此辦事處" in html and "<b>" not in html


def test_the_index_lists_every_office(public_world, client):
    html = text_of(client.get("/board"))
    assert 'href="/board/KEELUNG?lang=zh_TW"' in html and 'href="/board/SUAO?lang=zh_TW"' in html


def test_public_codes_are_stable_short_and_distinct():
    ids = [f"0190a0c2-6a7e-7c3e-9f00-{n:012d}" for n in range(500)]
    codes = [inspector_code(user_id) for user_id in ids]
    assert codes == [inspector_code(user_id) for user_id in ids]
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert len(set(codes)) == len(codes)
