"""Every string the console shows exists in both languages."""

import re
from pathlib import Path

from server.web import language, messages

WEB = Path(language.__file__).parent
CALL = re.compile(r"""(?:\b_|\bgettext)\(\s*(["'])(.+?)\1""", re.S)
#: Coded prefixes, completed at run time (`kind:` + a job kind...).
CODED = ("kind:", "status:", "warning:", "lock:", "change:", "role:", "type:", "skill:")


def strings_used():
    found = set()
    for path in [*WEB.glob("*.py"), *WEB.glob("templates/console/*.html")]:
        found |= {match.group(2) for match in CALL.finditer(path.read_text())}
    return found - set(CODED)


def test_every_string_has_its_traditional_chinese():
    used = strings_used()
    assert len(used) > 60
    assert sorted(used - set(messages.ZH_TW)) == []


def test_every_coded_name_has_both_languages():
    for key, (english, chinese) in messages.CODED.items():
        assert key.startswith(CODED) and english and chinese
        assert language.translate(key, "en") == english
        assert language.translate(key, "zh_TW") == chinese


def test_every_job_kind_status_and_checker_rule_is_named():
    from domain.job_states import JobStatus
    from domain.records.vocabulary import INSTRUMENT_TYPES, JOB_KINDS, SKILLS

    names = set(messages.CODED)
    assert {f"kind:{kind}" for kind in JOB_KINDS} <= names
    assert {f"status:{status.value}" for status in JobStatus} <= names
    assert {f"type:{kind}" for kind in INSTRUMENT_TYPES} <= names
    assert all(f"type:{skill}" in names or f"skill:{skill}" in names for skill in SKILLS)
    rules = ("window", "travel", "skill", "equipment", "team", "lock", "shift", "crew", "seats")
    assert {f"warning:{rule}" for rule in rules} <= names


def test_every_planner_reason_has_its_chinese_with_the_same_values():
    from domain.planning.reasons import SENTENCES

    assert set(messages.REASONS_ZH) == set(SENTENCES)
    for code, english in SENTENCES.items():
        names = set(re.findall(r"{(\w+)}", english))
        assert set(re.findall(r"%\((\w+)\)s", messages.REASONS_ZH[code])) == names, code


def test_every_change_of_a_proposal_has_its_chinese_with_the_same_values():
    from domain.planning.changes import SENTENCES

    assert set(messages.CHANGES_ZH) == set(SENTENCES)
    for kind, english in SENTENCES.items():
        names = set(re.findall(r"{(\w+)}", english))
        assert set(re.findall(r"%\((\w+)\)s", messages.CHANGES_ZH[kind])) == names, kind
