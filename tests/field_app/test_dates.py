"""Dates as the office writes them: the ROC year (民國, 元年 for 1912) and Chinese weekdays in
Chinese, "Wed 2 Dec 2026" in English, 24-hour Taiwan time from moments stored with any offset."""

import doctest
from datetime import UTC, date, datetime, timedelta

import pytest

from field_app import dates
from field_app.dates import (
    format_date,
    format_day,
    format_day_heading,
    format_moment,
    format_roc_date,
    format_time,
    format_window,
    roc_year,
    roc_year_text,
)
from field_app.i18n import language, set_language

WEDNESDAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def keep_language():
    before = language()
    yield
    set_language(before)


def test_the_roc_year_is_the_gregorian_year_less_1911():
    assert [roc_year(y) for y in (1912, 1949, 2011, 2026)] == [1, 38, 100, 115]


def test_year_one_of_the_republic_is_written_yuan():
    assert roc_year_text(1912) == "元" and roc_year_text(1913) == "2"
    assert format_roc_date(date(1912, 1, 1)) == "民國元年1月1日"
    assert format_day(date(1912, 1, 1), "zh_TW") == "民國元年1月1日 週一"


def test_a_year_before_the_republic_is_refused():
    with pytest.raises(
        ValueError, match=r"year 1911 is before the ROC calendar \(民國元年 is 1912\)"
    ):
        roc_year(1911)


def test_a_day_in_full():
    assert format_day(WEDNESDAY, "zh_TW") == "民國115年12月2日 週三"
    assert format_day(WEDNESDAY, "en") == "Wed 2 Dec 2026"
    assert format_day("2027-01-03", "zh_TW") == "民國116年1月3日 週日"


def test_a_short_date():
    assert format_date(WEDNESDAY, "zh_TW") == "115/12/02"
    assert format_date("2026-03-07", "zh_TW") == "115/03/07"
    assert format_date("2026-03-07", "en") == "7 Mar 2026"


def test_the_current_language_is_the_default():
    set_language("zh_TW")
    assert format_date("2026-12-02") == "115/12/02"
    set_language("en")
    assert format_date("2026-12-02") == "2 Dec 2026"


def test_a_moment_gives_its_day_in_taiwan():
    late_utc = "2026-12-01T16:30:00+00:00"  # 00:30 on 2 December in Taipei
    assert format_date(late_utc, "zh_TW") == "115/12/02"


def test_day_headings_name_yesterday_today_and_tomorrow():
    headings = [
        format_day_heading(WEDNESDAY + timedelta(days=d), WEDNESDAY, "zh_TW") for d in (-1, 0, 1)
    ]
    assert headings == ["昨天 · 12月1日 週二", "今天 · 12月2日 週三", "明天 · 12月3日 週四"]
    english = [
        format_day_heading(WEDNESDAY + timedelta(days=d), WEDNESDAY, "en") for d in (-1, 0, 1)
    ]
    assert english == ["Yesterday · Tue 1 Dec", "Today · Wed 2 Dec", "Tomorrow · Thu 3 Dec"]


def test_other_days_show_weekday_and_date_with_the_year_only_in_another_year():
    assert format_day_heading(date(2026, 12, 7), WEDNESDAY, "zh_TW") == "12月7日 週一"
    assert format_day_heading(date(2026, 12, 7), WEDNESDAY, "en") == "Mon 7 Dec"
    new_year = format_day_heading(date(2027, 1, 1), date(2026, 12, 31), "zh_TW")
    assert new_year == "明天 · 民國116年1月1日 週五"
    assert (
        format_day_heading(date(2027, 1, 1), date(2026, 12, 31), "en")
        == "Tomorrow · Fri 1 Jan 2027"
    )


def test_times_are_taiwan_time_whatever_the_stored_offset():
    assert format_time("2030-01-01T09:00:00+08:00") == "09:00"
    assert format_time("2030-01-01T01:00:00Z") == "09:00"
    assert format_time(datetime(2030, 1, 1, 1, 5, tzinfo=UTC)) == "09:05"
    assert format_time("2030-01-01T09:30:00") == "09:30"  # naive reads as Taiwan, as records do


def test_a_window_within_a_day():
    window = format_window("2030-01-01T09:00:00+08:00", "2030-01-01T10:30:00+08:00")
    assert window == "09:00–10:30"


def test_a_window_stored_in_utc_is_shown_in_taiwan_time():
    assert format_window("2030-01-01T01:00:00+00:00", "2030-01-01T02:30:00+00:00") == "09:00–10:30"


def test_a_window_over_several_days_names_them():
    start, end = "2030-01-01T09:00:00+08:00", "2030-01-03T17:00:00+08:00"
    assert format_window(start, end, "zh_TW") == "1/1 09:00–1/3 17:00"
    assert format_window(start, end, "en") == "1 Jan 09:00–3 Jan 17:00"
    across_years = format_window("2030-12-31T20:00:00+08:00", "2031-01-01T02:00:00+08:00", "en")
    assert across_years == "31 Dec 20:00–1 Jan 2031 02:00"


def test_a_window_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends .* before it starts"):
        format_window("2030-01-01T10:00:00+08:00", "2030-01-01T09:00:00+08:00")


def test_a_moment_with_its_date():
    assert format_moment("2026-12-02T01:05:00Z", "zh_TW") == "115/12/02 09:05"
    assert format_moment("2026-12-02T01:05:00Z", "en") == "2 Dec 2026 09:05"


@pytest.mark.parametrize("bad", ["2030-13-01", "yesterday", "2030-01-01 25:00"])
def test_bad_text_is_refused_with_what_was_expected(bad):
    with pytest.raises(ValueError, match="expected"):
        format_date(bad, "en")


def test_a_value_that_is_no_date_at_all_is_refused():
    with pytest.raises(TypeError, match="expected a datetime or ISO 8601 text, got int"):
        format_time(20300101)


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'ja'"):
        format_day(WEDNESDAY, "ja")


def test_doctests():
    assert doctest.testmod(dates).failed == 0
