"""Dates and times as the office writes them: the ROC year in Chinese, 24-hour Taiwan time.

Taiwanese government offices count years of the Republic of China (民國), Gregorian year −
1911, and call year 1 (1912) 元年: 民國115年12月2日, short 115/12/02, weekday 週三. English
reads "Wed 2 Dec 2026" (Babel, locale en). Times are 24-hour Taiwan time (UTC+08:00, no daylight
saving since 1979) in both languages: 09:00, and a window 09:00–10:30.

Records store moments as ISO 8601 with an offset (`2030-01-01T09:00:00+08:00`) and days as
`YYYY-MM-DD`; every function takes those strings or `date`/`datetime` objects, reads a naive
moment as Taiwan time (as the record schemas do) and shows it in Taiwan time. `language` is one
of `field_app.i18n.LANGUAGES`; None means the app's current language. No Kivy here.

>>> from datetime import date
>>> format_day(date(2026, 12, 2), "zh_TW"), format_day(date(2026, 12, 2), "en")
('民國115年12月2日 週三', 'Wed 2 Dec 2026')
>>> format_date("2026-12-02", "zh_TW"), format_date("2026-12-02", "en")
('115/12/02', '2 Dec 2026')
>>> format_window("2030-01-01T09:00:00+08:00", "2030-01-01T02:30:00Z")
'09:00–10:30'
>>> format_roc_date(date(1912, 1, 1))
'民國元年1月1日'
"""

import datetime as dt

from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names

from domain.records.base import TAIWAN_TIME, parse_datetime
from field_app.i18n import N_, translator
from field_app.i18n import language as current_language

ROC_OFFSET = 1911
WINDOW_DASH = "–"  # an en dash, no spaces: 09:00–10:30
#: Headings for the days next to today, by the number of days from today.
NEAR_DAYS = {-1: N_("Yesterday"), 0: N_("Today"), 1: N_("Tomorrow")}
ZH_WEEKDAYS = dict(get_day_names("abbreviated", locale="zh_TW"))  # 0 (Monday) → 週一
EN_DAY = "EEE d MMM y"
EN_DAY_OF_YEAR = "EEE d MMM"
EN_DATE = "d MMM y"
EN_MONTH_DAY = "d MMM"


def roc_year(year):
    """The ROC (民國) year of Gregorian `year`; the office's dates start with 民國元年 (1912).

    >>> roc_year(2026), roc_year(1912)
    (115, 1)
    """
    if year < ROC_OFFSET + 1:
        raise ValueError(f"year {year} is before the ROC calendar (民國元年 is 1912)")
    return year - ROC_OFFSET


def roc_year_text(year):
    """The ROC year of `year` as written in a date: its number, and 元 for year 1.

    >>> roc_year_text(2026), roc_year_text(1912), roc_year_text(1913)
    ('115', '元', '2')
    """
    number = roc_year(year)
    return "元" if number == 1 else str(number)


def format_roc_date(day):
    """`day` in full with its ROC year: 民國115年12月2日."""
    day = as_date(day)
    return f"民國{roc_year_text(day.year)}年{day.month}月{day.day}日"


def format_date(day, language=None):
    """A date in a list or a sentence: 115/12/02 in Chinese, 2 Dec 2026 in English.

    >>> format_date("1912-01-05", "zh_TW")
    '1/01/05'
    """
    day = as_date(day)
    if _language(language) == "zh_TW":
        return f"{roc_year(day.year)}/{day.month:02d}/{day.day:02d}"
    return babel_format_date(day, EN_DATE, locale="en")


def format_day(day, language=None):
    """A day in full with its weekday: 民國115年12月2日 週三, Wed 2 Dec 2026."""
    day = as_date(day)
    if _language(language) == "zh_TW":
        return f"{format_roc_date(day)} {ZH_WEEKDAYS[day.weekday()]}"
    return babel_format_date(day, EN_DAY, locale="en")


def format_day_heading(day, today, language=None):
    """The heading of a day's group of jobs, seen on `today`.

    Yesterday, today and tomorrow are named; the year is left out within this year.

    >>> from datetime import date
    >>> today = date(2026, 12, 2)
    >>> format_day_heading(today, today, "zh_TW"), format_day_heading(today, today, "en")
    ('今天 · 12月2日 週三', 'Today · Wed 2 Dec')
    >>> format_day_heading(date(2026, 12, 3), today, "zh_TW")
    '明天 · 12月3日 週四'
    >>> format_day_heading(date(2026, 12, 4), today, "en")
    'Fri 4 Dec'
    >>> format_day_heading(date(2027, 1, 8), today, "zh_TW")
    '民國116年1月8日 週五'
    """
    day, today, language = as_date(day), as_date(today), _language(language)
    if day.year != today.year:
        label = format_day(day, language)
    elif language == "zh_TW":
        label = f"{day.month}月{day.day}日 {ZH_WEEKDAYS[day.weekday()]}"
    else:
        label = babel_format_date(day, EN_DAY_OF_YEAR, locale="en")
    near = NEAR_DAYS.get((day - today).days)
    return f"{translator(language).gettext(near)} · {label}" if near else label


def format_time(moment):
    """The Taiwan time of `moment`, 24-hour: 09:00.

    >>> format_time("2030-01-01T01:05:00+00:00")
    '09:05'
    """
    return as_local(moment).strftime("%H:%M")


def format_window(start, end, language=None):
    """A time window: 09:00–10:30 within a day; with the days when it spans more than one.

    >>> format_window("2030-01-01T09:00:00+08:00", "2030-01-03T17:00:00+08:00", "en")
    '1 Jan 09:00–3 Jan 17:00'
    >>> format_window("2030-01-01T09:00:00+08:00", "2030-01-03T17:00:00+08:00", "zh_TW")
    '1/1 09:00–1/3 17:00'
    """
    start, end = as_local(start), as_local(end)
    if end < start:
        raise ValueError(
            f"the window ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )
    if start.date() == end.date():
        return f"{format_time(start)}{WINDOW_DASH}{format_time(end)}"
    language = _language(language)
    first, last = (_month_day(m.date(), language, m.year != start.year) for m in (start, end))
    return f"{first} {format_time(start)}{WINDOW_DASH}{last} {format_time(end)}"


def format_moment(moment, language=None):
    """A moment with its date, e.g. the last sync: 115/12/02 09:00, 2 Dec 2026 09:00."""
    local = as_local(moment)
    return f"{format_date(local.date(), language)} {format_time(local)}"


def as_local(moment):
    """`moment` (ISO 8601 text or a datetime) as an aware datetime in Taiwan time."""
    if isinstance(moment, str):
        try:
            moment = parse_datetime(moment)
        except ValueError:
            raise ValueError(
                f"not a date and time: {moment!r}; expected ISO 8601 such as "
                "'2030-01-01T09:00:00+08:00'"
            ) from None
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"expected a datetime or ISO 8601 text, got {type(moment).__name__}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TAIWAN_TIME)
    return moment.astimezone(TAIWAN_TIME)


def as_date(day):
    """`day` as a date: a date, `YYYY-MM-DD`, or a moment (its date in Taiwan time)."""
    if isinstance(day, dt.datetime):
        return as_local(day).date()
    if isinstance(day, dt.date):
        return day
    if isinstance(day, str) and len(day) == len("YYYY-MM-DD"):
        try:
            return dt.date.fromisoformat(day)
        except ValueError:
            raise ValueError(
                f"not a date: {day!r}; expected YYYY-MM-DD such as '2030-01-01'"
            ) from None
    return as_local(day).date()


def _month_day(day, language, with_year):
    if language == "zh_TW":
        text = f"{day.month}/{day.day}"
        return f"{roc_year(day.year)}/{text}" if with_year else text
    return babel_format_date(day, EN_DATE if with_year else EN_MONTH_DAY, locale="en")


def _language(language):
    language = current_language() if language is None else language
    translator(language)  # an unknown language is an error here too
    return language
