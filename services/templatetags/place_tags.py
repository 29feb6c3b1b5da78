"""Dates of places to belong, written the way each site language writes a day."""

from django import template
from django.utils import translation
from django.utils.html import format_html

register = template.Library()

WEEKDAY_NAMES = {
    "ja": "月火水木金土日",
    "ja-easy": "月火水木金土日",
    "zh-hans": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    "ko": "월화수목금토일",
    "vi": ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def day_text(day, language=None):
    """「12月9日（水）」, "Wed 9 Dec", "12月9日（周三）", "12월 9일 (수)", "Thứ Tư, 9/12"."""
    language = language or translation.get_language() or "ja"
    names = WEEKDAY_NAMES.get(language, WEEKDAY_NAMES["en"])
    weekday = names[day.weekday()]
    if language in ("ja", "ja-easy"):
        return f"{day.month}月{day.day}日（{weekday}）"
    if language == "zh-hans":
        return f"{day.month}月{day.day}日（{weekday}）"
    if language == "ko":
        return f"{day.month}월 {day.day}일 ({weekday})"
    if language == "vi":
        return f"{weekday}, {day.day}/{day.month}"
    return f"{weekday} {day.day} {MONTHS_EN[day.month - 1]}"


@register.filter
def meeting_day(day):
    """A `<time>` element for a meeting day, machine-readable and in the reader's words."""
    if not day:
        return ""
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), day_text(day))
