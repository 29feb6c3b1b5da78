"""Dates of places to belong, written the way each site language writes a day."""

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


def day_text(day, language=None):
    """「12月9日（水）」, "Wed 9 Dec", "12月9日（周三）", "12월 9일 (수)", "Thứ Tư, 9/12" (portal/formats)."""
    with translation.override(language or translation.get_language() or "ja"):
        return date_format(day, "MEETING_DAY_FORMAT")


@register.filter
def meeting_day(day):
    """A `<time>` element for a meeting day, machine-readable and in the reader's words."""
    if not day:
        return ""
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), day_text(day))
