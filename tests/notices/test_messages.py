"""Every notice reads well in Traditional Chinese and in English."""

import email
import re
from email import policy

import pytest

from domain.notices import LANGUAGES, NOTICE_KINDS
from domain.records.vocabulary import INSTRUMENT_TYPES, JOB_KINDS
from server.notices.mail import build_message
from server.notices.messages import INSTRUMENT_LABELS, JOB_KIND_LABELS, TEMPLATES, render

CONTEXT = {
    "application_number": "KL-20300101-0001",
    "lookup_code": "123456",
    "applicant_name": "王小明",
    "kind": "taxi_meter_verification",
    "status": "scheduled",
    "window_start": "2030-01-01T09:00:00+08:00",
    "window_end": "2030-01-01T17:00:00+08:00",
    "scheduled_date": "2030-01-01",
    "planned_start": "2030-01-01T10:30:00+08:00",
    "office_name_zh": "基隆分局",
    "office_name_en": "Keelung",
    "office_phone": "02-2423-0000",
    "serial": "TX-1",
    "instrument_type": "taximeter",
    "due_date": "2030-01-31",
    "site_name": "大安車行",
    "site_address": "基隆市仁愛區愛一路1號",
    "firm_name": "大安車行",
}
LINKS = {"lookup_url": "https://office.example.org/lookup"}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", NOTICE_KINDS)
def test_every_kind_renders_completely_in_both_languages(kind, language):
    words = render(kind, language, CONTEXT, LINKS)
    for text in (words.subject, words.body, words.sms):
        assert text and "{" not in text and "}" not in text
    assert bool(CJK.search(words.subject)) == (language == "zh_TW")
    assert ("基隆分局" if language == "zh_TW" else "Keelung") in words.body


def test_every_kind_has_both_languages_and_every_job_kind_a_label():
    assert set(TEMPLATES) == set(NOTICE_KINDS)
    assert all(set(TEMPLATES[kind]) == set(LANGUAGES) for kind in TEMPLATES)
    assert all(set(JOB_KIND_LABELS[language]) == set(JOB_KINDS) for language in LANGUAGES)
    assert all(set(INSTRUMENT_LABELS[language]) == set(INSTRUMENT_TYPES) for language in LANGUAGES)


def test_times_are_shown_in_taiwan_time_and_the_schedule_is_the_planned_start():
    words = render("job_scheduled", "en", CONTEXT, LINKS)
    assert "2030-01-01 10:30" in words.subject + words.body
    received = render(
        "job_received",
        "zh_TW",
        {**CONTEXT, "window_start": "2030-01-01T01:00:00Z", "window_end": "2030-01-01T09:00:00Z"},
        LINKS,
    )
    assert "2030-01-01 09:00–17:00" in received.body


def test_the_lookup_line_carries_number_and_code():
    words = render("job_received", "zh_TW", CONTEXT, LINKS)
    assert "https://office.example.org/lookup" in words.body
    assert "KL-20300101-0001" in words.sms and "123456" in words.sms


def test_an_unknown_language_falls_back_to_traditional_chinese():
    assert render("job_done", "fr", CONTEXT, LINKS) == render("job_done", "zh_TW", CONTEXT, LINKS)


def test_a_line_break_typed_into_a_value_cannot_add_a_header():
    context = {**CONTEXT, "application_number": "KL-1\r\nBcc: someone@example.org"}
    words = render("job_received", "en", context, LINKS)
    message = build_message("n1", "notices@example.org", "a@example.org", "en", words)
    sent = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    assert sent["Bcc"] is None
    assert sent["Subject"] == "We received your application KL-1 Bcc: someone@example.org"


def test_a_missing_value_prints_as_nothing():
    words = render("job_received", "en", {"application_number": "KL-1"}, {})
    assert words.subject == "We received your application KL-1"
    assert "Check progress" not in words.body  # no code: no lookup line
