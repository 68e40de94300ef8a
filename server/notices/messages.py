"""The words of every notice, in Traditional Chinese (the default) and English.

`render(kind, language, context, links)` makes a notice's subject, its e-mail body and its
SMS text from the snapshot stored with the notice (`sync.server.notice_outbox`) — so a resend
says exactly what the first send said. Times are shown in Taiwan time. Values people typed
(an applicant's name, an application number) go into plain text only, and a line break in
one cannot start a new header or line of the message.

    >>> context = {"application_number": "KL-20300101-0001", "lookup_code": "123456",
    ...            "kind": "taxi_meter_verification", "office_name_zh": "基隆分局",
    ...            "office_name_en": "Keelung", "window_start": "2030-01-01T09:00:00+08:00",
    ...            "window_end": "2030-01-01T17:00:00+08:00"}
    >>> render("job_received", "en", context, {"lookup_url": "http://x/lookup"}).subject
    'We received your application KL-20300101-0001'
    >>> render("job_received", "zh_TW", context, {"lookup_url": "http://x/lookup"}).subject
    '已收到您的申請 KL-20300101-0001'
"""

from dataclasses import dataclass
from datetime import date, datetime

from domain.notices import EN, ZH_TW, language_of
from server.planner.day import TAIPEI

JOB_KIND_LABELS = {
    ZH_TW: {
        "instrument_verification": "度量衡器檢定",
        "instrument_inspection": "度量衡器檢查",
        "taxi_meter_verification": "計程車計費表檢定",
        "fuel_dispenser_inspection": "加油機檢查",
        "fuel_sampling": "油品抽樣",
        "free_home_instrument_check": "家用度量衡器免費檢查",
        "market_audit": "市場稽查",
        "accident_visit": "事故訪查",
        "firm_visit": "業者訪視",
        "import_sampling": "輸入商品取樣檢驗",
    },
    EN: {
        "instrument_verification": "instrument verification",
        "instrument_inspection": "instrument inspection",
        "taxi_meter_verification": "taxi meter verification",
        "fuel_dispenser_inspection": "fuel dispenser inspection",
        "fuel_sampling": "fuel sampling",
        "free_home_instrument_check": "free check of a household instrument",
        "market_audit": "market audit",
        "accident_visit": "accident visit",
        "firm_visit": "firm visit",
        "import_sampling": "import sampling and testing",
    },
}

INSTRUMENT_LABELS = {
    ZH_TW: {
        "nawi": "非自動衡器",
        "fuel_dispenser": "加油機",
        "water_meter": "水量計",
        "electricity_meter": "電度表",
        "gas_meter_diaphragm": "膜式氣量計",
        "taximeter": "計程車計費表",
        "sphygmomanometer": "血壓計",
        "ir_ear_thermometer": "耳溫槍",
        "personal_scale": "體重計",
    },
    EN: {
        "nawi": "non-automatic weighing instrument",
        "fuel_dispenser": "fuel dispenser",
        "water_meter": "water meter",
        "electricity_meter": "electricity meter",
        "gas_meter_diaphragm": "diaphragm gas meter",
        "taximeter": "taximeter",
        "sphygmomanometer": "sphygmomanometer",
        "ir_ear_thermometer": "infrared ear thermometer",
        "personal_scale": "personal scale",
    },
}

STATUS_LABELS = {
    ZH_TW: {
        "requested": "已受理",
        "scheduled": "已排程",
        "dispatched": "已派遣",
        "in_progress": "檢驗中",
        "done": "已完成",
        "cancelled": "已取消",
        "needs_review": "待複核",
    },
    EN: {
        "requested": "received",
        "scheduled": "scheduled",
        "dispatched": "dispatched",
        "in_progress": "in progress",
        "done": "done",
        "cancelled": "cancelled",
        "needs_review": "awaiting review",
    },
}

_SIGNATURE = {
    ZH_TW: "經濟部標準檢驗局 {office_name_zh}{office_phone_zh}",
    EN: "Bureau of Standards, Metrology and Inspection, {office_name_en}{office_phone_en}",
}
_LOOKUP = {
    ZH_TW: "查詢進度：{lookup_url}（申請編號 {application_number}，查詢碼 {lookup_code}）",
    EN: "Check progress at {lookup_url} (application {application_number}, code {lookup_code})",
}

#: kind → language → (subject, body, SMS text); the body is followed by the signature.
TEMPLATES = {
    "job_received": {
        ZH_TW: (
            "已收到您的申請 {application_number}",
            "{greeting_zh}我們已收到您的{kind_label}申請（申請編號 {application_number}），"
            "將儘快安排日期。\n希望的時段：{window}\n{lookup}",
            "標準檢驗局已收到您的申請 {application_number}（{kind_label}）。{lookup}",
        ),
        EN: (
            "We received your application {application_number}",
            "{greeting_en}We received your application {application_number} for "
            "{kind_label} and will schedule it soon.\nYour window: {window}\n{lookup}",
            "BSMI received application {application_number} ({kind_label}). {lookup}",
        ),
    },
    "job_scheduled": {
        ZH_TW: (
            "申請 {application_number} 已排定日期",
            "{greeting_zh}您的{kind_label}（申請編號 {application_number}）已排定於 {scheduled}"
            "，檢驗人員將於時段內到場。\n{lookup}",
            "申請 {application_number} 已排定於 {scheduled}。{lookup}",
        ),
        EN: (
            "Application {application_number} is scheduled",
            "{greeting_en}Your {kind_label} (application {application_number}) is scheduled "
            "for {scheduled}; an inspector will come within that time.\n{lookup}",
            "Application {application_number} is scheduled for {scheduled}. {lookup}",
        ),
    },
    "job_in_progress": {
        ZH_TW: (
            "申請 {application_number} 檢驗人員已到場",
            "{greeting_zh}檢驗人員已開始進行您的{kind_label}（申請編號 {application_number}）。"
            "\n{lookup}",
            "申請 {application_number}：檢驗人員已開始作業。",
        ),
        EN: (
            "Application {application_number}: the inspector has started",
            "{greeting_en}The inspector has started your {kind_label} "
            "(application {application_number}).\n{lookup}",
            "Application {application_number}: the inspector has started.",
        ),
    },
    "job_done": {
        ZH_TW: (
            "申請 {application_number} 已完成",
            "{greeting_zh}您的{kind_label}（申請編號 {application_number}）已完成。"
            "如有疑問請來電洽詢。\n{lookup}",
            "申請 {application_number} 已完成。",
        ),
        EN: (
            "Application {application_number} is done",
            "{greeting_en}Your {kind_label} (application {application_number}) is done. "
            "Call us with any question.\n{lookup}",
            "Application {application_number} is done.",
        ),
    },
    "reverification_due": {
        ZH_TW: (
            "{instrument_label} {serial} 將於 {due_date} 到期，請申請檢定",
            "{firm_name} 您好：\n貴單位位於 {site_name}（{site_address}）的{instrument_label}"
            "（器號 {serial}）檢定合格有效期限至 {due_date}，請於到期前申請重新檢定。",
            "{instrument_label} {serial} 檢定將於 {due_date} 到期，請申請重新檢定。",
        ),
        EN: (
            "{instrument_label} {serial} falls due for re-verification on {due_date}",
            "Dear {firm_name},\nThe {instrument_label} (serial {serial}) at {site_name} "
            "({site_address}) is verified until {due_date}. Please apply for its "
            "re-verification before then.",
            "{instrument_label} {serial} falls due for re-verification on {due_date}.",
        ),
    },
    "job_overdue": {
        ZH_TW: (
            "逾期未完成：{application_number}（{kind_label}）",
            "申請 {application_number}（{kind_label}，{site_name}）的時段已於 {window_end} 結束，"
            "目前狀態為 {status}，尚未完成。",
            "逾期未完成：{application_number}",
        ),
        EN: (
            "Overdue: {application_number} ({kind_label})",
            "The window of application {application_number} ({kind_label}, {site_name}) "
            "ended {window_end}; the job is {status}, not done.",
            "Overdue: {application_number}",
        ),
    },
}


@dataclass(frozen=True)
class Rendered:
    """A notice in words: the subject and body of its e-mail, and its SMS text."""

    subject: str
    body: str
    sms: str


class _Blank(dict):
    """Template values: a field the snapshot lacks prints as empty, never as a KeyError."""

    def __missing__(self, key):
        return ""


def _one_line(value):
    return " ".join(str(value).split()) if value is not None else ""


def _local(moment):
    return datetime.fromisoformat(moment).astimezone(TAIPEI)


def when(start, end=None):
    """A time or a window in Taiwan time, e.g. `2030-01-01 09:00–17:00`.

    >>> when("2030-01-01T01:00:00+00:00", "2030-01-01T09:00:00+00:00")
    '2030-01-01 09:00–17:00'
    """
    if not start:
        return ""
    first = _local(start)
    text = f"{first:%Y-%m-%d %H:%M}"
    if end:
        last = _local(end)
        text += f"–{last:%H:%M}" if last.date() == first.date() else f" – {last:%Y-%m-%d %H:%M}"
    return text


def _scheduled(context):
    if context.get("planned_start"):
        return when(context["planned_start"])
    if context.get("scheduled_date"):
        return date.fromisoformat(context["scheduled_date"]).isoformat()
    return when(context.get("window_start"), context.get("window_end"))


def _values(language, context, links):
    values = _Blank({key: _one_line(value) for key, value in context.items()})
    values.update({key: _one_line(value) for key, value in links.items()})
    name = values["applicant_name"]
    values["greeting_zh"] = f"{name} 您好：\n" if name else "您好：\n"
    values["greeting_en"] = f"Dear {name},\n" if name else "Hello,\n"
    values["kind_label"] = JOB_KIND_LABELS[language].get(context.get("kind"), values["kind"])
    values["instrument_label"] = INSTRUMENT_LABELS[language].get(
        context.get("instrument_type"), values["instrument_type"]
    )
    values["status"] = STATUS_LABELS[language].get(context.get("status"), values["status"])
    values["window"] = when(context.get("window_start"), context.get("window_end"))
    values["window_end"] = when(context.get("window_end"))
    values["scheduled"] = _scheduled(context)
    phone = values["office_phone"]
    values["office_phone_zh"] = f"　電話 {phone}" if phone else ""
    values["office_phone_en"] = f", phone {phone}" if phone else ""
    has_lookup = values["lookup_url"] and values["application_number"] and values["lookup_code"]
    values["lookup"] = _LOOKUP[language].format_map(values) if has_lookup else ""
    return values


def render(kind, language, context, links):
    """The words of a notice of `kind` in `language` (unknown: the default) from `context`
    (its snapshot) and `links` (e.g. `lookup_url`)."""
    language = language_of(language)
    subject, body, sms = TEMPLATES[kind][language]
    values = _values(language, context, links)
    signature = _SIGNATURE[language].format_map(values)
    text = body.format_map(values).rstrip()
    return Rendered(
        subject=subject.format_map(values),
        body=f"{text}\n\n{signature}\n",
        sms=sms.format_map(values).strip(),
    )
