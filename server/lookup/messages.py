"""Every word the public pages say, in Traditional Chinese (the default) and English.

`MESSAGES` maps a key to its `(zh_TW, en)` texts; `texts(lang)` is the dict a page renders
with. `choose_language` takes `?lang=` first, then the browser's `Accept-Language`, then
Traditional Chinese. Dates are written the way each reader expects: the Minguo year and
weekday in Chinese, day month year in English.

    >>> from datetime import date
    >>> format_date(date(2026, 12, 2), "zh_TW")
    '2026-12-02（民國115年）星期三'
    >>> format_date(date(2026, 12, 2), "en")
    'Wed 2 Dec 2026'
"""

LANGUAGES = ("zh_TW", "en")
DEFAULT_LANGUAGE = "zh_TW"
#: The `lang` value of each language's link, and the name it is offered under.
LANGUAGE_NAMES = {"zh_TW": "中文", "en": "English"}

MESSAGES = {
    "html_lang": ("zh-Hant-TW", "en"),
    "lookup_title": ("申請案件查詢", "Application lookup"),
    "lookup_intro": (
        "請輸入通知單上的申請案號與查詢碼。",
        "Enter the application number and the lookup code printed on your notice.",
    ),
    "application_number": ("申請案號", "Application number"),
    "lookup_code": ("查詢碼", "Lookup code"),
    "submit": ("查詢", "Look up"),
    "not_found": (
        "查無此申請案號與查詢碼的案件，請核對通知單上的兩者。",
        "No application with this number and code. Check both on your notice.",
    ),
    "bad_number": (
        "申請案號為 1 至 40 個字元。",
        "The application number is 1 to 40 characters.",
    ),
    "bad_code": (
        "查詢碼為 4 至 12 個英文字母或數字。",
        "The lookup code is 4 to 12 letters or digits.",
    ),
    "too_many": (
        "查詢次數過多，請於 {seconds} 秒後再試。",
        "Too many lookups: try again in {seconds} s.",
    ),
    "too_many_title": ("查詢次數過多", "Too many lookups"),
    "stage": ("進度", "Stage"),
    "scheduled_date": ("排定日期", "Scheduled date"),
    "window": ("預計到達時段", "Expected arrival"),
    "not_scheduled_yet": (
        "尚未排定，排定後將通知您。",
        "Not scheduled yet: you will be told once it is.",
    ),
    "office": ("承辦單位", "Office"),
    "phone": ("電話", "Phone"),
    "address": ("地址", "Address"),
    "call_office": (
        "如有疑問，請致電承辦單位。",
        "Questions? Call the office.",
    ),
    "another_lookup": ("查詢其他案件", "Look up another application"),
    "language": ("語言", "Language"),
    "stage_received": ("已收件", "Received"),
    "stage_scheduled": ("已排定", "Scheduled"),
    "stage_in_progress": ("檢驗中", "In progress"),
    "stage_done": ("已完成", "Done"),
    "stage_under_review": ("審核中", "Under review"),
    "stage_cancelled": ("已取消", "Cancelled"),
    "note_under_review": (
        "本案正由承辦單位審核，如有需要將與您聯絡。",
        "The office is reviewing this application and will contact you if needed.",
    ),
    "note_cancelled": (
        "本案已取消，如有疑問請致電承辦單位。",
        "This application was cancelled. Call the office if this is unexpected.",
    ),
    "board_title": ("今日派驗公告", "Today's dispatch"),
    "board_offices": ("電子公告欄", "Bulletin board"),
    "board_choose": ("請選擇辦事處：", "Choose an office:"),
    "board_intro": (
        "今日抽樣及檢驗派遣，依地點排列；每 {seconds} 秒自動更新。",
        "Today's sampling and inspection dispatch by place; refreshed every {seconds} s.",
    ),
    "board_empty": ("今日無派遣。", "No dispatch today."),
    "board_updated": ("更新時間", "Updated"),
    "board_place": ("地點：{name}", "Place: {name}"),
    "board_time": ("時間", "Time"),
    "board_kind": ("項目", "Work"),
    "board_inspector": ("檢驗員代號", "Inspector code"),
    "board_numbers": ("申請案號", "Application number"),
    "board_stage": ("狀態", "Status"),
    "board_elsewhere": ("轄區其他地點", "Elsewhere in the area"),
    "board_unknown_office": ("查無此辦事處。", "No such office."),
    "kind_instrument_verification": ("度量衡器檢定", "Instrument verification"),
    "kind_instrument_inspection": ("度量衡器檢查", "Instrument inspection"),
    "kind_taxi_meter_verification": ("計程車計費表檢定", "Taximeter verification"),
    "kind_fuel_dispenser_inspection": ("加油機檢查", "Fuel dispenser inspection"),
    "kind_fuel_sampling": ("油品抽樣", "Fuel sampling"),
    "kind_free_home_instrument_check": ("家用量具免費檢查", "Free home instrument check"),
    "kind_market_audit": ("市場稽查", "Market audit"),
    "kind_accident_visit": ("事故訪查", "Accident visit"),
    "kind_firm_visit": ("業者訪查", "Firm visit"),
    "kind_import_sampling": ("輸入商品抽樣", "Import sampling"),
}

WEEKDAYS_ZH = "一二三四五六日"
#: The year of the Republic of China calendar (民國) is the Gregorian year less this.
MINGUO_OFFSET = 1911


def texts(lang):
    """`{key: text}` of every message in `lang` (one of `LANGUAGES`)."""
    index = LANGUAGES.index(lang)
    return {key: pair[index] for key, pair in MESSAGES.items()}


def _as_language(value):
    """`zh_TW` or `en` for a language tag such as `zh-TW`, `zh_tw`, `zh-Hant`, `en-GB`."""
    tag = (value or "").strip().lower().replace("_", "-")
    if tag.startswith("zh"):
        return "zh_TW"
    if tag.startswith("en"):
        return "en"
    return None


def choose_language(request):
    """The language of a request: `?lang=`, else `Accept-Language`, else `zh_TW`."""
    asked = _as_language(request.args.get("lang"))
    if asked:
        return asked
    best = request.accept_languages.best_match(["zh-TW", "zh", "en"])
    return _as_language(best) or DEFAULT_LANGUAGE


def format_date(day, lang):
    """A date as people read it in `lang` (see the module's examples)."""
    if lang == "zh_TW":
        return (
            f"{day.isoformat()}（民國{day.year - MINGUO_OFFSET}年）星期{WEEKDAYS_ZH[day.weekday()]}"
        )
    return f"{day:%a} {day.day} {day:%b %Y}"


def format_window(start, end):
    """An arrival window as `09:00–11:00` (local times)."""
    return f"{start:%H:%M}–{end:%H:%M}"


def kind_label(kind, lang):
    """The public name of a job kind in `lang` (the kind itself if unknown)."""
    pair = MESSAGES.get(f"kind_{kind}")
    return pair[LANGUAGES.index(lang)] if pair else kind


def stage_key(stage):
    """The message key of a stage's name."""
    return f"stage_{stage}"
